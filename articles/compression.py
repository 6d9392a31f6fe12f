"""Compressed pages for anonymous readers in the embedded default (behind nginx, nginx compresses).

Only text that carries no secret is compressed: a compressed response that mixes a secret (a CSRF
token, a session's personal data) with text an attacker can inject leaks the secret through its
size (BREACH, https://www.breachattack.com/). Anonymous reader pages carry neither, so they are
compressed; the admin, every logged-in page and anything that sets a cookie are not.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import has_vary_header

COMPRESSIBLE_TYPES = {
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
}


def may_compress(request: HttpRequest, response: HttpResponseBase) -> bool:
    """True for text with no secret in it: no cookie set, no CSRF token made, no session, no Vary: Cookie."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        content_type in COMPRESSIBLE_TYPES
        and not response.cookies
        # get_token() (a {% csrf_token %} in the page) sets this, even when the cookie already existed.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not has_vary_header(response, "Cookie")
    )


class AnonymousGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for anonymous text only, and only while COMPRESS_HTML is on."""

    def process_response(self, request, response):
        if not settings.COMPRESS_HTML or not may_compress(request, response):
            return response
        return super().process_response(request, response)
