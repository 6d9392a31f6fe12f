"""Addresses reversed once per process: a reader page asks for the same few dozen on every request.

A section, author or story address (or the CSP report endpoint's) depends only on its slug, the
URLconf and the script prefix the site is served under, so it is kept under those. reverse()
walks the URL resolver each time: 23 calls were an eighth of the story page's time and 53 a
tenth of the home page's.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Enough for every section and author, and the stories a busy day's pages link to.
_KEPT = 8192


def reverse_once(viewname: str, **kwargs: str) -> str:
    """reverse(viewname, kwargs=kwargs), remembered; for addresses made of plain values such as slugs."""
    urlconf = get_urlconf(settings.ROOT_URLCONF)
    return _reversed(viewname, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf)


@functools.lru_cache(maxsize=_KEPT)
def _reversed(viewname: str, kwargs: tuple, script_prefix: str, urlconf: str) -> str:
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


@receiver(setting_changed)
def _forget_on_new_urls(*, setting, **kwargs):
    # A test that swaps the URLconf module's patterns keeps its name: start again.
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
