"""The signed cookie that tells pages a reader has confirmed their alerts, so pages need no query."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE_SALT = "articles.alerts.cookie"
ALERTS_COOKIE = "newsroom_alerts"
COOKIE_MAX_AGE = 365 * 24 * 3600


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
