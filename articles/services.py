"""Multi-step writes. Views, admin actions and commands call these; they do not re-implement them.

Every workflow step (submit, publish, schedule, unpublish, notes, restores, preview
links) writes an AuditEntry; every change to a story's content writes a StoryRevision.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import alerts
from articles.models import (
    AuditEntry,
    InlinePhoto,
    Photo,
    PreviewLink,
    PreviewOpening,
    Story,
    StoryNote,
    StoryRevision,
    StorySlugRedirect,
    Subscriber,
)
from articles.revisions import snapshot_apply, story_snapshot
from articles.tasks import create_photo_renditions

PUBLISH_PERMISSION = "articles.publish_story"


def user_can_publish(user: AbstractBaseUser) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def _require_publish_permission(user: AbstractBaseUser) -> None:
    if not user_can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule or unpublish stories.")


def _display_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _audit(*, story: Story, action: str, user: AbstractBaseUser | None, detail: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        story=story, action=action, user=user, user_name=_display_name(user), detail=detail[:300]
    )


# Photos must be fully described before a story goes out.


def photo_problems(photo: Photo, *, caption_override: str = "") -> list[str]:
    """What `photo` lacks before it may appear on the site: caption, credit, alt text."""
    missing = []
    if not (caption_override.strip() or photo.caption.strip()):
        missing.append("a caption")
    if not photo.credit.strip():
        missing.append("a credit")
    if not photo.alt_text.strip() and not photo.decorative:
        missing.append("alt text (or the decorative mark)")
    return missing


def story_publication_problems(
    *,
    story: Story,
    inline_photos: Iterable[tuple[Photo, str]] | None = None,
) -> list[str]:
    """Sentences naming every photo of `story` that lacks a caption, credit or alt text.

    `inline_photos` (photo, caption override) pairs replace the stored body photos,
    for a form whose blocks are not saved yet.
    """
    problems = []
    if story.lead_photo_id is not None:
        missing = photo_problems(story.lead_photo, caption_override=story.lead_photo_caption)
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
        missing = photo_problems(photo, caption_override=caption)
        if missing:
            problems.append(f"Inline photo {number} “{photo}” needs {', '.join(missing)}.")
    return problems


def _require_publishable(story: Story) -> None:
    problems = story_publication_problems(story=story)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="publish_blocked") for problem in problems], code="publish_blocked"
        )


# Revisions.


@transaction.atomic
def story_revision_create(*, story: Story, user: AbstractBaseUser | None, comment: str = "") -> StoryRevision:
    """Record the story as it is now in the database as its next revision."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    last = story.revisions.aggregate(last=Max("number"))["last"] or 0
    return StoryRevision.objects.create(
        story=story,
        number=last + 1,
        user=user,
        user_name=_display_name(user),
        comment=comment[:300],
        snapshot=story_snapshot(story),
    )


@transaction.atomic
def story_revision_restore(*, revision: StoryRevision, user: AbstractBaseUser) -> StoryRevision:
    """Bring back `revision`'s content as a new revision; status and publication time are kept.

    Raises SnapshotNotRestorable when the revision names rows that no longer exist.
    """
    story = Story.objects.select_for_update().get(pk=revision.story_id)
    if story.status == Story.Status.PUBLISHED and not user_can_publish(user):
        raise PermissionDenied("Only editors can change a published or scheduled story.")
    snapshot_apply(story=story, snapshot=revision.snapshot)
    _audit(story=story, action=AuditEntry.Action.RESTORED, user=user, detail=f"Revision {revision.number}")
    return story_revision_create(story=story, user=user, comment=f"Restored revision {revision.number}")


# Status changes.


@transaction.atomic
def story_submit(*, story: Story, user: AbstractBaseUser) -> Story:
    """Hand a draft to the editors for review."""
    if story.status not in (Story.Status.DRAFT, Story.Status.UNPUBLISHED):
        raise ValidationError("Only a draft can be submitted for review.", code="not_draft")
    story.status = Story.Status.SUBMITTED
    story.full_clean()
    story.save(update_fields=["status", "updated_at"])
    _audit(story=story, action=AuditEntry.Action.SUBMITTED, user=user)
    story_revision_create(story=story, user=user, comment="Submitted for review")
    return story


@transaction.atomic
def story_publish(*, story: Story, user: AbstractBaseUser, at: datetime | None = None) -> Story:
    """Publish `story` now, or schedule it for a future `at`; editors only, photos fully described.

    Raises ValidationError (code "publish_blocked") listing each photo that lacks a
    caption, a credit or alt text.
    """
    _require_publish_permission(user)
    _require_publishable(story)
    story.status = Story.Status.PUBLISHED
    story.published_at = at or story.published_at or timezone.now()
    story.full_clean()
    story.save(update_fields=["status", "published_at", "updated_at"])
    if story.published_at > timezone.now():
        _audit(
            story=story,
            action=AuditEntry.Action.SCHEDULED,
            user=user,
            detail=f"For {timezone.localtime(story.published_at):%Y-%m-%d %H:%M %Z}",
        )
    else:
        _audit(story=story, action=AuditEntry.Action.PUBLISHED, user=user)
    story_revision_create(story=story, user=user, comment="Published")
    return story


def story_schedule(*, story: Story, user: AbstractBaseUser, at: datetime) -> Story:
    """Set `story` to appear at the future time `at`; readers see it from that moment, no job needed."""
    if at <= timezone.now():
        raise ValidationError("Choose a publication time in the future to schedule.", code="not_future")
    return story_publish(story=story, user=user, at=at)


@transaction.atomic
def story_unpublish(*, story: Story, user: AbstractBaseUser) -> Story:
    """Take `story` off the site: readers get 410 Gone, feeds and sitemaps drop it."""
    _require_publish_permission(user)
    story.status = Story.Status.UNPUBLISHED
    story.full_clean()
    story.save(update_fields=["status", "updated_at"])
    _audit(story=story, action=AuditEntry.Action.UNPUBLISHED, user=user)
    story_revision_create(story=story, user=user, comment="Unpublished")
    return story


def story_record_admin_save(
    *,
    story: Story,
    user: AbstractBaseUser,
    previous_status: str | None,
    previous_published_at: datetime | None,
) -> None:
    """After an admin save: audit any publication change the form made and record the revision.

    The form itself only reaches this point for users allowed to make the change
    (StoryAdmin checks the permission and runs story_publication_problems first).
    """
    if story.status != previous_status or story.published_at != previous_published_at:
        if story.status == Story.Status.PUBLISHED:
            _require_publish_permission(user)
            _require_publishable(story)
            scheduled = story.published_at > timezone.now()
            _audit(
                story=story,
                action=AuditEntry.Action.SCHEDULED if scheduled else AuditEntry.Action.PUBLISHED,
                user=user,
                detail=f"For {timezone.localtime(story.published_at):%Y-%m-%d %H:%M %Z}" if scheduled else "",
            )
        elif story.status == Story.Status.UNPUBLISHED and previous_status != story.status:
            _require_publish_permission(user)
            _audit(story=story, action=AuditEntry.Action.UNPUBLISHED, user=user)
        elif story.status == Story.Status.SUBMITTED and previous_status != story.status:
            _audit(story=story, action=AuditEntry.Action.SUBMITTED, user=user)
    story_revision_create(story=story, user=user)


# Corrections and updates.


@transaction.atomic
def story_note_add(*, story: Story, user: AbstractBaseUser, kind: str, text: str) -> StoryNote:
    """Add a timestamped correction or update note; it raises the story's modification time."""
    note = StoryNote(story=story, kind=kind, text=text.strip(), created_by=user)
    note.full_clean()
    note.save()
    story_note_record(note=note, user=user)
    return note


def story_note_record(*, note: StoryNote, user: AbstractBaseUser) -> None:
    """Audit a saved note and raise its story's modification time (admin inlines save the note itself)."""
    story = note.story
    story.updated_at = timezone.now()
    Story.objects.filter(pk=story.pk).update(updated_at=story.updated_at)
    action = (
        AuditEntry.Action.CORRECTED if note.kind == StoryNote.Kind.CORRECTION else AuditEntry.Action.UPDATED
    )
    _audit(story=story, action=action, user=user, detail=note.text)


# Preview links.


@transaction.atomic
def preview_link_create(
    *, story: Story, user: AbstractBaseUser, expires_at: datetime | None = None, note: str = ""
) -> PreviewLink:
    """A new preview link for `story`, valid for 48 hours unless `expires_at` says otherwise."""
    link = PreviewLink(story=story, created_by=user, note=note)
    if expires_at is not None:
        link.expires_at = expires_at
    link.full_clean()
    link.save()
    _audit(story=story, action=AuditEntry.Action.PREVIEW_SHARED, user=user, detail=note)
    return link


@transaction.atomic
def preview_link_revoke(*, link: PreviewLink, user: AbstractBaseUser) -> PreviewLink:
    """Stop `link` from working, at once and for good."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        _audit(story=link.story, action=AuditEntry.Action.PREVIEW_REVOKED, user=user, detail=link.note)
    return link


def preview_link_log_opening(*, link: PreviewLink, ip_address: str | None, user_agent: str) -> PreviewOpening:
    """Log one opening of `link`: when and from where."""
    return PreviewOpening.objects.create(
        link=link, ip_address=ip_address or None, user_agent=user_agent[:300]
    )


# Photos.


@transaction.atomic
def photo_create(*, photo: Photo, uploaded_by: AbstractBaseUser | None = None) -> Photo:
    """Store a new library photo; its renditions are made once the transaction has committed."""
    photo.uploaded_by = uploaded_by
    photo.full_clean()
    photo.save()
    transaction.on_commit(lambda: create_photo_renditions.enqueue(photo.pk))
    return photo


@transaction.atomic
def story_record_slug_change(*, story: Story, old_slug: str) -> StorySlugRedirect | None:
    """Make `old_slug` answer with a 301 to `story`, after its slug changed; None if nothing changed.

    A redirect whose old slug is the story's current slug again is dropped, so
    changing a slug back and forth never loops.
    """
    StorySlugRedirect.objects.filter(old_slug=story.slug).delete()
    if not old_slug or old_slug == story.slug:
        return None
    redirect, _ = StorySlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"story": story})
    return redirect


@transaction.atomic
def story_change_slug(*, story: Story, slug: str) -> Story:
    """Give `story` a new slug; its old address keeps working as a permanent redirect."""
    old_slug = story.slug
    story.slug = slug
    story.full_clean()
    story.save(update_fields=["slug", "updated_at"])
    story_record_slug_change(story=story, old_slug=old_slug)
    return story


@transaction.atomic
def subscriber_sign_up(*, email: str, site_url: str) -> Subscriber:
    """Record `email` as waiting for confirmation and send the confirmation link (after commit).

    Signing up again never duplicates the row: a pending address gets the link
    again, an unsubscribed one starts over, a confirmed one is left as it is.
    """
    email = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
        subscriber.full_clean()
        subscriber.save()
    elif subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.full_clean()
        subscriber.save(update_fields=["status"])
    link = alerts.confirmation_url(subscriber, site_url=site_url)
    transaction.on_commit(
        lambda: alerts.send_alerts_email(
            subscriber=subscriber,
            site_url=site_url,
            subject=f"Confirm your breaking news alerts from {settings.NEWSROOM_NAME}",
            template="articles/email/alerts_confirm",
            context={"confirmation_url": link},
        )
    )
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    """Start sending alerts to `subscriber`; confirming twice changes nothing."""
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.full_clean()
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop every alert to `subscriber`; the row stays, so the address is not mailed again by mistake."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.full_clean()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber
