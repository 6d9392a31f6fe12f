"""Signed links: confirmation, unsubscribe (also RFC 8058 one-click) and "manage my alerts".

The address is signed with the id, so a link only ever works for the reader it was sent to, and
stops working once their data is deleted. Unsubscribe and manage links never expire: they are
in every message, and a reader may open an old one.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from articles.alerts.models import Subscriber

CONFIRM_SALT = "articles.alerts.confirm"
UNSUBSCRIBE_SALT = "articles.alerts.unsubscribe"
MANAGE_SALT = "articles.alerts.manage"


class InvalidLink(Exception):
    """A confirmation or unsubscribe link that was tampered with, expired or is for someone else."""


def _token(subscriber: Subscriber, salt: str, **extra: int) -> str:
    # The address is part of the signed value, so a link only ever works for the address it was sent to.
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email, **extra}, salt=salt)


def _value_from_token(token: str, salt: str, max_age: int | None) -> tuple[Subscriber, dict]:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidLink("This link has expired. Sign up again and we will send you a new one.") from error
    except signing.BadSignature as error:
        raise InvalidLink("This link is not valid. Check that you copied all of it.") from error
    if not isinstance(value, dict):
        raise InvalidLink("This link is not valid. Check that you copied all of it.")
    subscriber = Subscriber.objects.filter(pk=value.get("id"), email=value.get("email")).first()
    if subscriber is None:
        raise InvalidLink("This link is not valid any more. Sign up again to get alerts.")
    return subscriber, value


def _subscriber_from_token(token: str, salt: str, max_age: int | None) -> Subscriber:
    return _value_from_token(token, salt, max_age)[0]


def confirmation_url(subscriber: Subscriber, *, site_url: str, follow_id: int | None = None) -> str:
    """The link that confirms `subscriber` and, when given, the follow they just asked for."""
    extra = {"follow": follow_id} if follow_id is not None else {}
    return site_url.rstrip("/") + reverse(
        "alerts:confirm", kwargs={"token": _token(subscriber, CONFIRM_SALT, **extra)}
    )


def manage_url(subscriber: Subscriber, *, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("alerts:manage", kwargs={"token": manage_token(subscriber)})


def unsubscribe_token(subscriber: Subscriber) -> str:
    return _token(subscriber, UNSUBSCRIBE_SALT)


def manage_token(subscriber: Subscriber) -> str:
    return _token(subscriber, MANAGE_SALT)


def unsubscribe_url(subscriber: Subscriber, *, site_url: str) -> str:
    return site_url.rstrip("/") + reverse(
        "alerts:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)}
    )


def subscriber_from_confirmation(token: str) -> tuple[Subscriber, int | None]:
    """The subscriber a confirmation link was sent to and the follow it confirms, or InvalidLink
    (also once it is too old)."""
    subscriber, value = _value_from_token(token, CONFIRM_SALT, settings.ALERTS_CONFIRMATION_MAX_AGE)
    follow_id = value.get("follow")
    return subscriber, follow_id if isinstance(follow_id, int) else None


def subscriber_from_manage(token: str) -> Subscriber:
    """The subscriber a "manage my alerts" link was sent to, or InvalidLink; these never expire."""
    return _subscriber_from_token(token, MANAGE_SALT, None)


def subscriber_from_unsubscribe(token: str) -> Subscriber:
    """The subscriber an unsubscribe link was sent to, or InvalidLink; these links never expire."""
    return _subscriber_from_token(token, UNSUBSCRIBE_SALT, None)
