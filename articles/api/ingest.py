"""Wire ingest: a ninjs item becomes a draft story with its photos, through the admin's own services.

Photos enter by `photo_ingest` (content sniffed, metadata read, duplicates found by checksum);
the story by `story_create`, its revisions by `story_revision_create`, its audit trail by
`audit_record`; stored text is sanitised by `RichText.save()`. Idempotent by the item's `uri`
and `version`: the same version again changes nothing, a newer one revises the story, an
older one is refused. Used by the write API and by `manage.py import_ninjs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from articles.api.body_html import PhotoPart, QuotePart, TextPart, split_body
from articles.api.ingest_photos import PhotoUse, item_photos_ingest
from articles.api.models import ApiToken, IngestedItem
from articles.api.refusals import IngestRefused
from articles.api.schemas import NinjsItemIn, holds_nul
from articles.stories.models import Author, Byline, Contribution, InlinePhoto, Quote, RichText, Section, Story
from articles.workflow.audit import audit_record
from articles.workflow.models import AuditEntry
from articles.workflow.permissions import require_edit_permission
from articles.workflow.revisions import story_revision_create
from articles.workflow.services import story_create

LEAD_NAMES = ("lead", "featuremedia")
AUTHOR_RELS = (None, "", "author", "byline")


@dataclass
class IngestOutcome:
    status: str  # created, revised, unchanged
    story: Story
    item: IngestedItem
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.status == "unchanged":
            return f"Version {self.item.version} of this item was already received; nothing changed."
        verb = "Created" if self.status == "created" else "Revised"
        return f"{verb} the draft “{self.story.headline}” from version {self.item.version}."

    @property
    def admin_url(self) -> str:
        return reverse("admin:stories_story_change", args=[self.story.pk])


def story_ingest(
    *,
    item: NinjsItemIn,
    user: AbstractBaseUser,
    token: ApiToken | None,
    section: Section | None,
    allow_photos: bool,
    create_sections: bool = False,
) -> IngestOutcome:
    """Create or revise the draft story for `item`, acting as `user`; see the module docstring.

    `section` is where stories that name no existing section go; `create_sections` (the import)
    makes the sections an item names instead. Raises IngestRefused (409 for an older version,
    403 for what `user` may not do, 422 for an item that cannot become a story).
    """
    if not user.has_perm("stories.add_story"):
        raise IngestRefused(
            f"{user.get_username()} may not create stories, so neither may a token acting as them.",
            status=403,
            code="not_allowed",
        )
    if holds_nul(item.model_dump()):
        raise IngestRefused(
            "Text in the item may not contain NUL characters (\\u0000): remove them and send it again.",
            status=422,
            code="nul_character",
        )
    known = IngestedItem.objects.filter(uri=item.uri).first()
    if known is not None and item.version <= known.version:
        return _unchanged_or_refused(item, known)
    photos = item_photos_ingest(item.associations, user=user, allow_photos=allow_photos)
    write = {
        "user": user,
        "token": token,
        "section": section,
        "photos": photos,
        "create_sections": create_sections,
    }
    try:
        return _write_story(item, **write)
    except IntegrityError:
        # A concurrent request took this uri (or the slug drawn for it) first; its row decides,
        # as if this request had come second: the same version is a no-op, a newer one a revision.
        known = IngestedItem.objects.filter(uri=item.uri).first()
        if known is not None and item.version <= known.version:
            return _unchanged_or_refused(item, known)
        return _write_story(item, **write)


def _unchanged_or_refused(item: NinjsItemIn, known: IngestedItem) -> IngestOutcome:
    if item.version == known.version:
        return IngestOutcome("unchanged", known.story, known)
    raise IngestRefused(
        f"Version {item.version} of {item.uri} is older than version {known.version}, which was already "
        "received: send the newest version, or a higher version number for a correction.",
        status=409,
        code="older_version",
    )


@transaction.atomic
def _write_story(
    item: NinjsItemIn,
    *,
    user: AbstractBaseUser,
    token: ApiToken | None,
    section: Section | None,
    photos: dict[str, PhotoUse],
    create_sections: bool,
) -> IngestOutcome:
    known = IngestedItem.objects.select_for_update().filter(uri=item.uri).first()
    if known is not None and item.version <= known.version:
        return _unchanged_or_refused(item, known)
    lead = next((photos[name] for name in LEAD_NAMES if name in photos), None)
    lead = lead or next(
        (photos[a.name] for a in item.associations if a.rel == "lead" and a.name in photos), None
    )
    fields = {
        "headline": _headline(item, "main") or item.headlines[0].value,
        "kicker": _headline(item, "kicker"),
        "deck": next((d.value for d in item.descriptions if d.role in (None, "summary")), ""),
        # A revision naming no section keeps the one the desk may have moved the story to.
        "section": _section(item, fallback=known.story.section if known else section, create=create_sections),
        "lead_photo": lead.photo if lead else None,
        "lead_photo_caption": lead.caption_override if lead else "",
    }
    fields = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    authors = _authors(item, rels=AUTHOR_RELS)
    contributors = [author for author in _authors(item, rels=("contributor",)) if author not in authors]
    fields["desk_byline"] = "" if authors else (item.by or "").strip()[:80]
    try:
        if known is None:
            story = Story(slug=_free_slug(item.slugline or fields["headline"]), **fields)
            story = story_create(story=story, user=user)
            status = "created"
        else:
            story = Story.objects.select_for_update().get(pk=known.story_id)
            require_edit_permission(user, story)
            for name, value in fields.items():
                setattr(story, name, value)
            story.full_clean()
            story.save(update_fields=[*fields, "updated_at"])
            status = "revised"
        _replace_credits(story, Byline, authors)
        _replace_credits(story, Contribution, contributors)
        story.tags.clear()
        for name in dict.fromkeys(_topics(item)):
            story.tags.add(name)
        notes = _replace_body(story, item, photos, lead)
    except ValidationError as error:
        raise IngestRefused(
            "The item cannot become a story: " + " ".join(error.messages),
            status=422,
            code="invalid_story",
            problems=error.messages,
        ) from error
    except PermissionDenied as error:
        raise IngestRefused(str(error), status=403, code="not_allowed") from error
    if known is None:
        known = IngestedItem.objects.create(uri=item.uri, version=item.version, story=story, token=token)
    else:
        known.version, known.token = item.version, token or known.token
        known.save(update_fields=["version", "token", "updated_at"])
    sender = f"the API token “{token.name}” ({token.prefix}…)" if token else "manage.py import_ninjs"
    audit_record(
        story=story,
        action=AuditEntry.Action.INGESTED,
        user=user,
        detail=f"Version {item.version} of {item.uri}, sent with {sender}",
    )
    story_revision_create(story=story, user=user, comment=f"Received version {item.version} of {item.uri}")
    return IngestOutcome(status, story, known, notes=notes)


def _headline(item: NinjsItemIn, role: str) -> str:
    return next((headline.value for headline in item.headlines if headline.role == role), "")


def _section(item: NinjsItemIn, *, fallback: Section | None, create: bool) -> Section:
    for subject in item.subjects:
        if subject.rel != "section" or not (subject.literal or subject.name):
            continue
        slug = slugify(subject.literal or subject.name)[:80]
        found = Section.objects.filter(slug=slug).first() or (
            Section.objects.filter(name__iexact=subject.name).first() if subject.name else None
        )
        if found is not None:
            return found
        if create:
            section = Section(name=(subject.name or slug)[:80], slug=slug)
            section.full_clean()
            section.save()
            return section
    if fallback is None:
        raise IngestRefused(
            "The item names no section that exists, and there is no section to put it in.",
            status=422,
            code="no_section",
        )
    return fallback


def _authors(item: NinjsItemIn, *, rels: tuple) -> list[Author]:
    authors: list[Author] = []
    for person in item.people:
        if person.rel not in rels or not (person.name or "").strip():
            continue
        author = _author(person.name.strip(), person.literal)
        if author not in authors:
            authors.append(author)
    return authors


def _author(name: str, literal: str | None) -> Author:
    """The author with this slug, else this name; a new author when the newsroom knows neither."""
    slug = slugify(literal or "")[:120]
    found = (Author.objects.filter(slug=slug).first() if slug else None) or Author.objects.filter(
        name__iexact=name
    ).first()
    if found is not None:
        return found
    base = slug or slugify(name)[:110] or "author"
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    author = Author(name=name[:120], slug=slug)
    author.full_clean()
    author.save()
    return author


def _topics(item: NinjsItemIn) -> list[str]:
    return [
        " ".join(subject.name.split())[:100]
        for subject in item.subjects
        if subject.rel != "section" and subject.name and subject.name.strip()
    ]


def _free_slug(text: str) -> str:
    base = slugify(text)[:180].strip("-") or "story"
    slug, number = base, 1
    while Story.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _replace_credits(story: Story, model, authors: list[Author]) -> None:
    model.objects.filter(story=story).delete()
    model.objects.bulk_create(
        model(story=story, author=author, position=position) for position, author in enumerate(authors, 1)
    )


def _replace_body(
    story: Story, item: NinjsItemIn, photos: dict[str, PhotoUse], lead: PhotoUse | None
) -> list[str]:
    """The story's body blocks, replaced by the item's main body; returns notes on what was left out."""
    body = next((b for b in item.bodies if b.role in (None, "main")), item.bodies[0] if item.bodies else None)
    parts = split_body(body.value if body else "")
    used = {name for name, use in photos.items() if use is lead}
    notes = []
    for model in (RichText, Quote, InlinePhoto):
        model.objects.filter(parent=story).delete()
    for ordering, part in enumerate(_with_unplaced_photos(parts, photos, used), start=1):
        common = {"parent": story, "region": "body", "ordering": ordering * 10}
        match part:
            case TextPart(html=html):
                block = RichText(text=html, **common)
            case QuotePart(quote=quote, attribution=attribution):
                block = Quote(quote=quote, attribution=attribution, **common)
            case PhotoPart(association=name) if name in photos:
                block = InlinePhoto(photo=photos[name].photo, caption=photos[name].caption_override, **common)
            case PhotoPart(association=name):
                notes.append(f"The body names the association “{name}”, which the item does not carry.")
                continue
        block.full_clean()
        block.save()
    return notes


def _with_unplaced_photos(parts: list, photos: dict[str, PhotoUse], used: set[str]) -> list:
    """Photos the body does not place (and not the lead) follow the text, so none is dropped."""
    placed = {part.association for part in parts if isinstance(part, PhotoPart)}
    return parts + [PhotoPart(name) for name in photos if name not in placed and name not in used]


def first_created(item: NinjsItemIn):
    """The item's firstCreated as an aware datetime, or None when absent or unreadable."""
    if not item.firstCreated:
        return None
    try:
        moment = parse_datetime(item.firstCreated)
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None
