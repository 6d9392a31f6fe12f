"""HTTP caching and paging for the read API: ETag and Last-Modified with 304s, and opaque cursors."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag

# Shared caches may keep an answer a minute; browsers revalidate, and a 304 costs no rendering.
CACHE_CONTROL = "public, max-age=0, s-maxage=60, must-revalidate"


class BadCursor(ValueError):
    pass


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, length: int) -> list[Any]:
    """The values of a cursor made by `encode_cursor`; BadCursor for anything else."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        raise BadCursor(cursor) from None
    if not isinstance(values, list) or len(values) != length:
        raise BadCursor(cursor)
    return values


def payload_etag(payload: Any) -> str:
    """A strong ETag from the answer itself: any change readers could see changes it."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])


def not_modified(request: HttpRequest, *, etag: str, last_modified: datetime | None) -> bool:
    """True when the client's copy is current (If-None-Match first, else If-Modified-Since)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        return etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since and last_modified is not None:
        parsed = parse_http_date_safe(since)
        return parsed is not None and int(last_modified.timestamp()) <= parsed
    return False


def set_cache_headers(response: HttpResponse, *, etag: str, last_modified: datetime | None) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
