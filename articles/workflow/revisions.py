"""Story revisions as JSON snapshots: take one, compare two, apply one back; and their two services.

A snapshot holds every editable field, the ordered bylines, contributors and
related stories, the topic tags and the body blocks in order. Names (authors,
section, photos, related headlines) are stored next to the ids so that a diff
stays readable after those rows change or disappear.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.photos.models import Photo
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
from articles.workflow.audit import audit_record, display_name
from articles.workflow.models import AuditEntry, StoryRevision
from articles.workflow.permissions import require_edit_permission

# Story fields kept in a snapshot, in the order the diff lists them.
SNAPSHOT_FIELDS = (
    "kicker",
    "headline",
    "deck",
    "slug",
    "section",
    "desk_byline",
    "lead_photo",
    "lead_photo_caption",
    "status",
    "published_at",
    "embargo_ends_at",
    "embargo_note",
    "seo_title",
    "seo_description",
    "external_link_rel",
)
# A restore brings back the words, not the publication state: status, time and embargo stay as
# they are, so restoring can never publish, schedule, unpublish or release a story behind an
# editor's back.
NOT_RESTORED = ("status", "published_at", "embargo_ends_at")

BLOCK_TYPES = {"richtext": RichText, "quote": Quote, "inlinephoto": InlinePhoto}


def story_snapshot(story: Story) -> dict[str, Any]:
    """Everything an editor can change on `story`, as JSON-compatible data."""
    fields: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        field = Story._meta.get_field(name)
        if field.is_relation:
            related = getattr(story, name)
            fields[name] = {"id": related.pk, "label": str(related)} if related is not None else None
        else:
            value = getattr(story, name)
            fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
    blocks = []
    for block in story.stories_richtext_set.all():
        blocks.append({"type": "richtext", "ordering": block.ordering, "text": block.text})
    for block in story.stories_quote_set.all():
        blocks.append(
            {
                "type": "quote",
                "ordering": block.ordering,
                "quote": block.quote,
                "attribution": block.attribution,
            }
        )
    for block in story.stories_inlinephoto_set.select_related("photo"):
        blocks.append(
            {
                "type": "inlinephoto",
                "ordering": block.ordering,
                "photo": {"id": block.photo_id, "label": str(block.photo)},
                "caption": block.caption,
            }
        )
    blocks.sort(key=lambda block: block["ordering"])
    return {
        "fields": fields,
        "bylines": _credits(story.bylines.select_related("author").order_by("position")),
        "contributors": _credits(story.contributions.select_related("author").order_by("position")),
        "related": [
            {"id": link.related_id, "label": str(link.related), "position": link.position}
            for link in story.related_links.select_related("related").order_by("position")
        ],
        "tags": sorted(story.tags.names(), key=str.lower),
        "body": blocks,
    }


def _credits(queryset) -> list[dict[str, Any]]:
    return [{"id": row.author_id, "label": row.author.name, "position": row.position} for row in queryset]


# Reading a snapshot as text, for the diff.


def snapshot_as_text(snapshot: dict[str, Any]) -> dict[str, str]:
    """Label → printable text for every part of a snapshot, in the order the form shows them."""
    labels = {name: str(Story._meta.get_field(name).verbose_name).capitalize() for name in SNAPSHOT_FIELDS}
    text: dict[str, str] = {}
    fields = snapshot["fields"]
    for name in SNAPSHOT_FIELDS:
        value = fields.get(name)
        if isinstance(value, dict):
            value = value["label"]
        elif name == "status" and value:
            value = Story.Status(value).label
        text[labels[name]] = "" if value is None else str(value)
    text["Bylines"] = ", ".join(credit["label"] for credit in snapshot["bylines"])
    text["Contributors"] = ", ".join(credit["label"] for credit in snapshot["contributors"])
    text["Topics"] = ", ".join(snapshot["tags"])
    text["Related stories"] = "\n".join(link["label"] for link in snapshot["related"])
    text["Body"] = "\n\n".join(_block_as_text(block) for block in snapshot["body"])
    return text


def _block_as_text(block: dict[str, Any]) -> str:
    if block["type"] == "richtext":
        return strip_tags(block["text"].replace("</p>", "</p>\n")).strip()
    if block["type"] == "quote":
        attribution = f" — {block['attribution']}" if block["attribution"] else ""
        return f"[Quote] “{block['quote']}”{attribution}"
    caption = f": {block['caption']}" if block["caption"] else ""
    return f"[Photo] {block['photo']['label']}{caption}"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    marked_up: SafeString  # Words removed in <del>, words added in <ins>.


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """The parts that differ between two snapshots, with a word-level mark-up of each change."""
    old_text, new_text = snapshot_as_text(old), snapshot_as_text(new)
    return [
        FieldChange(label, old_text.get(label, ""), new_text[label], _mark_up(old_text.get(label, ""), value))
        for label, value in new_text.items()
        if old_text.get(label, "") != value
    ]


def _mark_up(before: str, after: str) -> SafeString:
    old_words, new_words = before.split(" "), after.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(part for part in parts if part))  # noqa: S308 - every part is escaped above


# Applying a snapshot back onto a story (used by story_revision_restore below).


class SnapshotNotRestorable(Exception):
    """A snapshot names an author, section, photo or story that no longer exists."""


def snapshot_apply(*, story: Story, snapshot: dict[str, Any]) -> None:
    """Make `story` and its related rows match `snapshot` (status and publication time excepted)."""
    missing = _missing_references(snapshot)
    if missing:
        raise SnapshotNotRestorable(
            "This revision cannot be restored because these no longer exist: " + "; ".join(missing) + "."
        )
    fields = snapshot["fields"]
    for name in SNAPSHOT_FIELDS:
        if name in NOT_RESTORED or name not in fields:
            continue
        value = fields[name]
        field = Story._meta.get_field(name)
        if field.is_relation:
            setattr(story, field.attname, value["id"] if value else None)
        elif name == "published_at":
            setattr(story, name, parse_datetime(value) if value else None)
        else:
            setattr(story, name, value)
    story.full_clean()
    story.save()
    story.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(story=story, author_id=credit["id"], position=credit["position"])
        for credit in snapshot["bylines"]
    )
    story.contributions.all().delete()
    Contribution.objects.bulk_create(
        Contribution(story=story, author_id=credit["id"], position=credit["position"])
        for credit in snapshot["contributors"]
    )
    story.related_links.all().delete()
    RelatedStory.objects.bulk_create(
        RelatedStory(story=story, related_id=link["id"], position=link["position"])
        for link in snapshot["related"]
    )
    story.tags.set(snapshot["tags"], clear=True)
    for model in BLOCK_TYPES.values():
        model.objects.filter(parent=story).delete()
    for block in snapshot["body"]:
        values = {key: value for key, value in block.items() if key not in ("type", "photo")}
        if block["type"] == "inlinephoto":
            values["photo_id"] = block["photo"]["id"]
        BLOCK_TYPES[block["type"]](parent=story, region="body", **values).save()


def _missing_references(snapshot: dict[str, Any]) -> list[str]:
    fields = snapshot["fields"]
    missing = []
    wanted = [
        (Section, [fields["section"]] if fields.get("section") else []),
        (Photo, [fields["lead_photo"]] if fields.get("lead_photo") else []),
        (Photo, [block["photo"] for block in snapshot["body"] if block["type"] == "inlinephoto"]),
        (Author, snapshot["bylines"] + snapshot["contributors"]),
        (Story, snapshot["related"]),
    ]
    for model, references in wanted:
        existing = set(
            model.objects.filter(pk__in=[ref["id"] for ref in references]).values_list("pk", flat=True)
        )
        missing += [
            f"{model._meta.verbose_name} “{ref['label']}”" for ref in references if ref["id"] not in existing
        ]
    return missing


# The services.


@transaction.atomic
def story_revision_create(*, story: Story, user: AbstractBaseUser | None, comment: str = "") -> StoryRevision:
    """Record the story as it is now in the database as its next revision."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    # Every write of a story's words ends here (the services, the admin's save, a restore),
    # so this is where its search document follows them.
    story_document_refresh(story=story)
    last = story.revisions.aggregate(last=Max("number"))["last"] or 0
    return StoryRevision.objects.create(
        story=story,
        number=last + 1,
        user=user,
        user_name=display_name(user),
        comment=comment[:300],
        snapshot=story_snapshot(story),
    )


@transaction.atomic
def story_revision_restore(*, revision: StoryRevision, user: AbstractBaseUser) -> StoryRevision:
    """Bring back `revision`'s content as a new revision; status and publication time are kept.

    Raises SnapshotNotRestorable when the revision names rows that no longer exist.
    """
    story = Story.objects.select_for_update().get(pk=revision.story_id)
    require_edit_permission(user, story)
    snapshot_apply(story=story, snapshot=revision.snapshot)
    audit_record(
        story=story, action=AuditEntry.Action.RESTORED, user=user, detail=f"Revision {revision.number}"
    )
    return story_revision_create(story=story, user=user, comment=f"Restored revision {revision.number}")


def latest_revision_number(story_pk: int) -> int:
    """The number of the story's newest revision, 0 when it has none."""
    return StoryRevision.objects.filter(story_id=story_pk).aggregate(last=Max("number"))["last"] or 0
