"""What readers do with their alerts: sign up, confirm, follow, unfollow, change frequency, add a
browser, unsubscribe, delete their data. The views, the admin and the tasks call these.

What a story sends (alerts, deliveries) is in story_alerts.py and delivery.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag

from articles.alerts.emails import send_alerts_email
from articles.alerts.links import confirmation_url
from articles.alerts.models import Delivery, Follow, PushSubscription, Subscriber
from articles.stories.models import Author, Section

FollowTarget = Section | Tag | Author | None


def follow_lookup(target: FollowTarget) -> dict:
    """The Follow fields naming `target` (None: breaking news in general)."""
    if target is None:
        return {"kind": Follow.Kind.BREAKING}
    if isinstance(target, Section):
        return {"kind": Follow.Kind.SECTION, "section": target}
    if isinstance(target, Tag):
        return {"kind": Follow.Kind.TOPIC, "topic": target}
    return {"kind": Follow.Kind.AUTHOR, "author": target}


@transaction.atomic
def subscriber_sign_up(
    *,
    email: str,
    site_url: str,
    target: FollowTarget = None,
    client_address: str = "",
    user_agent: str = "",
) -> Subscriber:
    """Record that `email` wants alerts on `target` and send the confirmation link (after commit).

    Signing up again never duplicates a row: a pending address gets the link again, an
    unsubscribed one starts over, a confirmed one already following `target` is left as it is
    (nothing is sent), and a confirmed one asking for something new gets a link to confirm that.
    The signup's client address and browser are kept until confirmation (privacy: docs/alerts.md).
    """
    email = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    details = {"signup_ip": client_address or None, "signup_user_agent": user_agent[:300]}
    if subscriber is None:
        subscriber = Subscriber(email=email, **details)
        subscriber.full_clean()
        subscriber.save()
    elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        for name, value in details.items():
            setattr(subscriber, name, value)
        subscriber.full_clean()
        subscriber.save(update_fields=["status", *details])
    from articles.alerts.tasks import daily_run_ensure  # the tasks call these services

    # The daily task forgets the signup details of addresses that never confirm.
    daily_run_ensure()
    follow, _created = Follow.objects.get_or_create(subscriber=subscriber, **follow_lookup(target))
    if subscriber.status == Subscriber.Status.CONFIRMED and follow.confirmed_at is not None:
        return subscriber
    link = confirmation_url(subscriber, site_url=site_url, follow_id=follow.pk)
    already_confirmed = subscriber.status == Subscriber.Status.CONFIRMED
    transaction.on_commit(
        lambda: send_alerts_email(
            subscriber=subscriber,
            site_url=site_url,
            subject=(
                f"Confirm alerts on {follow.label()} from {settings.NEWSROOM_NAME}"
                if already_confirmed
                else f"Confirm your breaking news alerts from {settings.NEWSROOM_NAME}"
            ),
            template="alerts/email/confirm",
            context={"confirmation_url": link, "follow": follow, "already_confirmed": already_confirmed},
        )
    )
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber, follow_id: int | None = None) -> Subscriber:
    """Start sending alerts to `subscriber` for the follow the link named (every follow still waiting,
    for a link that names none); confirming twice changes nothing. Drops the signup's IP and browser."""
    now = timezone.now()
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
    subscriber.signup_ip, subscriber.signup_user_agent = None, ""
    subscriber.full_clean()
    subscriber.save(
        update_fields=["status", "confirmed_at", "unsubscribed_at", "signup_ip", "signup_user_agent"]
    )
    waiting = subscriber.follows.filter(confirmed_at__isnull=True)
    if follow_id is not None:
        waiting = waiting.filter(pk=follow_id)
    waiting.update(confirmed_at=now)
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop every alert to `subscriber`, by email and in their browsers, including any not sent yet.

    The row stays, so the address is not mailed again by mistake; their browsers are forgotten.
    """
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.full_clean()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    Delivery.objects.filter(subscriber=subscriber, state=Delivery.State.PENDING).update(
        state=Delivery.State.FAILED, error="Unsubscribed before it was sent."
    )
    subscriber.push_subscriptions.all().delete()
    return subscriber


@transaction.atomic
def subscriber_set_frequency(*, subscriber: Subscriber, frequency: str) -> Subscriber:
    """Choose how new stories reach `subscriber`: at once, or in one daily digest."""
    subscriber.frequency = frequency
    subscriber.full_clean()
    subscriber.save(update_fields=["frequency"])
    # Stories already waiting for the digest stay in it: it is at most a day away.
    return subscriber


@transaction.atomic
def follow_stop(*, subscriber: Subscriber, follow_id: int) -> bool:
    """Stop following one thing; False when `follow_id` is not one of `subscriber`'s follows."""
    deleted, _rows = Follow.objects.filter(subscriber=subscriber, pk=follow_id).delete()
    return bool(deleted)


@transaction.atomic
def subscriber_delete(*, subscriber: Subscriber) -> None:
    """Delete everything we hold about `subscriber`: address, follows, browsers.

    What was sent to them stays counted in the alerts' figures, without saying to whom.
    """
    Delivery.objects.filter(subscriber=subscriber, state=Delivery.State.PENDING).update(
        state=Delivery.State.FAILED, error="The reader deleted their data before it was sent."
    )
    subscriber.delete()


@transaction.atomic
def push_subscription_add(
    *, subscriber: Subscriber, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    """Send `subscriber`'s alerts to this browser too; a browser re-registering updates its keys."""
    subscription = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint)
    subscription.subscriber, subscription.p256dh, subscription.auth = subscriber, p256dh, auth
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def push_subscription_remove(*, subscriber: Subscriber, endpoint: str) -> bool:
    """Stop notifying this browser; False when it was not one of `subscriber`'s."""
    deleted, _rows = PushSubscription.objects.filter(subscriber=subscriber, endpoint=endpoint).delete()
    return bool(deleted)


@transaction.atomic
def subscribers_forget_signup_details() -> int:
    """Drop the signup IP and browser of confirmed readers and of signups older than
    ALERTS_SIGNUP_DETAILS_DAYS; returns how many rows were cleared."""
    cut_off = timezone.now() - timedelta(days=settings.ALERTS_SIGNUP_DETAILS_DAYS)
    return (
        Subscriber.objects.filter(Q(signup_ip__isnull=False) | ~Q(signup_user_agent=""))
        .filter(Q(status=Subscriber.Status.CONFIRMED) | Q(created_at__lt=cut_off))
        .update(signup_ip=None, signup_user_agent="")
    )
