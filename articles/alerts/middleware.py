"""A page that says "You're subscribed" was made for one reader: no shared cache may keep it."""

from __future__ import annotations

from django.utils.cache import patch_cache_control

from articles.alerts.cookies import ALERTS_COOKIE


class AlertsCookieMiddleware:
    """Marks `Cache-Control: private` on every answer to a request carrying the alerts cookie.

    The alerts box reads that cookie (articles/reader/context_processors.py), so such a page
    differs from the one every other reader gets. Pages stay free of `Vary: Cookie`: only the
    few readers who confirmed their alerts get uncacheable pages, not everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if ALERTS_COOKIE in request.COOKIES:
            patch_cache_control(response, private=True)
        return response
