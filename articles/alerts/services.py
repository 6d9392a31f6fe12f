"""Alerts subscriptions: sign up, confirm, unsubscribe. The views and the admin call these."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.alerts.emails import send_alerts_email
from articles.alerts.links import confirmation_url
from articles.alerts.models import Subscriber


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
    link = confirmation_url(subscriber, site_url=site_url)
    transaction.on_commit(
        lambda: send_alerts_email(
            subscriber=subscriber,
            site_url=site_url,
            subject=f"Confirm your breaking news alerts from {settings.NEWSROOM_NAME}",
            template="alerts/email/confirm",
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
