"""Multi-step writes. Views, admin actions and commands call these; they do not re-implement them."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import alerts
from articles.models import Photo, Story, StorySlugRedirect, Subscriber
from articles.tasks import create_photo_renditions

PUBLISH_PERMISSION = "articles.publish_story"


def user_can_publish(user: AbstractBaseUser) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def _require_publish_permission(user: AbstractBaseUser) -> None:
    if not user_can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule or unpublish stories.")


@transaction.atomic
def story_publish(*, story: Story, user: AbstractBaseUser, at: datetime | None = None) -> Story:
    """Publish `story` now, or schedule it for `at`; only users with the publish permission may."""
    _require_publish_permission(user)
    story.status = Story.Status.PUBLISHED
    story.published_at = at or story.published_at or timezone.now()
    story.full_clean()
    story.save(update_fields=["status", "published_at", "updated_at"])
    return story


@transaction.atomic
def story_unpublish(*, story: Story, user: AbstractBaseUser) -> Story:
    """Take `story` off the site by returning it to draft; only users with the publish permission may."""
    _require_publish_permission(user)
    story.status = Story.Status.DRAFT
    story.full_clean()
    story.save(update_fields=["status", "updated_at"])
    return story


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
