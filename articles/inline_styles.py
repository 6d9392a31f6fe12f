"""The reader stylesheet, inlined in every reader page's <head>, and the CSP hash that allows it.

The stylesheet is small (about 3 KB compressed), so the whole of it is the critical CSS: inlined,
the first round trip carries everything the page needs to paint, with no render-blocking request.
The content security policy allows inline styles by this one hash only, never 'unsafe-inline'
(a nonce would not do: cached pages are shared by many readers). Read once per process, so the
page and the policy always agree.
"""

import base64
import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders


@lru_cache(maxsize=1)
def inline_stylesheet() -> str:
    path = finders.find(settings.READER_INLINE_STYLESHEET)
    if path is None:
        raise FileNotFoundError(f"The reader stylesheet {settings.READER_INLINE_STYLESHEET} is missing.")
    with open(path, encoding="utf-8") as stylesheet:
        return stylesheet.read()


@lru_cache(maxsize=1)
def inline_stylesheet_source() -> str:
    """The CSP source expression ('sha256-…') matching `inline_stylesheet()` exactly."""
    digest = hashlib.sha256(inline_stylesheet().encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
