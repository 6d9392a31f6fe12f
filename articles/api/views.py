"""The content API's routes (django-ninja): the public read API and the partner write API.

Reading starts from `Story.objects.published()`, the one visibility rule, and loads each page of
stories in one query (`stories_for_api`). Writing is `story_ingest` and `story_publish`, the
services the admin uses; the views only check tokens and scopes and translate refusals.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from taggit.models import Tag, TaggedItem

from articles.api.auth import ApiRefusal, PartnerToken
from articles.api.http import (
    BadCursor,
    decode_cursor,
    encode_cursor,
    not_modified,
    payload_etag,
    set_cache_headers,
)
from articles.api.ingest import IngestOutcome, IngestRefused, story_ingest
from articles.api.models import ApiToken, IngestedItem, Scope
from articles.api.ninjs import stories_for_api, story_ninjs
from articles.api.plain import author_plain, photo_plain, section_plain, story_plain, topic_plain
from articles.api.schemas import (
    AuthorOut,
    AuthorPage,
    IngestResultOut,
    NinjsItemIn,
    NinjsPage,
    NinjsStory,
    PhotoOut,
    Problem,
    PublishIn,
    SectionList,
    SectionOut,
    StoryOut,
    StoryPage,
    TopicOut,
    TopicPage,
)
from articles.photos.models import Photo
from articles.stories.models import Author, Section, Story
from articles.workflow.services import story_publish

api = NinjaAPI(
    title="Newsroom content API",
    version="1",
    description="Published stories as ninjs 3.1 and plain JSON; wire ingest for partners (docs/api.md).",
    urls_namespace="api",
    docs_url=None,  # the Swagger page loads scripts from a CDN; the schema is at openapi.json
)
read = Router(tags=["read"])
write = Router(tags=["ingest"], auth=PartnerToken())

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
REFUSALS = {400: Problem, 404: Problem, 422: Problem}
WRITE_REFUSALS = {
    **REFUSALS,
    401: Problem,
    403: Problem,
    409: Problem,
    413: Problem,
    429: Problem,
}


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
    stories, next_cursor = _story_page(
        request, cursor=cursor, limit=limit, filters=_story_filters(section, topic, author)
    )
    base = _base_url(request)
    payload = {
        "items": [story_plain(s, base_url=base) for s in stories],
        "next": _next_url(request, next_cursor),
    }
    return _cached(request, response, payload, last_modified=_newest(stories))


@read.get("/stories/{slug}", response={200: StoryOut, **REFUSALS}, summary="One published story")
def story_detail(request, response: HttpResponse, slug: str):
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
    stories, next_cursor = _story_page(
        request, cursor=cursor, limit=limit, filters=_story_filters(section, topic, author)
    )
    base = _base_url(request)
    payload = {
        "items": [story_ninjs(s, base_url=base) for s in stories],
        "next": _next_url(request, next_cursor),
    }
    return _cached(request, response, payload, last_modified=_newest(stories))


@read.get(
    "/ninjs/stories/{slug}",
    response={200: NinjsStory, **REFUSALS},
    exclude_none=True,
    by_alias=True,
    summary="One published story as ninjs 3.1",
)
def ninjs_story_detail(request, response: HttpResponse, slug: str):
    story = _published_story(slug)
    payload = story_ninjs(story, base_url=_base_url(request))
    return _cached(request, response, payload, last_modified=story.updated_at)


@read.get("/sections", response={200: SectionList}, summary="Sections, in the site's navigation order")
def section_list(request, response: HttpResponse):
    base = _base_url(request)
    payload = {"items": [section_plain(section, base_url=base) for section in Section.objects.all()]}
    return _cached(request, response, payload, last_modified=None)


@read.get("/sections/{slug}", response={200: SectionOut, **REFUSALS}, summary="One section")
def section_detail(request, response: HttpResponse, slug: str):
    section = get_object_or_404(Section, slug=slug)
    return _cached(request, response, section_plain(section, base_url=_base_url(request)), last_modified=None)


def _slug_page(queryset, *, cursor: str | None, limit: int):
    """A page of rows in slug order after the cursor's slug, and the next cursor."""
    if cursor:
        try:
            (after,) = decode_cursor(cursor, length=1)
        except BadCursor:
            raise HttpError(400, "This cursor is not one the API gave out; start again without it.") from None
        queryset = queryset.filter(slug__gt=str(after))
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
def author_detail(request, response: HttpResponse, slug: str):
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
def topic_detail(request, response: HttpResponse, slug: str):
    topic = get_object_or_404(_published_topics(), slug=slug)
    return _cached(request, response, topic_plain(topic, base_url=_base_url(request)), last_modified=None)


@read.get("/photos/{photo_id}", response={200: PhotoOut, **REFUSALS}, summary="A photo of a published story")
def photo_detail(request, response: HttpResponse, photo_id: int):
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


def _require_scope(token: ApiToken, scope: str) -> None:
    if not token.has_scope(scope):
        raise ApiRefusal(
            f"This token lacks the {scope} scope; ask the newsroom to add it.",
            status=403,
            code="scope_missing",
        )


def _result(outcome: IngestOutcome, *, status: str | None = None, message: str | None = None) -> dict:
    return {
        "status": status or outcome.status,
        "uri": outcome.item.uri,
        "version": outcome.item.version,
        "story_id": outcome.story.pk,
        "story_status": outcome.story.status,
        "admin_url": outcome.admin_url,
        "message": message or outcome.message,
    }


@write.post(
    "/items",
    response={200: IngestResultOut, 201: IngestResultOut, **WRITE_REFUSALS},
    summary="Send a ninjs item: a new draft story, a revision of it, or nothing when already received",
)
def item_ingest(request, item: NinjsItemIn):
    token: ApiToken = request.auth
    _require_scope(token, Scope.INGEST_DRAFT)
    outcome = story_ingest(
        item=item,
        user=token.user,
        token=token,
        section=token.section,
        allow_photos=token.has_scope(Scope.INGEST_PHOTOS),
    )
    return Status(201 if outcome.status == "created" else 200, _result(outcome))


@write.post(
    "/publish",
    response={200: IngestResultOut, **WRITE_REFUSALS},
    summary="Publish the story made from an item (editors' tokens with the publish scope)",
)
def item_publish(request, body: PublishIn):
    token: ApiToken = request.auth
    _require_scope(token, Scope.PUBLISH)
    known = IngestedItem.objects.select_related("story").filter(uri=body.uri).first()
    if known is None:
        raise Http404("No item with this uri was received.")
    try:
        story = story_publish(story=known.story, user=token.user)
    except PermissionDenied as error:
        raise ApiRefusal(str(error), status=403, code="not_allowed") from error
    except ValidationError as error:
        raise IngestRefused(
            "The story cannot be published yet: " + " ".join(error.messages),
            status=422 if getattr(error, "code", None) != "already_published" else 409,
            code="publish_refused",
            problems=error.messages,
        ) from error
    outcome = IngestOutcome("published", story, known)
    return Status(200, _result(outcome, message=f"Published “{story.headline}”."))


api.add_router("/", read)
api.add_router("/ingest", write)


def _problem(request, status: int, message: str, code: str, problems=(), headers=None):
    response = api.create_response(
        request, {"error": message, "code": code, "problems": list(problems)}, status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiRefusal)
def _refused(request, error: ApiRefusal):
    return _problem(request, error.status, error.message, error.code, headers=error.headers)


@api.exception_handler(IngestRefused)
def _ingest_refused(request, error: IngestRefused):
    return _problem(request, error.status, error.message, error.code, error.problems)


@api.exception_handler(RequestInvalid)
def _invalid(request, error: RequestInvalid):
    problems = [
        f"{'.'.join(str(part) for part in problem.get('loc', ())[1:]) or 'request'}: {problem.get('msg', '')}"
        for problem in error.errors
    ]
    return _problem(request, 422, "The request is not valid: " + "; ".join(problems), "invalid", problems)


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return _problem(
        request, error.status_code, str(error), "bad_request" if error.status_code == 400 else "refused"
    )


@api.exception_handler(Http404)
def _not_found(request, error: Http404):
    message = (
        str(error)
        if str(error) and "matches the given query" not in str(error)
        else "Nothing is published here."
    )
    return _problem(request, 404, message, "not_found")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, error):
    return _problem(request, 413, "The item is larger than Newsroom reads.", "too_large")
