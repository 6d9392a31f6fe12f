"""Stories, and the querysets that decide what readers see and what each page loads.

"Is this story public?" is answered by `StoryQuerySet.published()` and nowhere else.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from content_editor.models import Region
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.json_rows import JSONRow, instances_from_rows, json_rows, nested, row_fields
from articles.photos.models import (
    WHOLE_PICTURE,
    WHOLE_PICTURE_AND_SOCIAL,
    Photo,
    attach_renditions,
    rendition_rows,
)
from articles.reversed_urls import reverse_once
from articles.stories.models.authors import Author
from articles.stories.models.credits import Byline, Contribution, RelatedStory
from articles.stories.models.sections import Section

# Edits within this long after publication (typo fixes, a late photo) do not print "Updated".
UPDATE_GRACE = timedelta(minutes=10)


class StoryQuerySet(models.QuerySet):
    # "Is this story public?" is answered here and nowhere else. Every reader
    # surface starts from published(); now is read per call, never at import.

    def published(self, *, now=None) -> StoryQuerySet:
        """Stories readers may see: status Published and publication time reached.

        `now` is this moment unless given; a queryset built once and reused passes the database's `Now()`.
        """
        now = timezone.now() if now is None else now
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=now)

    def scheduled(self) -> StoryQuerySet:
        """Stories set to Published whose publication time is still in the future."""
        return self.filter(status=Story.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self) -> StoryQuerySet:
        """Stories still being written."""
        return self.filter(status=Story.Status.DRAFT)

    def submitted(self) -> StoryQuerySet:
        """Stories a reporter has submitted for an editor's review."""
        return self.filter(status=Story.Status.SUBMITTED)

    def unpublished(self) -> StoryQuerySet:
        """Stories taken off the site: readers get 410 Gone for them."""
        return self.filter(status=Story.Status.UNPUBLISHED)

    def using_photo(self, photo: Photo) -> StoryQuerySet:
        """Stories that show `photo` as their lead photo or inside their body."""
        return self.filter(Q(lead_photo=photo) | Q(stories_inlinephoto_set__photo=photo)).distinct()

    def tagged(self, topic: Tag) -> StoryQuerySet:
        """Stories with `topic`, as a semi-join the database can answer walking the newest stories first.

        Filtering on `tags=topic` joins every tagging of a popular topic and sorts them all; this
        checks each story in index order and stops at the page's last one.
        """
        taggings = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Story), object_id=OuterRef("pk"), tag=topic
        )
        return self.filter(Exists(taggings))

    def credited_to(self, author: Author) -> StoryQuerySet:
        """Stories `author` has a byline on or contributed to, each annotated `bylined` (False: contributed).

        Semi-joins, as in `tagged()`: the database walks the stories newest first and checks each,
        instead of joining two credit tables (and repeating a story credited both ways).
        """
        bylines = Byline.objects.filter(story=OuterRef("pk"), author=author)
        contributions = Contribution.objects.filter(story=OuterRef("pk"), author=author)
        return self.filter(Exists(bylines) | Exists(contributions)).annotate(bylined=Exists(bylines))

    def latest_per_section(self, count: int) -> StoryQuerySet:
        """At most `count` stories of each section, newest first, in one query that never sorts the archive.

        For each rank 0 … count-1 a subquery over the (few) sections picks each section's story of
        that rank with an index-backed `ORDER BY published_at DESC LIMIT 1 OFFSET rank`
        (story_section_published_idx); the stories are then fetched by primary key. The cost
        depends on the number of sections, not on the number of stories. Chain loading methods
        (`for_listing()`) after it, filters before it.
        """
        from articles.stories.models.sections import Section  # sections sit beside stories

        newest = self.filter(section=OuterRef("pk")).order_by("-published_at", "-pk").values("pk")
        by_rank = [
            Section.objects.order_by().annotate(story_pk=Subquery(newest[rank : rank + 1])).values("story_pk")
            for rank in range(count)
        ]
        if not by_rank:
            return self.none()
        # The outer query filters by primary key only (this queryset's filters are in the subqueries):
        # given its filters too, a planner may walk every published story to test membership.
        return self.model._default_manager.filter(pk__in=by_rank[0].union(*by_rank[1:], all=True))

    # Loading methods: what each kind of page prints, selected with the story rows themselves.
    # Related rows come along as JSON columns (articles/json_rows.py), read back by the Story
    # properties below, so a page costs the same few queries whatever its stories hold.

    def for_listing(self) -> StoryQuerySet:
        """What a list of story cards reads: section and the lead photo with its renditions.

        Also whether the lead photo's licence allows showing it, read by `lead_photo_for_readers`.
        A card prints the whole picture only, so only those renditions are loaded.
        """
        return self.select_related("section").with_lead_photo(crops=WHOLE_PICTURE)

    def with_lead_photo(self, *, crops: tuple[str, ...]) -> StoryQuerySet:
        """The lead photo and its renditions of `crops`, for `lead_photo_for_readers`."""
        return self.select_related("lead_photo").annotate(
            lead_rendition_rows=rendition_rows("lead_photo_id", crops=crops)
        )

    def with_bylines(self) -> StoryQuerySet:
        """Bylines in their set order, with authors, as `story.ordered_bylines`."""
        return self.annotate(byline_rows=_credit_rows(Byline))

    def with_topics(self) -> StoryQuerySet:
        """Topics in the order they were given, as `story.topics`."""
        return self.annotate(topic_rows=_topic_rows())

    def for_feed(self) -> StoryQuerySet:
        """What a feed item reads: the listing data plus bylines, topics and notes."""
        return self.for_listing().with_bylines().with_topics().annotate(note_rows=_note_rows())

    def for_detail(self) -> StoryQuerySet:
        """Everything the story page prints, in one query whatever the story holds.

        Related stories are limited to published ones here, so a draft never leaks
        through a link. The body blocks land in `story.body_blocks` in editor order.

        Building this query costs several times the CPU of running it, so the plain
        `Story.objects.for_detail()` the reader pages start from (filter it after) is built once
        per process and cloned for each request. It holds no Python clock: related stories are
        checked against the database's `Now()`, and licences in Python (`Photo.is_usable()`).
        """
        query = self.query
        plain = not (query.where or query.annotations or query.select_related or query.order_by)
        if plain and self._db is None and not query.is_sliced and not self._prefetch_related_lookups:
            return _story_page_queryset()._chain()
        return self._with_page_rows(now=None)

    def _with_page_rows(self, *, now) -> StoryQuerySet:
        from articles.stories.models.blocks import InlinePhoto, Quote, RichText  # blocks import Story

        block = ("id", "ordering")
        related = RelatedStory.objects.filter(related__in=Story.objects.published(now=now))
        section = JSONRow(**row_fields(Section, "related__section__", only=("name", "slug")))
        return (
            # The lead photo also gives the page its og:image: the whole picture plus the social crop.
            self.select_related("section")
            .with_bylines()
            .with_lead_photo(crops=WHOLE_PICTURE_AND_SOCIAL)
            .with_topics()
            .annotate(
                contribution_rows=_credit_rows(Contribution),
                note_rows=_note_rows(),
                related_rows=json_rows(
                    related,
                    parent="story",
                    row={
                        "position": "position",
                        "related": JSONRow(
                            **row_fields(Story, "related__", only=("headline", "slug")), section=section
                        ),
                    },
                ),
                text_rows=json_rows(
                    RichText.objects.filter(region="body"),
                    parent="parent",
                    row=row_fields(RichText, only=(*block, "text")),
                ),
                quote_rows=json_rows(
                    Quote.objects.filter(region="body"),
                    parent="parent",
                    row=row_fields(Quote, only=(*block, "quote", "attribution")),
                ),
                photo_rows=json_rows(
                    InlinePhoto.objects.filter(region="body"),
                    parent="parent",
                    row={
                        **row_fields(InlinePhoto, only=(*block, "caption")),
                        "photo": JSONRow(**row_fields(Photo, "photo__")),
                        "rendition_rows": nested(rendition_rows("photo_id")),
                    },
                ),
            )
        )


@functools.cache
def _story_page_queryset() -> StoryQuerySet:
    """`for_detail()` of all stories, built once: it holds no Python clock, so it never goes stale."""
    return Story.objects.all()._with_page_rows(now=Now())


# Built once per process (annotate() resolves a copy for each query): building one took longer than
# compiling and running it.
@functools.cache
def _credit_rows(model: type[models.Model]):
    """Bylines or contributions of the outer story, each with its author's name and slug."""
    author = JSONRow(**row_fields(Author, "author__", only=("name", "slug")))
    return json_rows(
        model.objects.all(), parent="story", row={"id": "id", "position": "position", "author": author}
    )


@functools.cache
def _topic_rows():
    """The outer story's topics, with the tagging's id to keep the order they were given in."""
    return json_rows(
        TaggedItem.objects.filter(content_type__app_label="stories", content_type__model="story"),
        parent="object_id",
        row={"tagging": "id", "id": "tag__id", "name": "tag__name", "slug": "tag__slug"},
    )


@functools.cache
def _note_rows():
    """The outer story's correction and update notes (the workflow app's model, reached by relation)."""
    note = Story.notes.rel.related_model
    return json_rows(
        note.objects.all(), parent="story", row=row_fields(note, only=("kind", "text", "created_at"))
    )


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class LinkRel(models.TextChoices):
        # What search engines are told about the story's links to other sites (rel on <a>).
        FOLLOWED = "", _("Followed: the newsroom vouches for them")
        NOFOLLOW = "nofollow", _("Not endorsed (nofollow)")
        SPONSORED = "sponsored", _("Paid or sponsored (sponsored)")
        UGC = "ugc", _("Written by readers or guests (ugc)")

    kicker = models.CharField(
        _("kicker"),
        max_length=60,
        blank=True,
        help_text=_('A short label above the headline, such as "Analysis" or "Exclusive".'),
    )
    headline = models.CharField(_("headline"), max_length=200)
    deck = models.CharField(
        _("deck"),
        max_length=300,
        blank=True,
        help_text=_("One sentence under the headline that tells the reader why the story matters."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=False,
        help_text=_("The story's web address. Changing it after publication keeps the old address working."),
    )
    section = models.ForeignKey(
        "stories.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="stories",
    )
    authors = models.ManyToManyField(
        "stories.Author",
        through="stories.Byline",
        related_name="stories",
        verbose_name=_("bylines"),
        blank=True,
    )
    desk_byline = models.CharField(
        _("desk byline"),
        max_length=80,
        blank=True,
        help_text=_('Used instead of named authors, for example "Staff" or "Agencies".'),
    )
    lead_photo = models.ForeignKey(
        Photo,
        verbose_name=_("lead photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_for_stories",
    )
    lead_photo_caption = models.TextField(
        _("caption for this story"),
        blank=True,
        help_text=_(
            "Leave empty to use the photo library's caption. The credit always comes from "
            "the library, so a corrected credit reaches every story."
        ),
    )
    contributors = models.ManyToManyField(
        "stories.Author",
        through="stories.Contribution",
        related_name="contributed_to",
        verbose_name=_("contributors"),
        blank=True,
    )
    tags = TaggableManager(
        verbose_name=_("topics"),
        blank=True,
        help_text=_('Comma-separated. Each topic is listed under "Read more:" and has its own page.'),
    )
    related_stories = models.ManyToManyField(
        "self",
        through="stories.RelatedStory",
        through_fields=("story", "related"),
        symmetrical=False,
        related_name="+",
        verbose_name=_("related stories"),
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text=_(
            "A story appears on the site when its status is Published and its "
            "publication time has passed. Reporters submit stories for review; only "
            "editors publish, schedule and unpublish. Unpublished stories answer "
            'readers with "410 Gone".'
        ),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Set a future time to schedule the story. Required to publish."),
    )
    embargo_ends_at = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_(
            "Nothing can publish the story before this time: not the form, not the list actions, "
            "not a schedule. Scheduling it for this time or later is fine."
        ),
    )
    embargo_note = models.TextField(
        _("embargo note"),
        blank=True,
        help_text=_(
            "For the newsroom only, never shown to readers: who set the embargo and why, "
            'for example "Embargoed by the ministry until 09:00".'
        ),
    )
    seo_title = models.CharField(
        _("search engine title"),
        max_length=70,
        blank=True,
        help_text=_("Shown in search results and browser tabs instead of the headline."),
    )
    seo_description = models.CharField(
        _("search engine description"),
        max_length=160,
        blank=True,
        help_text=_("Shown in search results instead of the deck."),
    )
    external_link_rel = models.CharField(
        _("links to other sites"),
        max_length=20,
        blank=True,
        default=LinkRel.FOLLOWED,
        choices=LinkRel,
        help_text=_("How search engines should treat this story's links to other websites."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    assigned_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        related_name="assigned_stories",
        blank=True,
        help_text=_(
            "Reporters who may work on this draft besides its creator and its bylined authors. "
            "Everyone else in the newsroom can read it but not change it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = StoryQuerySet.as_manager()

    # Search results set these to the headline and deck with the matched words marked
    # (articles/search/highlight.py). Empty here, so every other card reads them without a miss:
    # a template's failed attribute lookup costs a dir() of the whole model.
    marked_headline = marked_deck = ""

    # django-content-editor: the body is one region of ordered blocks (articles.models.body).
    regions = [Region(key="body", title=_("Body"))]

    class Meta:
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [("publish_story", _("Can publish, schedule and unpublish stories"))]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="story_slug_unique"),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="story_slug_not_empty",
                violation_error_message="A story needs a web address (its slug).",
                violation_error_code="slug_empty",
            ),
            models.CheckConstraint(
                condition=~Q(headline=""),
                name="story_headline_not_empty",
                violation_error_message="A story needs a headline.",
                violation_error_code="headline_empty",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="story_published_has_time",
                violation_error_message=(
                    "A published story needs a publication time: "
                    "choose one, or leave it empty to publish now."
                ),
                violation_error_code="published_without_time",
            ),
        ]
        indexes = [
            # Home, topic, author pages and feeds: published stories newest first.
            models.Index(fields=["status", "-published_at"], name="story_status_published_idx"),
            # Section pages and the home page's latest stories of each section.
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="story_section_published_idx"
            ),
            # The admin story list in its order (Meta.ordering, then -pk), whole and by section.
            models.Index(fields=["-published_at", "-created_at", "-id"], name="story_admin_newest_idx"),
            models.Index(
                fields=["section", "-published_at", "-created_at", "-id"], name="story_admin_section_idx"
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse_once("articles:story-detail", slug=self.slug)

    def clean(self):
        # The form checks what the editor asked for here, before the services move the time.
        if self.status == self.Status.PUBLISHED and self.published_at is not None:
            self.check_embargo(self.published_at)

    def check_embargo(self, publish_at: datetime) -> None:
        """Raise ValidationError (code "embargoed") when `publish_at` is before the embargo ends."""
        if self.embargo_ends_at is not None and publish_at < self.embargo_ends_at:
            raise ValidationError(
                "This story is embargoed until %(until)s: it cannot appear on the site before then. "
                "Schedule it for that time or later.",
                code="embargoed",
                params={"until": f"{timezone.localtime(self.embargo_ends_at):%Y-%m-%d %H:%M %Z}"},
            )

    def is_published(self) -> bool:
        """True when readers may see the story (mirrors StoryQuerySet.published())."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self, now: datetime | None = None) -> bool:
        """Published with a publication time still to come (`now`: a clock read once for many stories)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > (now or timezone.now())
        )

    @property
    def description(self) -> str:
        """The summary for search engines, feeds and link previews."""
        return self.seo_description or self.deck

    @property
    def page_title(self) -> str:
        return self.seo_title or self.headline

    def was_updated(self) -> bool:
        """True when the story changed noticeably after it was published."""
        if self.published_at is None:
            return False
        return self.updated_at - self.published_at > UPDATE_GRACE

    # What the loading methods selected, as instances: each property reads its JSON column, and a
    # story loaded without it (an admin form, a script) gets the same answer from a query.

    @cached_property
    def ordered_bylines(self) -> list[Byline]:
        """Bylines in their set order, with their authors."""
        if not hasattr(self, "byline_rows"):
            return list(self.bylines.select_related("author").order_by("position"))
        return self._rows(Byline, self.byline_rows, key="position")

    @cached_property
    def ordered_contributions(self) -> list[Contribution]:
        """Contributors in their set order, with their authors."""
        if not hasattr(self, "contribution_rows"):
            return list(self.contributions.select_related("author").order_by("position"))
        return self._rows(Contribution, self.contribution_rows, key="position")

    @cached_property
    def topics(self) -> list[Tag]:
        """The story's topics in the order they were given."""
        if not hasattr(self, "topic_rows"):
            return list(self.tags.order_by("taggit_taggeditem_items__id"))
        rows = sorted(self.topic_rows or (), key=lambda row: row["tagging"])
        return [Tag(id=row["id"], name=row["name"], slug=row["slug"]) for row in rows]

    @cached_property
    def ordered_notes(self) -> list[models.Model]:
        """Correction and update notes, oldest first."""
        if not hasattr(self, "note_rows"):
            return list(self.notes.order_by("created_at", "pk"))
        note = Story.notes.rel.related_model
        return sorted(self._rows(note, self.note_rows, key="id"), key=lambda item: (item.created_at, item.pk))

    @cached_property
    def body_blocks(self) -> list[tuple[str, models.Model]]:
        """The body as (kind, block) pairs in the editor's order; reads `for_detail()`'s columns."""
        from articles.stories.models.blocks import InlinePhoto, Quote, RichText  # blocks import Story

        # A photo whose licence has run out is left out rather than shown unlicensed.
        blocks = self._rows(InlinePhoto, self.photo_rows, key="ordering")
        photos = [block for block in blocks if block.photo.is_usable()]
        for block in photos:
            attach_renditions(block.photo, block.rendition_rows)
        blocks = [
            *(("text", block) for block in self._rows(RichText, self.text_rows, key="ordering")),
            *(("quote", block) for block in self._rows(Quote, self.quote_rows, key="ordering")),
            *(("photo", block) for block in photos),
        ]
        return sorted(blocks, key=lambda pair: (pair[1].ordering, pair[0]))

    @cached_property
    def related_for_readers(self) -> list[Story]:
        """Published related stories in the editor's order; reads `for_detail()`'s columns."""
        return [link.related for link in self._rows(RelatedStory, self.related_rows, key="position")]

    @cached_property
    def lead_photo_for_readers(self) -> Photo | None:
        """The lead photo, with its renditions, if readers may see it (its licence still runs).

        Reads `with_lead_photo()`'s columns (for_listing, for_detail).
        """
        if self.lead_photo_id is None or not self.lead_photo.is_usable():
            return None
        return attach_renditions(self.lead_photo, self.lead_rendition_rows)

    def _rows(self, model: type[models.Model], rows: list[dict] | None, *, key: str) -> list:
        instances = instances_from_rows(model, rows, db=self._state.db or "default")
        return sorted(instances, key=lambda instance: getattr(instance, key))

    @property
    def lead_caption(self) -> str:
        """The lead photo's caption for this story, without the credit."""
        if self.lead_photo is None:
            return ""
        return self.lead_photo_caption or self.lead_photo.caption

    @property
    def lead_caption_with_credit(self) -> str:
        if self.lead_photo is None:
            return ""
        return self.lead_photo.caption_with_credit(self.lead_photo_caption)


def photos_used_in_stories() -> models.QuerySet[Photo]:
    """Library photos that are the lead or an inline photo of at least one story."""
    from articles.stories.models.blocks import InlinePhoto  # blocks import Story

    # One "pk IN (… UNION ALL …)": written as an OR over two joins with DISTINCT, PostgreSQL
    # joined every photo to every story (270 ms for the library's "Used in a story" at 100,000).
    leads = Story.objects.filter(lead_photo__isnull=False).values("lead_photo_id")
    return Photo.objects.filter(pk__in=leads.union(InlinePhoto.objects.values("photo_id"), all=True))
