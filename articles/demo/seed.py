"""The demo seed: one service that creates, or brings back into line, every demo row.

Rows are found by natural keys (slugs, usernames and, for photos, the checksum of
the drawn file) and written only where they differ from `articles.demo.content`,
so a second run writes nothing at all, not even a new `updated_at`. Publication
times are the one exception to "content wins": once a story has one it is kept,
so re-seeding never reshuffles the front page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils import timezone
from tqdm import tqdm

from articles.demo import content
from articles.demo.photos import landscape_jpeg, portrait_jpeg
from articles.fronts.models import Arrangement
from articles.fronts.services import front_arrange, front_schedule
from articles.photos.inspection import file_checksum
from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions
from articles.photos.services import photo_ingest
from articles.search.services import story_document_refresh
from articles.stories.models import (
    Author,
    Byline,
    Contribution,
    InlinePhoto,
    Quote,
    RelatedStory,
    RichText,
    Section,
    Story,
)
from articles.stories.sanitizer import sanitize_html
from articles.workflow.services import story_create, story_note_add, story_publish

# Each demo login gets the newsroom role (group) named here.
DEMO_LOGINS = {"editor": "Editors", "reporter": "Reporters", "photodesk": "Photo desk"}

# Demo stories appear to have been started this long before they were published.
WRITING_TIME = timedelta(hours=2)


@dataclass(frozen=True)
class SeedReport:
    sections: int
    authors: int
    photos: int
    stories: int
    published: int
    scheduled: int
    drafts: int
    rows_written: int  # Rows created, changed or replaced; 0 when the demo was already in place.
    logins: tuple[str, ...]


def demo_seed(*, password: str, progress_file: TextIO | None = None) -> SeedReport:
    """Create or refresh the demo newsroom and its three logins; running it again changes nothing.

    `progress_file` receives progress bars; None shows none.
    """
    seeding = _Seeding(now=timezone.now(), progress_file=progress_file)
    with transaction.atomic():
        sections = {
            demo.slug: seeding.section(demo, position) for position, demo in enumerate(content.SECTIONS, 1)
        }
        photos = {
            demo.file_name: seeding.photo(demo)
            for demo in seeding.progress(_demo_photos(), "Photos", unit=" photos")
        }
        authors = {demo.slug: seeding.author(demo, photos) for demo in content.AUTHORS}
        logins = [seeding.login(username, group, password) for username, group in DEMO_LOGINS.items()]
        seeding.editor = logins[0]
        stories = {
            demo.slug: seeding.story(demo, sections, authors, photos)
            for demo in seeding.progress(content.STORIES, "Stories", unit=" stories")
        }
        for demo in content.STORIES:
            seeding.related_stories(stories[demo.slug], [stories[slug] for slug in demo.related])
        for demo in content.STORIES:
            seeding.publish(stories[demo.slug], demo)
        seeding.home_front(stories)
        # Editors assign the drafts to the demo reporter, so that login has stories of its own
        # to write and submit (Reporters change only the drafts they own).
        reporter = logins[list(DEMO_LOGINS).index("reporter")]
        for demo in content.STORIES:
            if demo.published_ago is None and demo.scheduled_in is None:
                stories[demo.slug].assigned_to.add(reporter)

    published = sum(story.is_published() for story in stories.values())
    scheduled = sum(story.is_scheduled() for story in stories.values())
    return SeedReport(
        sections=len(sections),
        authors=len(authors),
        photos=len(photos),
        stories=len(stories),
        published=published,
        scheduled=scheduled,
        drafts=len(stories) - published - scheduled,
        rows_written=seeding.rows_written,
        logins=tuple(user.get_username() for user in logins),
    )


def _demo_photos() -> list[content.DemoPhoto]:
    """Every photo the demo uses, once each, in a stable order."""
    photos = [author.portrait for author in content.AUTHORS]
    for story in content.STORIES:
        photos.append(story.lead_photo)
        photos += [block.photo for block in story.body if isinstance(block, content.PhotoBlock)]
    by_name: dict[str, content.DemoPhoto] = {}
    for photo in photos:
        if by_name.setdefault(photo.file_name, photo) != photo:
            # The file name seeds the picture, so two photos sharing one would share a checksum.
            raise ValueError(f"Two different demo photos are named {photo.file_name!r}.")
    return list(by_name.values())


class _Seeding:
    """One run of the seed: the run's clock, its progress output and a count of rows written."""

    def __init__(self, *, now: datetime, progress_file: TextIO | None) -> None:
        self.now = now
        self.progress_file = progress_file
        self.rows_written = 0
        self.editor: AbstractBaseUser | None = None  # publishes the demo stories through the workflow

    def progress[T](self, items: Iterable[T], description: str, unit: str) -> Iterator[T]:
        yield from tqdm(
            items, desc=description, unit=unit, file=self.progress_file, disable=self.progress_file is None
        )

    # Sections, photos, authors and logins.

    def section(self, demo: content.DemoSection, position: int) -> Section:
        return self._upsert(
            Section,
            {"slug": demo.slug},
            {"name": demo.name, "description": demo.description, "position": position},
        )

    def photo(self, demo: content.DemoPhoto) -> Photo:
        draw = portrait_jpeg if demo.is_portrait else landscape_jpeg
        data = draw(demo.file_name)
        values = {
            "caption": demo.caption,
            "alt_text": demo.alt_text,
            "credit": demo.credit,
            "photographer": demo.photographer,
            "source": demo.source,
            "copyright_notice": demo.copyright_notice,
        }
        photo = Photo.objects.filter(checksum=file_checksum(io.BytesIO(data))).first()
        if photo is None:
            # The library's one way in, as for the photo desk's uploads.
            photo = photo_ingest(
                file=SimpleUploadedFile(demo.file_name, data, content_type="image/jpeg"),
                uploaded_by=None,
                allow_similar=True,
                photo=Photo(**values),
            ).photo
            self.rows_written += 1
        else:
            self._save_changes(photo, values)
        # Made now rather than by the task after commit, so the demo is complete when the seed returns.
        self.rows_written += len(photo_create_renditions(photo=photo))
        return photo

    def author(self, demo: content.DemoAuthor, photos: dict[str, Photo]) -> Author:
        return self._upsert(
            Author,
            {"slug": demo.slug},
            {
                "name": demo.name,
                "job_title": demo.job_title,
                "bio": demo.bio,
                "portrait": photos[demo.portrait.file_name],
            },
        )

    def login(self, username: str, group_name: str, password: str) -> AbstractBaseUser:
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        flags = {"is_staff": True, "is_active": True, "is_superuser": False}
        if user is None:
            user = self._create(
                user_model, {"username": username, "password": make_password(password), **flags}
            )
        else:
            self._save_changes(user, flags)
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.rows_written += 1
        if list(user.groups.values_list("name", flat=True)) != [group_name]:
            user.groups.set([Group.objects.get(name=group_name)])
            self.rows_written += 1
        return user

    # Stories and everything that belongs to one.

    def story(
        self,
        demo: content.DemoStory,
        sections: dict[str, Section],
        authors: dict[str, Author],
        photos: dict[str, Photo],
    ) -> Story:
        story = Story.objects.filter(slug=demo.slug).first()
        publication_time = self._publication_time(demo)
        values: dict[str, Any] = {
            "kicker": demo.kicker,
            "headline": demo.headline,
            "deck": demo.deck,
            "section": sections[demo.section],
            "desk_byline": demo.desk_byline,
            "lead_photo": photos[demo.lead_photo.file_name],
            "lead_photo_caption": "",
            "seo_description": demo.seo_description,
            "embargo_note": demo.embargo_note,
        }
        if story is None:
            started_at = min(publication_time or self.now, self.now) - WRITING_TIME
            story = story_create(
                story=Story(slug=demo.slug, created_at=started_at, **values), user=self.editor
            )
            self.rows_written += 1
        else:
            self._save_changes(story, values)

        self._replace_rows_if_changed(
            Byline,
            {"story": story},
            "position",
            [
                {"position": position, "author_id": authors[slug].pk}
                for position, slug in enumerate(demo.bylines, start=1)
            ],
        )
        self._replace_rows_if_changed(
            Contribution,
            {"story": story},
            "position",
            [
                {"position": position, "author_id": authors[slug].pk}
                for position, slug in enumerate(demo.contributors, start=1)
            ],
        )
        self._body(story, demo.body, photos)
        for kind, text in demo.notes:
            if not story.notes.filter(kind=kind, text=text).exists():
                story_note_add(story=story, user=self.editor, kind=kind, text=text)
                self.rows_written += 1
        if {name.lower() for name in story.tags.names()} != {name.lower() for name in demo.tags}:
            story.tags.set(list(demo.tags))
            self.rows_written += 1
        # Bylines, body and topics were written around the services: the search document follows them.
        story_document_refresh(story=story)
        return story

    def publish(self, story: Story, demo: content.DemoStory) -> None:
        """Publish or schedule a demo story through the workflow; a story that has a time keeps it."""
        publication_time = self._publication_time(demo)
        if publication_time is None or story.status == Story.Status.PUBLISHED:
            return
        story_publish(story=story, user=self.editor, at=story.published_at or publication_time)
        # The demo's history: a story last changed when it went out, or when a note was added.
        last_note = story.notes.order_by("-created_at").values_list("created_at", flat=True).first()
        Story.objects.filter(pk=story.pk).update(updated_at=last_note or story.published_at)
        self.rows_written += 1

    def home_front(self, stories: dict[str, Story]) -> None:
        """Arrange the home page's front, and schedule its next change, unless it was arranged before.

        Once the demo has a front, editors own it: seeding again leaves it as they left it.
        """
        if Arrangement.objects.of_front(None).exists():
            return
        front = [stories[slug] for slug in content.HOME_FRONT]
        front_arrange(section=None, stories=front, user=self.editor)
        lead = stories[content.HOME_FRONT_CHANGE_LEAD]
        if lead.published_at is not None and lead.published_at > timezone.now():
            front_schedule(
                section=None, stories=[lead, *front[:3]], user=self.editor, takes_effect_at=lead.published_at
            )
        self.rows_written += 1

    def related_stories(self, story: Story, related: list[Story]) -> None:
        self._replace_rows_if_changed(
            RelatedStory,
            {"story": story},
            "position",
            [
                {"position": position, "related_id": other.pk}
                for position, other in enumerate(related, start=1)
            ],
        )

    def _body(self, story: Story, blocks: tuple[content.Block, ...], photos: dict[str, Photo]) -> None:
        """Body blocks in order, numbered 10, 20, 30… like the editor numbers them."""
        rows: dict[type[models.Model], list[dict[str, Any]]] = {RichText: [], Quote: [], InlinePhoto: []}
        for ordering, block in zip(range(10, 10 * len(blocks) + 1, 10), blocks, strict=True):
            match block:
                case content.TextBlock(html=html):
                    # Compare with what RichText.save() will store, or every run would rewrite it.
                    rows[RichText].append({"ordering": ordering, "text": sanitize_html(html)})
                case content.QuoteBlock(quote=quote, attribution=attribution):
                    rows[Quote].append({"ordering": ordering, "quote": quote, "attribution": attribution})
                case content.PhotoBlock(photo=photo, caption=caption):
                    photo_id = photos[photo.file_name].pk
                    rows[InlinePhoto].append({"ordering": ordering, "photo_id": photo_id, "caption": caption})
        for model, wanted in rows.items():
            self._replace_rows_if_changed(model, {"parent": story, "region": "body"}, "ordering", wanted)

    def _publication_time(self, demo: content.DemoStory) -> datetime | None:
        if demo.published_ago is not None:
            return _to_the_minute(self.now - demo.published_ago)
        if demo.scheduled_in is not None:
            return _to_the_minute(self.now + demo.scheduled_in)
        return None

    # Writing only what differs.

    def _upsert[M: models.Model](
        self,
        model: type[M],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        on_create: dict[str, Any] | None = None,
    ) -> M:
        """The row matching `lookup` with `values` applied; `on_create` is used only for a new row."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            return self._create(model, {**lookup, **values, **(on_create or {})})
        self._save_changes(instance, values)
        return instance

    def _create[M: models.Model](self, model: type[M], fields: dict[str, Any]) -> M:
        instance = model(**fields)
        instance.full_clean()
        instance.save()
        self.rows_written += 1
        return instance

    def _save_changes(self, instance: models.Model, values: dict[str, Any]) -> None:
        changed = [name for name, value in values.items() if _stored_value(instance, name) != _key(value)]
        if not changed:
            return
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        auto_now = [
            field.name for field in instance._meta.concrete_fields if getattr(field, "auto_now", False)
        ]
        instance.save(update_fields=[*changed, *auto_now])
        self.rows_written += 1

    def _replace_rows_if_changed(
        self, model: type[models.Model], parent: dict[str, Any], order_by: str, wanted: list[dict[str, Any]]
    ) -> None:
        """Make the rows under `parent`, sorted by `order_by`, exactly `wanted`; replace them if not."""
        fields = list(wanted[0]) if wanted else ["pk"]
        current = list(model.objects.filter(**parent).order_by(order_by, "pk").values(*fields))
        if current == wanted:
            return
        model.objects.filter(**parent).delete()
        for row in wanted:
            self._create(model, {**parent, **row})


def _to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _key(value: Any) -> Any:
    """Model instances compare by primary key, so related rows need not be fetched."""
    return value.pk if isinstance(value, models.Model) else value


def _stored_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname)
