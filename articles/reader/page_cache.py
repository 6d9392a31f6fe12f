"""A publish-aware full-page cache and HTTP caching for anonymous readers.

Every reader page, feed and sitemap an anonymous visitor GETs is kept in the configured cache
under the site's content version (articles/reader/content_version.py), so a publication, a
correction or any other write readers could see, and the next scheduled publication, retire
it at once. Browsers and shared caches get the same promise over HTTP: an ETag and
Last-Modified (conditional GETs answer 304), `Cache-Control: public` that browsers revalidate
and shared caches keep (`s-maxage`) until the next scheduled change at most, and a Surrogate-Key
naming the stories, sections, authors and topics on the page, for a CDN's purge by key.

Who is not cached: anyone with a session cookie (staff reading the site) or the alerts cookie
(their page says "You're subscribed"), preview links, and
any response that sets a cookie, varies on cookies, or already says how it may be cached
(the 503 of an outage says no-store). The entry is the whole response, headers included, so a
page and its CSP nonce stay together.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from articles.alerts.cookies import ALERTS_COOKIE
from articles.reader.content_version import current_version
from articles.reader.surrogate_keys import keys_of, page_key

READER_NAMESPACE = "articles"
NEVER_CACHED_VIEWS = {"story-preview"}  # private links: every opening is checked and logged


class ReaderPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _reader_match(request)
        if match is None or not _is_cacheable_request(request):
            response = self.get_response(request)
            if match is not None and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"  # staff's, or a subscribed reader's
            return response
        try:
            version = current_version()
        except (OperationalError, InterfaceError):
            # The database is away and the version must be recomputed: render as if uncached,
            # so the view's own query meets the outage and the reader gets the plain 503.
            return self.get_response(request)
        key = _page_key(version.token, request)
        response = cache.get(key)
        seconds_left = version.seconds_left(timezone.now())
        if response is None:
            response = self.get_response(request)
            if not _is_cacheable_response(response) or seconds_left == 0:
                return response
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response.setdefault("Surrogate-Key", page_key(match.url_name))  # feeds and sitemaps
            cache.set(key, response, timeout=min(settings.READER_PAGE_CACHE_SECONDS, seconds_left))
        # Browsers revalidate every time (a 304 from here costs no query): the alerts box depends
        # on the reader's cookie, and someone who just subscribed must not get their old copy back.
        # Shared caches keep the page until the next scheduled change at the latest.
        shared_for = min(settings.READER_PAGE_CACHE_SECONDS, seconds_left)
        response["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={shared_for}"
        response["Last-Modified"] = http_date(version.changed_at.timestamp())
        patch_vary_headers(response, ["Accept-Encoding"])
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(version.changed_at.timestamp()),
            response=response,
        )

    def process_template_response(self, request, response):
        """Name what the page shows (from the view's context) for a CDN purge by key."""
        match = request.resolver_match  # already resolved for this view: no second resolve()
        if (
            match is not None
            and match.namespace == READER_NAMESPACE
            and match.url_name not in NEVER_CACHED_VIEWS
            and _is_cacheable_request(request)
            and response.context_data is not None
        ):
            response["Surrogate-Key"] = " ".join(surrogate_keys(request, response.context_data))
        return response


def surrogate_keys(request, context: dict) -> list[str]:
    match = request.resolver_match
    keys = [page_key(match.url_name)] if match else []
    _collect_keys(list(context.values()), keys, depth=3)
    return list(dict.fromkeys(keys))


def _collect_keys(values, keys: list[str], depth: int) -> None:
    """Keys of the stories, sections, authors and topics in `values`, looking into lists and pages."""
    for item in values:
        if (item_keys := keys_of(item)) is not None:
            keys += item_keys
            continue
        match item:
            case list() | tuple() if depth:
                _collect_keys(item, keys, depth - 1)
            case _ if depth and hasattr(item, "object_list"):  # a paginator's page
                _collect_keys(list(item.object_list), keys, depth - 1)


def _reader_match(request):
    """The URL match of a reader page, feed or sitemap that may be cached; None for anything else."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.namespace != READER_NAMESPACE or match.url_name in NEVER_CACHED_VIEWS:
        return None
    return match


def _is_cacheable_request(request) -> bool:
    """GET or HEAD by a reader whose page depends on no cookie (staff's session, "You're subscribed")."""
    return (
        settings.READER_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not ({settings.SESSION_COOKIE_NAME, ALERTS_COOKIE} & request.COOKIES.keys())
    )


def _is_cacheable_response(response) -> bool:
    vary = {header.strip().lower() for header in response.get("Vary", "").split(",")}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in vary
        and "Cache-Control" not in response
    )


def _page_key(token: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    host = hashlib.sha256(request.get_host().encode()).hexdigest()[:16]
    return f"reader:page:{token}:{host}:{path}"
