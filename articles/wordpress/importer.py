"""The WordPress import: one run of `manage.py import_wordpress`, through Newsroom's own services.

Two passes over the export, both streamed (articles/wordpress/wxr.py). The first reads the site,
authors, categories and attachments and proves the whole file well-formed before anything is
written. Then authors become authors, attachments photos (through `photo_ingest`, metadata read
from the file), and on the second pass each post becomes a story, in one transaction per post:
`story_import` saves it with its byline, body blocks and topics straight into the state its
WordPress status asks for (published, scheduled, submitted or draft), with one revision and one
audit entry; then its old addresses and import record. A post that fails is rolled back whole
and reported; the next one goes on.

Every object made is remembered in `ImportedItem` (site, kind, WordPress ID), so a second run skips
what is unchanged and updates a story whose post changed in WordPress, unless the newsroom has
edited it since the import, in which case it is left alone and reported.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.photos.metadata import read_metadata
from articles.photos.models import Photo
from articles.photos.renditions import photo_create_renditions
from articles.photos.services import IngestStatus, house_credit, photo_ingest
from articles.stories.models import (
    Author,
    Byline,
    InlinePhoto,
    Quote,
    RichText,
    Section,
    Story,
    StorySlugRedirect,
)
from articles.stories.models.redirects import old_path_key
from articles.stories.sanitizer import sanitize_html
from articles.stories.topics import validate_topic_names
from articles.wordpress.body import Body, PhotoPart, QuotePart, TextPart, body_from_content, plain_text
from articles.wordpress.media import attachment_file, attachment_relative_path, image_key, is_picture
from articles.wordpress.models import ImportedItem
from articles.wordpress.report import ImportReport
from articles.wordpress.wxr import WxrAuthor, WxrItem, WxrSite, WxrTerm, wxr_entries
from articles.workflow.revisions import story_revision_create
from articles.workflow.services import story_import, story_publish, story_submit

# What each WordPress status becomes. Private posts were never public: they come in as drafts,
# which only the newsroom sees. Trashed posts, auto-drafts and revisions are not imported.
STATUS_STEPS = {
    "publish": "publish",
    "future": "schedule",
    "pending": "submit",
    "draft": "draft",
    "private": "draft",
}
# Posts written per database transaction: fewer commits, and a short enough write lock for the desk.
POSTS_PER_TRANSACTION = 50
DEFAULT_CATEGORY = WxrTerm(taxonomy="category", slug="uncategorized", name="Uncategorized")


def wordpress_import(
    *,
    export_path: Path,
    media_dir: Path,
    user: AbstractBaseUser,
    dry_run: bool = False,
    default_credit: str = "",
    progress_file: TextIO | None = None,
) -> ImportReport:
    """Import the WXR file at `export_path`, its media from `media_dir`, acting as `user` (an editor).

    `dry_run` reads and converts everything and reports what would be written, writing nothing.
    `default_credit` is given to photos whose attachment and file name no credit. Raises WxrError
    for a file that is not a readable export (before anything is written), PermissionDenied for a
    user who may not publish and add photos.
    """
    if not (user.has_perm("stories.publish_story") and user.has_perm("photos.add_photo")):
        raise PermissionDenied("The import publishes stories and adds photos: run it as an editor.")
    run = _Run(
        export_path=export_path,
        media_dir=media_dir,
        user=user,
        dry_run=dry_run,
        default_credit=default_credit,
        progress_file=progress_file,
    )
    run.start()
    return run.report


class _Run:
    def __init__(self, *, export_path, media_dir, user, dry_run, default_credit, progress_file) -> None:
        self.export_path, self.media_dir, self.user = export_path, media_dir, user
        self.dry_run, self.default_credit, self.progress_file = dry_run, default_credit, progress_file
        self.report = ImportReport(dry_run=dry_run)
        self.site: WxrSite | None = None
        self.authors: dict[str, WxrAuthor] = {}
        self.categories: dict[str, WxrTerm] = {}
        self.attachments: dict[int, WxrItem] = {}
        self.posts = 0
        self.author_objects: dict[str, Author | None] = {}
        self.section_objects: dict[str, Section | None] = {}
        self.photos: dict[int, Photo | None] = {}  # attachment ID → photo (None in a dry run)
        self.images: dict[str, int] = {}  # image_key(url) → attachment ID
        self.tags: dict[str, Tag] = {}  # lower-cased name → topic (topics are case-insensitive)
        # The site's earlier imports of posts, by post ID: (record id, story id, fingerprint, imported at).
        self.story_records: dict[str, tuple] = {}

    def start(self) -> None:
        with self._phase("scan"):
            self._scan()
        with self._phase("authors"):
            for author in self.authors.values():
                self._author(author.login)
        with self._phase("photos"):
            for item in self._progress(self.attachments.values(), "Media", len(self.attachments), " files"):
                self._photo(item)
        with self._phase("renditions"):
            self._renditions()
        with self._phase("posts"):
            # One query for every post's earlier import, instead of one per post.
            records = ImportedItem.objects.filter(source=self._source, kind=ImportedItem.Kind.STORY)
            fields = ("wp_id", "pk", "object_id", "fingerprint", "imported_at")
            self.story_records = {wp_id: rest for wp_id, *rest in records.values_list(*fields)}
            items = self._progress(self._items(), "Posts", self.posts, " posts")
            while batch := list(itertools.islice(items, POSTS_PER_TRANSACTION)):
                # One commit per batch (each post still its own savepoint): a commit's disk flush
                # per post was a third of the import's time.
                with transaction.atomic():
                    for item in batch:
                        self._post(item)

    # The first pass: everything but the posts, and proof that the file parses to its end.

    def _scan(self) -> None:
        skipped = {}
        for entry in wxr_entries(self.export_path):
            match entry:
                case WxrSite():
                    self.site = entry
                    self.report.site = entry.address or entry.title
                case WxrAuthor(login=login) if login:
                    self.authors[login] = entry
                case WxrTerm(taxonomy="category", slug=slug) if slug:
                    self.categories[slug] = entry
                case WxrItem(post_type="attachment"):
                    self.attachments[entry.post_id] = entry
                    self.images[image_key(entry.attachment_url)] = entry.post_id
                case WxrItem(post_type="post"):
                    self.posts += 1
                case WxrItem(post_type=other):
                    skipped[other] = skipped.get(other, 0) + 1
        for post_type, number in skipped.items():
            self.report.count(f"skipped: {post_type or 'untyped'} items (only posts become stories)", number)

    def _items(self) -> Iterator[WxrItem]:
        for entry in wxr_entries(self.export_path):
            if isinstance(entry, WxrItem) and entry.post_type == "post":
                yield entry

    # Authors and sections: found by their import record, then by slug (or a section's name).

    def _author(self, login: str) -> Author | None:
        if login in self.author_objects:
            return self.author_objects[login]
        wxr = self.authors.get(login) or WxrAuthor(login=login, display_name=login)
        author = self._imported(ImportedItem.Kind.AUTHOR, login)
        slug = slugify(login)[:120] or slugify(wxr.display_name)[:120]
        if author is None and slug:
            author = Author.objects.filter(slug=slug).first()
            if author is not None and not self.dry_run:
                self._remember(ImportedItem.Kind.AUTHOR, login, author)
        if author is None and slug:
            self.report.count("authors created")
            if not self.dry_run:
                author = Author(name=wxr.display_name[:120], slug=slug)
                with transaction.atomic():
                    author.full_clean()
                    author.save()
                    self._remember(ImportedItem.Kind.AUTHOR, login, author)
        self.author_objects[login] = author
        return author

    def _section(self, term: WxrTerm) -> Section | None:
        if term.slug in self.section_objects:
            return self.section_objects[term.slug]
        name = (self.categories.get(term.slug) or term).name or term.slug
        section = self._imported(ImportedItem.Kind.SECTION, term.slug)
        slug = slugify(unquote(term.slug))[:80] or slugify(name)[:80] or "section"
        if section is None:
            section = (
                Section.objects.filter(slug=slug).first() or Section.objects.filter(name=name[:80]).first()
            )
            if section is not None and not self.dry_run:
                self._remember(ImportedItem.Kind.SECTION, term.slug, section)
        if section is None:
            self.report.count("sections created")
            if not self.dry_run:
                section = Section(name=name[:80], slug=slug)
                with transaction.atomic():
                    section.full_clean()
                    section.save()
                    self._remember(ImportedItem.Kind.SECTION, term.slug, section)
        self.section_objects[term.slug] = section
        return section

    # Attachments → photos, through the library's one way in.

    def _photo(self, item: WxrItem) -> None:
        name = attachment_relative_path(item) or f"attachment {item.post_id}"
        if not is_picture(item):
            self.report.count("skipped: attachments that are not pictures")
            return
        photo = self._imported(ImportedItem.Kind.PHOTO, str(item.post_id))
        if photo is not None:
            self.photos[item.post_id] = photo
            self.report.count("photos already imported")
            return
        path = attachment_file(item, self.media_dir)
        if path is None:
            self.report.problem(f"Attachment {item.post_id}: the file {name} is not in the media folder.")
            return
        if self.dry_run:
            self.photos[item.post_id] = None
            self.report.count("photos created")
            return
        described = Photo(
            caption=plain_text(item.excerpt),
            credit=plain_text(item.content)[: Photo._meta.get_field("credit").max_length],
            alt_text=item.meta.get("_wp_attachment_image_alt", "")[
                : Photo._meta.get_field("alt_text").max_length
            ],
        )
        try:
            with path.open("rb") as stream:
                if self.default_credit and not described.credit and not _credit_in_file(stream):
                    described.credit = self.default_credit
                result = photo_ingest(
                    file=File(stream, name=path.name),
                    uploaded_by=self.user,
                    allow_similar=True,
                    photo=described,
                )
        except ValidationError as error:
            self.report.problem(f"Attachment {item.post_id} ({name}) was refused: {' '.join(error.messages)}")
            return
        photo = result.photo
        if result.status == IngestStatus.DUPLICATE:
            self.report.count("photos already in the library")
        else:
            self.report.count("photos created")
        with transaction.atomic():
            self._remember(ImportedItem.Kind.PHOTO, str(item.post_id), photo)
        self.photos[item.post_id] = photo

    def _renditions(self) -> None:
        """Make the renditions the worker has not made yet: publishing refuses a photo without them.

        With the default (immediate) task backend they were made as each photo committed; with a
        worker they may still be queued, and the import cannot wait for it.
        """
        imported = [photo.pk for photo in self.photos.values() if photo is not None]
        pending = list(
            Photo.objects.filter(pk__in=imported, renditions_status=Photo.RenditionsStatus.PENDING)
        )
        for photo in self._progress(pending, "Renditions", len(pending), " photos"):
            photo_create_renditions(photo=photo)
            self.report.count("photos given renditions by the import")
        # The stories compare against these photos' state: read it again, renditions made.
        fresh = Photo.objects.in_bulk(imported)
        self.photos = {
            number: fresh.get(photo.pk) if photo else None for number, photo in self.photos.items()
        }

    # Posts → stories.

    def _post(self, item: WxrItem) -> None:
        label = f"Post {item.post_id} “{plain_text(item.title)[:60]}”"
        step = STATUS_STEPS.get(item.status)
        if step is None:
            self.report.count(f"skipped: posts with status {item.status or 'none'}")
            return
        fingerprint = _fingerprint(item)
        record_id, story_id, imported_fingerprint, imported_at = self.story_records.get(
            str(item.post_id), (None, None, "", None)
        )
        story = Story.objects.filter(pk=story_id).first() if story_id is not None else None
        if story is not None and imported_fingerprint == fingerprint:
            self.report.count("stories already imported, unchanged")
            return
        if story is not None and story.updated_at > imported_at:
            self.report.problem(
                f"{label} changed in WordPress, but the story was edited here since; left alone."
            )
            return
        body = body_from_content(item.content)
        self.report.problems += [f"{label}: {problem}" for problem in body.problems]
        blocks = self._blocks(body, label)
        if self.dry_run:
            self.report.count("stories updated" if story else "stories created")
            return
        try:
            with transaction.atomic():
                if story is None:
                    if record_id is not None:  # imported before, and the story deleted since
                        ImportedItem.objects.filter(pk=record_id).delete()
                    self._create_story(item, blocks, fingerprint, label)
                    self.report.count("stories created")
                else:
                    self._update_story(story, record_id, item, blocks, fingerprint, label)
                    self.report.count("stories updated")
        except (ValidationError, IntegrityError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.report.problem(f"{label} was not imported: {' '.join(messages)}")

    def _blocks(self, body: Body, label: str) -> list[RichText | Quote | InlinePhoto]:
        """Unsaved body blocks, numbered 10, 20, 30… as the editor numbers them; photos from the library."""
        blocks = []
        for part in body.parts:
            match part:
                case TextPart(html=html):
                    text = sanitize_html(html)
                    if text.strip():
                        blocks.append(RichText(text=text))
                case QuotePart(quote=quote, attribution=attribution):
                    blocks.append(Quote(quote=quote, attribution=attribution))
                case PhotoPart():
                    photo, found = self._photo_for(part)
                    if found:
                        blocks.append(InlinePhoto(photo=photo, caption=part.caption))
                    else:
                        self.report.problem(f"{label}: the image {part.url or part.attachment_id} {photo}.")
        for ordering, block in enumerate(blocks, start=1):
            block.region, block.ordering = "body", ordering * 10
        return blocks

    def _photo_for(self, part: PhotoPart):
        """(photo, True) for an image of the export, else (why not, False)."""
        attachment_id = part.attachment_id
        if attachment_id not in self.attachments and part.url:
            attachment_id = self.images.get(image_key(part.url))
        if attachment_id not in self.attachments:
            return "is not an attachment of the export (no file to import); left out", False
        if attachment_id not in self.photos:
            return f"is attachment {attachment_id}, which could not be imported (see above); left out", False
        return self.photos[attachment_id], True

    def _create_story(self, item: WxrItem, blocks: list, fingerprint: str, label: str) -> None:
        section, topics = self._section_and_topics(item, label)
        author = self._author(item.creator) if item.creator else None
        thumbnail = item.meta.get("_thumbnail_id", "")
        lead = self.photos.get(int(thumbnail)) if thumbnail.isdigit() else None
        created_at = item.published_at or timezone.now()
        story = Story(
            **self._words(item, label),
            slug=self._free_slug(item),
            section=section,
            desk_byline="" if author else "Staff",
            lead_photo=lead,
            created_at=min(created_at, timezone.now()),
        )
        step = STATUS_STEPS[item.status]
        publish_at = item.published_at if step in ("publish", "schedule") else None

        def write_parts(story: Story) -> None:
            if author is not None:
                # The first byline of a story made a moment ago: nothing to validate that the database
                # does not enforce anyway; the story's revision and search document are written after.
                Byline.objects.bulk_create([Byline(story=story, author=author, position=1)])
            self._write_parts(story, blocks, topics, replace=False)

        refused = story_import(
            story=story,
            user=self.user,
            write_parts=write_parts,
            publish_at=publish_at,
            submit=step == "submit",
            comment="Imported from WordPress",
            bylined=author is not None,
            inline_photos=[
                (block.photo, block.caption) for block in blocks if isinstance(block, InlinePhoto)
            ],
        )
        if step in ("publish", "schedule") and publish_at is None:
            refused = ["WordPress gives it no publication time."]
        if refused:
            self.report.problem(
                f"{label} is a draft here, because publishing was refused: {' '.join(refused)}"
            )
        self._old_addresses(story, item, label)
        # Recorded last: a story changed after this moment was edited here, which a re-run respects.
        ImportedItem.objects.create(
            source=self._source,
            kind=ImportedItem.Kind.STORY,
            wp_id=str(item.post_id),
            content_type=ContentType.objects.get_for_model(story),
            object_id=story.pk,
            fingerprint=fingerprint,
        )

    def _update_story(self, story, record_id, item, blocks, fingerprint, label) -> None:
        section, topics = self._section_and_topics(item, label)
        for name, value in {**self._words(item, label), "section": section}.items():
            setattr(story, name, value)
        story.full_clean()
        story.save(update_fields=["headline", "deck", "section", "updated_at"])
        for model in (RichText, Quote, InlinePhoto):
            model.objects.filter(parent=story).delete()
        self._write_parts(story, blocks, topics, replace=True)
        self._old_addresses(story, item, label)
        if story.status == Story.Status.DRAFT and STATUS_STEPS[item.status] != "draft":
            self._workflow_step(story, item, label)
        else:
            story_revision_create(story=story, user=self.user, comment="Updated from WordPress")
        ImportedItem.objects.filter(pk=record_id).update(fingerprint=fingerprint, imported_at=timezone.now())

    def _words(self, item: WxrItem, label: str) -> dict[str, str]:
        headline = plain_text(item.title) or f"Untitled post {item.post_id}"
        deck = plain_text(item.excerpt)
        for name, value, limit in (("headline", headline, 200), ("deck", deck, 300)):
            if len(value) > limit:
                self.report.problem(f"{label}: the {name} was shortened to {limit} characters.")
        return {"headline": _shorten(headline, 200), "deck": _shorten(deck, 300)}

    def _section_and_topics(self, item: WxrItem, label: str) -> tuple[Section, list[str]]:
        """The first category is the section; further categories and the tags become topics."""
        categories = [term for term in item.terms if term.taxonomy == "category" and term.slug]
        section = self._section(categories[0] if categories else DEFAULT_CATEGORY)
        names = [term.name for term in categories[1:]] + [
            t.name for t in item.terms if t.taxonomy == "post_tag"
        ]
        topics = []
        for name in dict.fromkeys(name.strip() for name in names if name.strip()):
            try:
                validate_topic_names([*topics, name])
            except ValidationError as error:
                self.report.problem(
                    f"{label}: the topic “{name[:40]}” was left out: {' '.join(error.messages)}"
                )
            else:
                topics.append(name)
        return section, topics

    def _write_parts(self, story: Story, blocks: list, topics: list[str], *, replace: bool) -> None:
        # Blocks are made here already sanitised and checked, so bulk_create (which skips
        # RichText.save()'s sanitising) stores the same text; the story's own save has told
        # the reader's cache about the change.
        for model in (RichText, Quote, InlinePhoto):
            rows = [block for block in blocks if isinstance(block, model)]
            for block in rows:
                block.parent = story
            model.objects.bulk_create(rows)
        tags = [self._tag(name) for name in topics]
        if replace:
            story.tags.set(tags)
        else:
            # A new draft: one insert for its topics instead of taggit's three queries per topic; no
            # reader sees the draft, and publishing it tells the page cache about its topic pages.
            story_type = ContentType.objects.get_for_model(Story)
            TaggedItem.objects.bulk_create(
                [TaggedItem(tag=tag, content_type=story_type, object_id=story.pk) for tag in tags]
            )

    def _tag(self, name: str) -> Tag:
        key = name.lower()
        if key not in self.tags:
            # taggit's own create, so the topic gets the slug every topic gets (articles/stories/topics.py).
            self.tags[key] = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        return self.tags[key]

    def _old_addresses(self, story: Story, item: WxrItem, label: str) -> None:
        """The post's permalink, its `?p=ID` and its `/post-name/` path, each a 301 to the story."""
        paths = {f"/?p={item.post_id}"}
        if item.link:
            parts = urlsplit(item.link)
            if parts.path.strip("/"):
                paths.add(old_path_key(unquote(parts.path)))
        if item.post_name:
            paths.add(old_path_key(f"/{unquote(item.post_name)}"))
        paths = {path for path in paths if len(path) <= 500}
        taken = dict(StorySlugRedirect.objects.filter(old_path__in=paths).values_list("old_path", "story_id"))
        for path, story_id in taken.items():
            if story_id != story.pk:
                self.report.problem(
                    f"{label}: the old address {path} already leads to another story; kept there."
                )
        StorySlugRedirect.objects.bulk_create(
            [StorySlugRedirect(old_path=path, story=story) for path in sorted(paths) if path not in taken]
        )

    def _workflow_step(self, story: Story, item: WxrItem, label: str) -> None:
        """The step the post's WordPress status asks for; a refused step leaves a draft, reported."""
        step = STATUS_STEPS[item.status]
        try:
            with transaction.atomic():
                if step in ("publish", "schedule") and item.published_at is None:
                    raise ValidationError("WordPress gives it no publication time.")
                if step in ("publish", "schedule"):
                    story_publish(story=story, user=self.user, at=item.published_at)
                elif step == "submit":
                    story_submit(story=story, user=self.user)
                else:
                    story_revision_create(story=story, user=self.user, comment="Imported from WordPress")
                return
        except ValidationError as error:
            story.refresh_from_db()
            self.report.problem(
                f"{label} is a draft here, because publishing was refused: {' '.join(error.messages)}"
            )
        story_revision_create(story=story, user=self.user, comment="Imported from WordPress")

    def _free_slug(self, item: WxrItem) -> str:
        slug = slugify(unquote(item.post_name))[:200] or slugify(item.title)[:200] or f"post-{item.post_id}"
        if Story.objects.filter(slug=slug).exists():
            slug = f"{slug[:190]}-{item.post_id}"
        return slug

    # The import records.

    @property
    def _source(self) -> str:
        return self.site.address if self.site else ""

    def _imported(self, kind: str, wp_id: str):
        record = ImportedItem.objects.filter(source=self._source, kind=kind, wp_id=wp_id).first()
        return record.content_object if record is not None else None  # None too if the object was deleted

    def _remember(self, kind: str, wp_id: str, instance, *, fingerprint: str = "") -> None:
        ImportedItem.objects.update_or_create(
            source=self._source,
            kind=kind,
            wp_id=wp_id,
            defaults={
                "content_type": ContentType.objects.get_for_model(instance),
                "object_id": instance.pk,
                "fingerprint": fingerprint,
                "imported_at": timezone.now(),
            },
        )

    # Progress and timing.

    def _progress[T](self, items: Iterable[T], description: str, total: int, unit: str) -> Iterator[T]:
        yield from tqdm(
            items,
            desc=description,
            total=total,
            unit=unit,
            file=self.progress_file,
            disable=self.progress_file is None,
        )

    @contextmanager
    def _phase(self, name: str):
        started, cpu_started = time.perf_counter(), time.process_time()
        yield
        self.report.seconds[name] = time.perf_counter() - started
        self.report.cpu_seconds[name] = time.process_time() - cpu_started


def _credit_in_file(stream) -> bool:
    """Whether the file's IPTC/XMP names a credit, photographer or source (the ingest makes the credit)."""
    metadata = read_metadata(stream)
    stream.seek(0)
    return bool(metadata.credit or house_credit(photographer=metadata.photographer, agency=metadata.source))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fingerprint(item: WxrItem) -> str:
    """What the story is made from: a re-run compares it to tell a post changed in WordPress."""
    parts = [item.title, item.excerpt, item.content, item.status, item.date_gmt, item.post_name, item.creator]
    parts += [f"{term.taxonomy}:{term.slug}:{term.name}" for term in item.terms]
    parts.append(item.meta.get("_thumbnail_id", ""))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
