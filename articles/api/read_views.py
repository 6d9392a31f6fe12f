"""The public read API: published stories (plain JSON and ninjs 3.1), sections, authors, topics, photos.

Every story query starts from `Story.objects.published()`, the one visibility rule, and loads a page
in one query (`stories_for_api`); answers carry an ETag and Last-Modified and may be a 304.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from ninja import Path, Query, Router
from ninja.errors import HttpError
from taggit.models import Tag, TaggedItem

from articles.api.http import (
    BadCursor,
    decode_cursor,
    encode_cursor,
    not_modified,
    payload_etag,
    set_cache_headers,
)
from articles.api.ninjs import stories_for_api, story_ninjs
from articles.api.plain import author_plain, photo_plain, section_plain, story_plain, topic_plain
from articles.api.schemas import (
    AuthorOut,
    AuthorPage,
    NinjsPage,
    NinjsStory,
    PhotoOut,
    Problem,
    SectionList,
    SectionOut,
    StoryOut,
    StoryPage,
    TopicOut,
    TopicPage,
)
from articles.photos.models import Photo
from articles.stories.models import Author, Section, Story

read = Router(tags=["read"])

# What a slug may hold, and the largest key a database row can have: anything else is simply not
# there (a 404), never a query the database refuses (PostgreSQL rejects NUL and oversized integers).
SLUG = r"^[-a-zA-Z0-9_]{1,200}$"
LARGEST_KEY = 2**63 - 1

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
REFUSALS = {400: Problem, 404: Problem, 422: Problem}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _cached(request, response, payload: dict, *, last_modified: datetime | None):
    """The payload with its ETag and Last-Modified, or an empty 304 when the client's copy is current."""
    etag = payload_etag(payload)
    if not_modified(request, etag=etag, last_modified=last_modified):
        unchanged = HttpResponse(status=304)
        set_cache_headers(unchanged, etag=etag, last_modified=last_modified)
        return unchanged
    set_cache_headers(response, etag=etag, last_modified=last_modified)
    return payload


def _story_page(request, *, cursor: str | None, limit: int, filters: dict) -> tuple[list[Story], str | None]:
    """One page of published stories, newest first, and the cursor of the next page."""
    stories = stories_for_api(Story.objects.all()).published().filter(**filters)
    if cursor:
        try:
            published_at, pk = decode_cursor(cursor, length=2)
            published_at = parse_datetime(published_at)
            pk = int(pk)
            if not 0 <= pk <= LARGEST_KEY:
                raise ValueError(pk)
        except (BadCursor, TypeError, ValueError):
            raise HttpError(400, "This cursor is not one the API gave out; start again without it.") from None
        if published_at is None:
            raise HttpError(400, "This cursor is not one the API gave out; start again without it.")
        stories = stories.filter(Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk))
    rows = list(stories.order_by("-published_at", "-pk")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].published_at.isoformat(), rows[-1].pk])
    return rows, next_cursor


def _next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"


def _story_filters(section: str | None, topic: str | None, author: str | None) -> dict:
    filters = {}
    if section:
        filters["section__slug"] = section
    if topic:
        filters["tags__slug"] = topic
    if author:
        filters["authors__slug"] = author
    return filters


def _newest(stories: list[Story]) -> datetime | None:
    return max((story.updated_at for story in stories), default=None)


def _published_story(slug: str) -> Story:
    story = stories_for_api(Story.objects.all()).published().filter(slug=slug).first()
    if story is None:
        raise Http404("No published story has this slug.")
    return story


def _story_list(request, response, serialize, *, cursor, limit, filters):
    """One page of published stories in the form `serialize` writes (plain JSON or ninjs)."""
    stories, next_cursor = _story_page(request, cursor=cursor, limit=limit, filters=filters)
    base = _base_url(request)
    payload = {
        "items": [serialize(s, base_url=base) for s in stories],
        "next": _next_url(request, next_cursor),
    }
    return _cached(request, response, payload, last_modified=_newest(stories))


@read.get("/stories", response={200: StoryPage, **REFUSALS}, summary="Published stories, newest first")
def story_list(
    request,
    response: HttpResponse,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    section: str | None = None,
    topic: str | None = None,
    author: str | None = None,
):
    filters = _story_filters(section, topic, author)
    return _story_list(request, response, story_plain, cursor=cursor, limit=limit, filters=filters)


@read.get("/stories/{slug}", response={200: StoryOut, **REFUSALS}, summary="One published story")
def story_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    story = _published_story(slug)
    return _cached(
        request, response, story_plain(story, base_url=_base_url(request)), last_modified=story.updated_at
    )


@read.get(
    "/ninjs/stories",
    response={200: NinjsPage, **REFUSALS},
    exclude_none=True,
    by_alias=True,
    summary="Published stories as ninjs 3.1, newest first",
)
def ninjs_story_list(
    request,
    response: HttpResponse,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    section: str | None = None,
    topic: str | None = None,
    author: str | None = None,
):
    filters = _story_filters(section, topic, author)
    return _story_list(request, response, story_ninjs, cursor=cursor, limit=limit, filters=filters)


@read.get(
    "/ninjs/stories/{slug}",
    response={200: NinjsStory, **REFUSALS},
    exclude_none=True,
    by_alias=True,
    summary="One published story as ninjs 3.1",
)
def ninjs_story_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    story = _published_story(slug)
    payload = story_ninjs(story, base_url=_base_url(request))
    return _cached(request, response, payload, last_modified=story.updated_at)


@read.get("/sections", response={200: SectionList}, summary="Sections, in the site's navigation order")
def section_list(request, response: HttpResponse):
    base = _base_url(request)
    payload = {"items": [section_plain(section, base_url=base) for section in Section.objects.all()]}
    return _cached(request, response, payload, last_modified=None)


@read.get("/sections/{slug}", response={200: SectionOut, **REFUSALS}, summary="One section")
def section_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    section = get_object_or_404(Section, slug=slug)
    return _cached(request, response, section_plain(section, base_url=_base_url(request)), last_modified=None)


def _slug_page(queryset, *, cursor: str | None, limit: int):
    """A page of rows in slug order after the cursor's slug, and the next cursor."""
    if cursor:
        try:
            (after,) = decode_cursor(cursor, length=1)
            if not isinstance(after, str) or not re.fullmatch(SLUG, after):
                raise BadCursor(cursor)
        except BadCursor:
            raise HttpError(400, "This cursor is not one the API gave out; start again without it.") from None
        queryset = queryset.filter(slug__gt=after)
    rows = list(queryset.order_by("slug")[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], encode_cursor([rows[limit - 1].slug])
    return rows, None


@read.get("/authors", response={200: AuthorPage, **REFUSALS}, summary="Authors, by slug")
def author_list(
    request,
    response: HttpResponse,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    authors, next_cursor = _slug_page(Author.objects.with_portrait(), cursor=cursor, limit=limit)
    base = _base_url(request)
    payload = {
        "items": [author_plain(a, base_url=base) for a in authors],
        "next": _next_url(request, next_cursor),
    }
    return _cached(request, response, payload, last_modified=None)


@read.get("/authors/{slug}", response={200: AuthorOut, **REFUSALS}, summary="One author")
def author_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    author = get_object_or_404(Author.objects.with_portrait(), slug=slug)
    return _cached(request, response, author_plain(author, base_url=_base_url(request)), last_modified=None)


def _published_topics():
    """Topics of at least one published story (photo keywords are another model, never listed)."""
    taggings = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(Story),
        object_id__in=Story.objects.published().values("pk"),
    )
    return Tag.objects.filter(Exists(taggings))


@read.get("/topics", response={200: TopicPage, **REFUSALS}, summary="Topics of published stories, by slug")
def topic_list(
    request,
    response: HttpResponse,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    topics, next_cursor = _slug_page(_published_topics(), cursor=cursor, limit=limit)
    base = _base_url(request)
    payload = {
        "items": [topic_plain(t, base_url=base) for t in topics],
        "next": _next_url(request, next_cursor),
    }
    return _cached(request, response, payload, last_modified=None)


@read.get("/topics/{slug}", response={200: TopicOut, **REFUSALS}, summary="One topic")
def topic_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    topic = get_object_or_404(_published_topics(), slug=slug)
    return _cached(request, response, topic_plain(topic, base_url=_base_url(request)), last_modified=None)


@read.get("/photos/{photo_id}", response={200: PhotoOut, **REFUSALS}, summary="A photo of a published story")
def photo_detail(request, response: HttpResponse, photo_id: int = Path(..., ge=1, le=LARGEST_KEY)):
    """Only photos readers can see: in a published story, licence running; renditions, never the original."""
    published = Story.objects.published().values("pk")
    photos = (
        Photo.objects.usable()
        .filter(Q(lead_for_stories__in=published) | Q(placements__parent__in=published))
        .with_renditions()
        .distinct()
    )
    photo = get_object_or_404(photos, pk=photo_id)
    payload = photo_plain(photo, caption=photo.caption, base_url=_base_url(request))
    return _cached(request, response, payload, last_modified=photo.updated_at)
