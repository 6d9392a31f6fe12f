"""A story's workflow steps: create, submit, publish, schedule, unpublish, slugs, notes, photo swaps.

These are the only writers of a story's status and publication time, of its
audit trail and of its revisions: the admin form, the admin actions, the demo
seed and any importer call them. Each step records an AuditEntry and a revision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.alerts.story_alerts import story_alert_cancel, story_alert_plan
from articles.photos.models import Photo
from articles.stories.models import InlinePhoto, Story, StorySlugRedirect
from articles.workflow.audit import audit_record
from articles.workflow.models import AuditEntry, StoryNote
from articles.workflow.permissions import require_edit_permission, require_publish_permission
from articles.workflow.revisions import story_revision_create

# Every route to publication is refused this sentence, so readers never see an empty byline.
NO_BYLINE = (
    "A story needs a byline or a desk byline before it can be published: add an author under "
    "“Bylines”, or write a desk byline such as “Staff” or “Agencies”."
)


def story_publication_problems(
    *,
    story: Story,
    inline_photos: Iterable[tuple[Photo, str]] | None = None,
    bylined: bool | None = None,
) -> list[str]:
    """Sentences naming what keeps `story` from going out: no byline nor desk byline (NO_BYLINE),
    and every photo that lacks a caption, credit or alt text.

    `inline_photos` (photo, caption override) pairs replace the stored body photos, and `bylined`
    (whether any author is named) the stored bylines, for a form whose rows are not saved yet.
    """
    problems = []
    if bylined is None:
        bylined = story.pk is not None and story.bylines.exists()
    if not bylined and not story.desk_byline.strip():
        problems.append(NO_BYLINE)
    if story.lead_photo_id is not None:
        missing = _photo_gaps(story.lead_photo, story.lead_photo_caption)
        if missing:
            problems.append(f"The lead photo “{story.lead_photo}” needs {', '.join(missing)}.")
    if inline_photos is None:
        inline_photos = (
            [
                (block.photo, block.caption)
                for block in InlinePhoto.objects.filter(parent=story).select_related("photo")
            ]
            if story.pk
            else []
        )
    for number, (photo, caption) in enumerate(inline_photos, start=1):
        missing = _photo_gaps(photo, caption)
        if missing:
            problems.append(f"Inline photo {number} “{photo}” needs {', '.join(missing)}.")
    return problems


def _photo_gaps(photo: Photo, caption_override: str) -> list[str]:
    """What a photo lacks before a story may go out with it: its descriptions and its renditions."""
    missing = photo.missing_descriptions(caption_override=caption_override)
    if photo.renditions_status == Photo.RenditionsStatus.PENDING:
        missing.append("its resized copies, which are still being made")
    elif photo.renditions_status == Photo.RenditionsStatus.FAILED:
        missing.append("its resized copies, which failed: retry them from the photo's page")
    return missing


def _require_publishable(story: Story) -> None:
    problems = story_publication_problems(story=story)
    if problems:
        raise ValidationError(
            [
                ValidationError(problem, code="no_byline" if problem == NO_BYLINE else "publish_blocked")
                for problem in problems
            ]
        )


def _locked(story: Story) -> Story:
    """`story` with its row locked for this transaction, so two steps on one story run one after the other.

    A step happens once: when the row's status or publication time is no longer what the caller
    read (a second editor's identical click, a double submit), it is refused, not repeated.
    (SQLite ignores the row lock; its IMMEDIATE transactions queue every writer instead.)
    """
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if (story.status, story.published_at) != (locked.status, locked.published_at):
        raise ValidationError(
            "“%(story)s” was changed by someone else meanwhile (it is now %(status)s); "
            "reload it and decide again.",
            code="state_changed",
            params={"story": locked, "status": _state_label(locked)},
        )
    story.embargo_ends_at = locked.embargo_ends_at
    return story


def _state_label(story: Story) -> str:
    return "scheduled" if story.is_scheduled() else story.get_status_display().lower()


@transaction.atomic
def story_create(*, story: Story, user: AbstractBaseUser | None) -> Story:
    """Save a new story as a draft, owned by `user` (see permissions.py), and record it as revision 1."""
    story.status, story.published_at = Story.Status.DRAFT, None
    if story.created_by_id is None and user is not None:
        story.created_by = user
    story.full_clean()
    story.save()
    story_revision_create(story=story, user=user, comment="Created")
    return story


@transaction.atomic
def story_import(
    *,
    story: Story,
    user: AbstractBaseUser,
    write_parts: Callable[[Story], None],
    publish_at: datetime | None = None,
    submit: bool = False,
    comment: str = "Imported",
    bylined: bool | None = None,
    inline_photos: Iterable[tuple[Photo, str]] | None = None,
) -> list[str]:
    """Save a new story brought in from another system straight into its final state, in one step.

    `write_parts(story)` adds its bylines, blocks and topics once the row exists. Then it is
    published at `publish_at` (scheduled when that is in the future), submitted for review
    (`submit`), or left a draft, with the same rules as `story_publish` and `story_submit` but one
    revision, one audit entry and one search-document write instead of two of each. Editors only.
    The revision's comment is `comment` and the state it arrived in ("Imported, published").
    `bylined` and `inline_photos`, when the caller knows what `write_parts` writes, spare the
    publish gate reading them back (see `story_publication_problems`).

    Returns the sentences that kept it from being published (it is then a draft); [] otherwise.
    Raises ValidationError for a story that cannot be saved at all (the caller rolls it back).
    """
    require_publish_permission(user)
    story.status, story.published_at = Story.Status.DRAFT, None
    if story.created_by_id is None:
        story.created_by = user
    # References held as saved instances were read from the database by the caller: not asked again.
    # The slug's uniqueness and the check constraints are the database's; a clash becomes a sentence.
    held = [
        field.name
        for field in Story._meta.concrete_fields
        if field.is_relation and field.is_cached(story) and getattr(story, field.name) is not None
    ]
    story.full_clean(exclude=held, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError as error:
        raise ValidationError(
            "Another story already has the web address “%(slug)s”.",
            code="slug_taken",
            params={"slug": story.slug},
        ) from error
    write_parts(story)
    problems = (
        story_publication_problems(story=story, bylined=bylined, inline_photos=inline_photos)
        if publish_at is not None
        else []
    )
    if publish_at is not None:
        try:
            story.check_embargo(publish_at)
        except ValidationError as error:
            problems += error.messages
    if publish_at is not None and not problems:
        story.status, story.published_at = Story.Status.PUBLISHED, publish_at
        scheduled = publish_at > timezone.now()
        action = AuditEntry.Action.SCHEDULED if scheduled else AuditEntry.Action.PUBLISHED
        detail = f"For {timezone.localtime(publish_at):%Y-%m-%d %H:%M %Z}" if scheduled else ""
        state = "scheduled" if scheduled else "published"
    elif submit:
        story.status, action, detail = Story.Status.SUBMITTED, AuditEntry.Action.SUBMITTED, ""
        state = "submitted for review"
    else:
        action, state = None, "a draft"
    if action is not None:
        story.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(story=story, action=action, user=user, detail=detail)
    story_revision_create(story=story, user=user, comment=f"{comment}, {state}")
    if story.status == Story.Status.PUBLISHED:
        story_alert_plan(story=story, user=user)
    return problems


@transaction.atomic
def story_submit(*, story: Story, user: AbstractBaseUser) -> Story:
    """Hand a draft to the editors for review."""
    _locked(story)
    if story.status not in (Story.Status.DRAFT, Story.Status.UNPUBLISHED):
        raise ValidationError("Only a draft can be submitted for review.", code="not_draft")
    require_edit_permission(user, story)
    story.status = Story.Status.SUBMITTED
    story.full_clean()
    story.save(update_fields=["status", "updated_at"])
    audit_record(story=story, action=AuditEntry.Action.SUBMITTED, user=user)
    story_revision_create(story=story, user=user, comment="Submitted for review")
    return story


@transaction.atomic
def story_return_to_draft(*, story: Story, user: AbstractBaseUser) -> Story:
    """Send a submitted story back to its writer as a draft (or take a withdrawn one back to draft)."""
    _locked(story)
    if story.status not in (Story.Status.SUBMITTED, Story.Status.UNPUBLISHED):
        raise ValidationError(
            "Only a submitted or unpublished story can go back to draft.", code="not_submitted"
        )
    require_edit_permission(user, story)
    story.status, story.published_at = Story.Status.DRAFT, None
    story.full_clean()
    story.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(story=story, action=AuditEntry.Action.RETURNED_TO_DRAFT, user=user)
    story_revision_create(story=story, user=user, comment="Returned to draft")
    return story


@transaction.atomic
def story_publish(
    *, story: Story, user: AbstractBaseUser, at: datetime | None = None, alert_text: str | None = None
) -> Story:
    """Publish `story` now, or schedule it for a future `at`; editors only, bylined, photos described.

    Its followers are notified when it goes live; `alert_text` (may be "": the headline) makes
    that a breaking-news alert (articles/alerts/story_alerts.py).

    Raises ValidationError: "no_byline" when no author is bylined and there is no desk byline;
    "publish_blocked" listing each photo that lacks a caption, a credit or alt text;
    "embargoed" for a time before the story's embargo ends;
    "already_published" or "state_changed" when the step has already happened.
    """
    require_publish_permission(user)
    _locked(story)
    at = at or story.published_at or timezone.now()
    if story.status == Story.Status.PUBLISHED and at == story.published_at:
        raise ValidationError(
            "“%(story)s” is already %(status)s.",
            code="already_published",
            params={"story": story, "status": _state_label(story)},
        )
    story.check_embargo(at)
    _require_publishable(story)
    story.status = Story.Status.PUBLISHED
    story.published_at = at
    story.full_clean()
    story.save(update_fields=["status", "published_at", "updated_at"])
    if story.published_at > timezone.now():
        audit_record(
            story=story,
            action=AuditEntry.Action.SCHEDULED,
            user=user,
            detail=f"For {timezone.localtime(story.published_at):%Y-%m-%d %H:%M %Z}",
        )
        story_revision_create(story=story, user=user, comment="Scheduled")
    else:
        audit_record(story=story, action=AuditEntry.Action.PUBLISHED, user=user)
        story_revision_create(story=story, user=user, comment="Published")
    story_alert_plan(story=story, user=user, breaking_text=alert_text)
    return story


def story_schedule(
    *, story: Story, user: AbstractBaseUser, at: datetime, alert_text: str | None = None
) -> Story:
    """Set `story` to appear at the future time `at`; readers see it from that moment, no job needed
    (its alert, if any, is a task that runs at `at`)."""
    if at <= timezone.now():
        raise ValidationError("Choose a publication time in the future to schedule.", code="not_future")
    return story_publish(story=story, user=user, at=at, alert_text=alert_text)


@transaction.atomic
def story_unpublish(*, story: Story, user: AbstractBaseUser) -> Story:
    """Take `story` off the site: readers get 410 Gone, feeds and sitemaps drop it."""
    require_publish_permission(user)
    _locked(story)
    if story.status == Story.Status.UNPUBLISHED:
        raise ValidationError(
            "“%(story)s” is already unpublished.", code="not_published", params={"story": story}
        )
    story.status = Story.Status.UNPUBLISHED
    story.full_clean()
    story.save(update_fields=["status", "updated_at"])
    audit_record(story=story, action=AuditEntry.Action.UNPUBLISHED, user=user)
    story_revision_create(story=story, user=user, comment="Unpublished")
    story_alert_cancel(story=story)
    return story


@transaction.atomic
def story_change_slug(*, story: Story, user: AbstractBaseUser | None, slug: str) -> Story:
    """Give `story` a new slug; its old address keeps working as a permanent redirect.

    A redirect whose old slug is the story's current slug again is dropped, so
    changing a slug back and forth never loops.
    """
    if user is not None:
        require_edit_permission(user, story)
    old_slug = Story.objects.filter(pk=story.pk).values_list("slug", flat=True).get()
    if slug == old_slug:
        return story
    story.slug = slug
    story.full_clean()
    story.save(update_fields=["slug", "updated_at"])
    StorySlugRedirect.objects.filter(old_slug=slug).delete()
    StorySlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"story": story})
    audit_record(
        story=story, action=AuditEntry.Action.ADDRESS_CHANGED, user=user, detail=f"{old_slug} → {slug}"
    )
    story_revision_create(story=story, user=user, comment="Web address changed")
    return story


@transaction.atomic
def story_note_add(*, story: Story, user: AbstractBaseUser, kind: str, text: str) -> StoryNote:
    """Add a timestamped correction or update note; it raises the story's modification time."""
    require_publish_permission(user)
    note = StoryNote(story=story, kind=kind, text=text.strip(), created_by=user)
    note.full_clean()
    note.save()
    story.updated_at = timezone.now()
    Story.objects.filter(pk=story.pk).update(updated_at=story.updated_at)
    action = (
        AuditEntry.Action.CORRECTED if note.kind == StoryNote.Kind.CORRECTION else AuditEntry.Action.UPDATED
    )
    audit_record(story=story, action=action, user=user, detail=note.text)
    return note


@transaction.atomic
def photo_swap(*, old: Photo, new: Photo, user: AbstractBaseUser) -> list[Story]:
    """Put `new` wherever `old` is used (lead and inline), for example before `old`'s licence expires.

    Only the photo references change; the stories' text, captions and status stay as
    they are. Each story touched gets an audit entry, a revision and a new modification
    time. `new` must pass the rules for choosing a story photo: a licence that has not
    expired, and alt text (or the decorative mark); and, as the stories may be live, the
    publish gate's: a caption and a credit too. The photo desk (change photo permission)
    may do this, although it may not otherwise edit stories.
    """
    if not user.has_perm("photos.change_photo"):
        raise PermissionDenied("You may not swap photos.")
    if old.pk == new.pk:
        raise ValidationError("Choose a different photo to swap in.", code="same_photo")
    if not new.is_usable():
        raise ValidationError(
            "Photo %(pk)s's licence has expired; choose another.", code="expired", params={"pk": new.pk}
        )
    if not new.is_accessible():
        raise ValidationError(
            "Photo %(pk)s has no alt text yet; add it in the photo library (or mark it decorative) "
            "before swapping it in.",
            code="photo_without_alt_text",
            params={"pk": new.pk},
        )
    missing = new.missing_descriptions()
    if missing:
        raise ValidationError(
            "Photo %(pk)s needs %(missing)s before it can be swapped into stories; add them in the "
            "photo library first.",
            code="photo_not_described",
            params={"pk": new.pk, "missing": ", ".join(missing)},
        )
    using = Story.objects.using_photo(old).values("pk")
    stories = list(Story.objects.filter(pk__in=using).select_for_update().order_by("pk"))
    for story in stories:
        if story.lead_photo_id == old.pk:
            story.lead_photo = new
        # Saved for an inline-only use too: the page changed, so its modification time moves.
        story.save(update_fields=["lead_photo", "updated_at"])
        InlinePhoto.objects.filter(parent=story, photo=old).update(photo=new)
        audit_record(
            story=story,
            action=AuditEntry.Action.PHOTO_SWAPPED,
            user=user,
            detail=f"Photo {old.pk} → {new.pk}",
        )
        story_revision_create(story=story, user=user, comment=f"Photo {old.pk} replaced by photo {new.pk}")
    return stories
