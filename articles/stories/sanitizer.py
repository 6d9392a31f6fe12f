"""The one allowlist for rich text, applied when it is stored and again when readers get it.

The editor's extensions (django-prose-editor) and the nh3 cleaner are derived from the same
configuration, so what an editor can make is exactly what survives sanitising, and nothing else
(no scripts, event attributes or javascript: links). `sanitize_html` cleans what is saved;
`render_html` cleans again at render, because text can reach the database without a save (an
import, a shell, a bulk update), and gives every link that leaves the site its `rel`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.http.request import validate_host
from django.utils.safestring import SafeString, mark_safe
from django_prose_editor.config import allowlist_from_extensions

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

# The rel values a stored link may carry (an editor's nofollow/ugc/sponsored); others are dropped.
LINK_REL_ALLOWED = frozenset({"nofollow", "ugc", "sponsored", "noopener", "noreferrer"})

# ProseMirror saves an empty field as "<p></p>": stored as "", as django-prose-editor does.
EMPTY_ELEMENT = re.compile(r"<(?P<tag>\w+)></(?P=tag)>")
# nh3 writes every attribute as name="value" with <, >, & and " escaped, so in its output these
# find each link's start tag and its attributes.
LINK_START_TAG = re.compile(r"<a(?: [^>]*)?>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def _allowed_rel_only(element: str, attribute: str, value: str) -> str | None:
    if attribute != "rel":
        return value
    tokens = [token for token in value.lower().split() if token in LINK_REL_ALLOWED]
    return " ".join(dict.fromkeys(tokens)) or None


_cleaner = nh3.Cleaner(**allowlist_from_extensions(RICH_TEXT_EXTENSIONS), attribute_filter=_allowed_rel_only)


def sanitize_html(html: str) -> str:
    """`html` reduced to the editor's allowlist: what a text block stores."""
    cleaned = _cleaner.clean(html)
    return "" if EMPTY_ELEMENT.fullmatch(cleaned) else cleaned


STORY_LINK_RELS = ("nofollow", "sponsored", "ugc")


def render_html(html: str, link_rel: str = "") -> SafeString:
    """Stored rich text as readers get it: cleaned again, external links given their rel.

    `link_rel` is the story's own word on its links (nofollow, sponsored or ugc), added to the
    site's RICH_TEXT_EXTERNAL_LINK_REL; anything outside that vocabulary is ignored.
    """
    hosts = tuple(host for host in settings.ALLOWED_HOSTS if host != "*")
    story_rel = link_rel if link_rel in STORY_LINK_RELS else ""
    external_rel = f"{settings.RICH_TEXT_EXTERNAL_LINK_REL} {story_rel}".strip()
    return mark_safe(_render(html, external_rel, hosts))  # noqa: S308 - cleaned


# Pages print the same blocks again and again: cleaning takes ~0.1 ms per kB, a cache hit a few µs.
@lru_cache(maxsize=512)
def _render(html: str, external_rel: str, site_hosts: tuple[str, ...]) -> str:
    def with_rel(match: re.Match) -> str:
        attributes = dict(ATTRIBUTE.findall(match.group(0)))
        if not _leaves_site(unescape(attributes.get("href", "")), site_hosts):
            return match.group(0)
        tokens = [*attributes.get("rel", "").split(), *escape(external_rel).split()]
        attributes["rel"] = " ".join(dict.fromkeys(tokens))
        return "<a " + " ".join(f'{name}="{value}"' for name, value in attributes.items()) + ">"

    return LINK_START_TAG.sub(with_rel, sanitize_html(html))


def _leaves_site(href: str, site_hosts: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(href)
        host = parts.hostname
    except ValueError:  # a malformed address: treat it as leaving, the safer side
        return True
    return parts.scheme in ("http", "https", "") and bool(host) and not validate_host(host, site_hosts)
