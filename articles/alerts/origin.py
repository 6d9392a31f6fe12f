"""Is this signup POST from one of our own pages? CSRF protection without a per-visitor token.

The signup form carries no CSRF token, so reader pages set no cookie and shared caches can hold
them (docs/security.md, "Sessions, cookies and HTTPS"). Browsers say where a request comes from:
`Sec-Fetch-Site` (every current browser) and `Origin` (sent with every cross-site POST since 2020).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import is_same_domain

# Sec-Fetch-Site values a signup may carry: our own page. An absent header is an older browser.
ALLOWED_FETCH_SITES = {"same-origin"}


def _trusted_origin(origin: str) -> bool:
    """`origin` is one of CSRF_TRUSTED_ORIGINS (which may name subdomains as https://*.example.org)."""
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    # As Django's CSRF check reads them: "*.example.org" matches example.org's subdomains.
    return any(
        parts.scheme == urlsplit(trusted).scheme
        and is_same_domain(parts.netloc, urlsplit(trusted).netloc.removeprefix("*"))
        for trusted in settings.CSRF_TRUSTED_ORIGINS
        if "://*." in trusted
    )


def request_is_same_origin(request: HttpRequest) -> bool:
    """False when the browser says the request came from another site; True for our pages and old browsers.

    `Sec-Fetch-Site`, when sent, must be `same-origin`; `Origin`, when sent, must be this site
    (its scheme and host as the request sees them behind nginx) or one of CSRF_TRUSTED_ORIGINS.
    A browser that sends neither is an old one: the signup still works for it (double opt-in
    and the rate limits bound what a forged signup could do: one confirmation email).
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in ALLOWED_FETCH_SITES:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or _trusted_origin(origin)
