"""Who is calling the write API: the partner token in `Authorization: Bearer …`, its rate and its size limits.

Each check refuses with an ApiRefusal, which the API answers as JSON with a sentence and a code.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer

from articles.api.models import ApiToken
from articles.api.tokens import token_for_secret, token_mark_used

RATE_WINDOW_SECONDS = 60


class ApiRefusal(Exception):
    def __init__(self, message: str, *, status: int, code: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message, self.status, self.code, self.headers = message, status, code, headers or {}


class PartnerToken(HttpBearer):
    """A live partner token, within its rate, sending a body Newsroom will read."""

    def __call__(self, request):
        if not request.headers.get("Authorization", "").lower().startswith("bearer "):
            raise ApiRefusal(
                "Send your partner token as “Authorization: Bearer <token>”.", status=401, code="no_token"
            )
        return super().__call__(request)

    def authenticate(self, request, token: str) -> ApiToken:
        found = token_for_secret(token.strip())
        if found is None:
            raise ApiRefusal("This token is not one the newsroom issued.", status=401, code="unknown_token")
        if not found.is_active():
            raise ApiRefusal(
                f"This token was revoked on {found.revoked_at:%Y-%m-%d}; ask the newsroom for a new one.",
                status=401,
                code="revoked_token",
            )
        if not found.user.is_active:
            raise ApiRefusal(
                "The account this token acts as is disabled.", status=403, code="account_disabled"
            )
        _check_rate(found)
        _check_size(request)
        token_mark_used(found)
        return found


def _check_rate(token: ApiToken) -> None:
    """Count the request against the token's allowance for this minute (shared by every app server)."""
    key = f"api:rate:{token.pk}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    if count > settings.API_INGEST_REQUESTS_PER_MINUTE:
        raise ApiRefusal(
            f"This token may send {settings.API_INGEST_REQUESTS_PER_MINUTE} requests a minute; "
            "wait a minute and send again.",
            status=429,
            code="rate_limited",
            headers={"Retry-After": str(RATE_WINDOW_SECONDS)},
        )


def _check_size(request) -> None:
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise ApiRefusal(
            f"The item is {length // 1024} KB; Newsroom reads items of up to {limit // 1024} KB, photos "
            "included. Send smaller pictures, or fewer at a time.",
            status=413,
            code="too_large",
        )
