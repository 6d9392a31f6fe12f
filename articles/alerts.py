"""Breaking-news alerts by email: signed links, the reader's "subscribed" cookie, rate limits, emails.

The writes themselves are services (`subscriber_sign_up`, `subscriber_confirm`,
`subscriber_unsubscribe` in articles/services.py); this module holds what they and
the views share.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Subscriber

CONFIRM_SALT = "articles.alerts.confirm"
UNSUBSCRIBE_SALT = "articles.alerts.unsubscribe"
COOKIE_SALT = "articles.alerts.cookie"
ALERTS_COOKIE = "newsroom_alerts"
COOKIE_MAX_AGE = 365 * 24 * 3600


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
        "articles:alerts-confirm", kwargs={"token": _token(subscriber, CONFIRM_SALT)}
    )


def unsubscribe_url(subscriber: Subscriber, *, site_url: str) -> str:
    return site_url.rstrip("/") + reverse(
        "articles:alerts-unsubscribe", kwargs={"token": _token(subscriber, UNSUBSCRIBE_SALT)}
    )


def subscriber_from_confirmation(token: str) -> Subscriber:
    """The subscriber a confirmation link was sent to, or InvalidLink (also once it is too old)."""
    return _subscriber_from_token(token, CONFIRM_SALT, settings.ALERTS_CONFIRMATION_MAX_AGE)


def subscriber_from_unsubscribe(token: str) -> Subscriber:
    """The subscriber an unsubscribe link was sent to, or InvalidLink; these links never expire."""
    return _subscriber_from_token(token, UNSUBSCRIBE_SALT, None)


def send_alerts_email(
    *, subscriber: Subscriber, site_url: str, subject: str, template: str, context: dict
) -> None:
    """Send one email to `subscriber`; every one carries a working unsubscribe link and header."""
    leave_url = unsubscribe_url(subscriber, site_url=site_url)
    context = {
        "newsroom_name": settings.NEWSROOM_NAME,
        "subscriber": subscriber,
        "unsubscribe_url": leave_url,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{leave_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def signup_allowed(*, email: str, client_address: str) -> bool:
    """Count this signup attempt; False once the address or the client has tried too often this hour."""
    email_key = "alerts:email:" + hashlib.sha256(email.lower().encode()).hexdigest()
    client_key = "alerts:client:" + hashlib.sha256(client_address.encode()).hexdigest()
    within_limits = True
    for key, limit in (
        (email_key, settings.ALERTS_SIGNUPS_PER_ADDRESS_PER_HOUR),
        (client_key, settings.ALERTS_SIGNUPS_PER_CLIENT_PER_HOUR),
    ):
        cache.add(key, 0, timeout=3600)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=3600)
            attempts = 1
        within_limits = within_limits and attempts <= limit
    return within_limits


def alerts_cookie_says_subscribed(request: HttpRequest) -> bool:
    return request.get_signed_cookie(ALERTS_COOKIE, default=None, salt=COOKIE_SALT) == "subscribed"


def remember_subscribed(response: HttpResponse) -> None:
    response.set_signed_cookie(
        ALERTS_COOKIE,
        "subscribed",
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_subscribed(response: HttpResponse) -> None:
    response.delete_cookie(ALERTS_COOKIE, samesite="Lax")
