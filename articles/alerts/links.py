"""Signed confirmation and unsubscribe links.

The address is signed with the id, so a link only ever works for the reader it was sent to.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from articles.alerts.models import Subscriber

CONFIRM_SALT = "articles.alerts.confirm"
UNSUBSCRIBE_SALT = "articles.alerts.unsubscribe"


class InvalidLink(Exception):
    """A confirmation or unsubscribe link that was tampered with, expired or is for someone else."""


def _token(subscriber: Subscriber, salt: str) -> str:
    # The address is part of the signed value, so a link only ever works for the address it was sent to.
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=salt)


def _subscriber_from_token(token: str, salt: str, max_age: int | None) -> Subscriber:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidLink("This link has expired. Sign up again and we will send you a new one.") from error
    except signing.BadSignature as error:
        raise InvalidLink("This link is not valid. Check that you copied all of it.") from error
    subscriber = Subscriber.objects.filter(pk=value.get("id"), email=value.get("email")).first()
    if subscriber is None:
        raise InvalidLink("This link is not valid any more. Sign up again to get alerts.")
    return subscriber


def confirmation_url(subscriber: Subscriber, *, site_url: str) -> str:
    return site_url.rstrip("/") + reverse(
        "alerts:confirm", kwargs={"token": _token(subscriber, CONFIRM_SALT)}
    )


def unsubscribe_url(subscriber: Subscriber, *, site_url: str) -> str:
    return site_url.rstrip("/") + reverse(
        "alerts:unsubscribe", kwargs={"token": _token(subscriber, UNSUBSCRIBE_SALT)}
    )


def subscriber_from_confirmation(token: str) -> Subscriber:
    """The subscriber a confirmation link was sent to, or InvalidLink (also once it is too old)."""
    return _subscriber_from_token(token, CONFIRM_SALT, settings.ALERTS_CONFIRMATION_MAX_AGE)


def subscriber_from_unsubscribe(token: str) -> Subscriber:
    """The subscriber an unsubscribe link was sent to, or InvalidLink; these links never expire."""
    return _subscriber_from_token(token, UNSUBSCRIBE_SALT, None)
