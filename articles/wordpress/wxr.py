"""Reading a WordPress export (WXR 1.0–1.2, the RSS file of Tools → Export) as a stream.

`wxr_entries` parses with defusedxml's `iterparse` (no DTDs, no entity expansion) and hands over
each author, category, tag and item the moment its element ends, then drops the element, so memory
stays flat however large the file. Names are read as "wp:post_id", "content:encoded" and so on,
whatever the export's WXR version in the namespace URI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

NAMESPACE_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
WORDPRESS_NAMESPACE = "http://wordpress.org/export/"  # followed by the WXR version, e.g. "1.2/"

# WordPress writes this for a draft that was never given a date.
NO_DATE = "0000-00-00 00:00:00"


class WxrError(Exception):
    """The file is not a readable WordPress export; the message says where and why, for the desk."""


@dataclass(frozen=True)
class WxrSite:
    title: str
    address: str  # the base blog URL, or the channel's link: what the export's IDs belong to
    wxr_version: str


@dataclass(frozen=True)
class WxrAuthor:
    login: str
    display_name: str


@dataclass(frozen=True)
class WxrTerm:
    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str


@dataclass(frozen=True)
class WxrItem:
    """One <item>: a post, page, attachment, menu item or revision (`post_type` says which)."""

    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    creator: str  # the author's login
    content: str
    excerpt: str
    post_name: str
    date: str  # "YYYY-MM-DD HH:MM:SS", the site's local time
    date_gmt: str
    attachment_url: str = ""
    terms: tuple[WxrTerm, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def published_at(self) -> datetime | None:
        """`wp:post_date_gmt` as an aware time; None for a draft WordPress never dated."""
        if not self.date_gmt or self.date_gmt == NO_DATE:
            return None
        try:
            return datetime.strptime(self.date_gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            return None


def _name(tag: str) -> str:
    """ "{http://wordpress.org/export/1.2/}post_id" → "wp:post_id"; RSS's own names stay bare."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if namespace.startswith(WORDPRESS_NAMESPACE):
        return f"{'excerpt' if namespace.endswith('/excerpt/') else 'wp'}:{local}"
    prefix = NAMESPACE_PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else local


def _texts(element: Element) -> dict[str, str]:
    return {_name(child.tag): (child.text or "").strip() for child in element}


def _item(element: Element) -> WxrItem:
    fields = {}
    terms, meta = [], {}
    for child in element:
        name = _name(child.tag)
        if name == "category":
            domain = child.get("domain", "")
            terms.append(
                WxrTerm(taxonomy=domain, slug=child.get("nicename", ""), name=(child.text or "").strip())
            )
        elif name == "wp:postmeta":
            values = _texts(child)
            meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif name == "content:encoded":
            fields[name] = child.text or ""  # the body keeps its blank lines: they are paragraphs
        else:
            fields.setdefault(name, (child.text or "").strip())
    post_id = fields.get("wp:post_id", "")
    if not post_id.isdigit():
        raise WxrError(f"An item (“{fields.get('title', '')[:60]}”) has no numeric wp:post_id.")
    return WxrItem(
        post_id=int(post_id),
        post_type=fields.get("wp:post_type", ""),
        status=fields.get("wp:status", ""),
        title=fields.get("title", ""),
        link=fields.get("link", ""),
        creator=fields.get("dc:creator", ""),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", ""),
        post_name=fields.get("wp:post_name", ""),
        date=fields.get("wp:post_date", ""),
        date_gmt=fields.get("wp:post_date_gmt", ""),
        attachment_url=fields.get("wp:attachment_url", ""),
        terms=tuple(terms),
        meta=meta,
    )


def wxr_entries(path: Path) -> Iterator[WxrSite | WxrAuthor | WxrTerm | WxrItem]:
    """The export's site first, then its authors, categories, tags and items in file order.

    Raises WxrError for a file that is not well-formed XML (with its line and column), forbidden
    XML (a DTD or entities) or an RSS file that is not a WordPress export.
    """
    site: dict[str, str] = {}
    site_sent = False
    depth = 0
    channel: Element | None = None
    try:
        for event, element in iterparse(str(path), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WxrError(
                        f"{path.name} is not a WordPress export: it is <{element.tag}>, not <rss>."
                    )
                if depth == 2 and element.tag == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            name = _name(element.tag)
            if name in ("title", "link", "wp:base_blog_url", "wp:wxr_version"):
                site[name] = (element.text or "").strip()
            elif name in ("wp:author", "wp:category", "wp:tag", "item"):
                if not site_sent:
                    yield _site(path, site)
                    site_sent = True
                yield _entry(name, element)
            element.clear()
            channel.remove(element)  # the channel keeps no child once read: memory stays flat
    except ParseError as error:
        line, column = error.position
        raise WxrError(
            f"{path.name} is not well-formed XML at line {line}, column {column} ({_reason(error)}). "
            "Export it again from WordPress, or fix the file at that place."
        ) from None
    except DefusedXmlException as error:
        raise WxrError(f"{path.name} uses XML features an export never needs ({error}); refused.") from None
    if not site_sent:
        yield _site(path, site)


def _site(path: Path, site: dict[str, str]) -> WxrSite:
    if not site.get("wp:wxr_version"):
        raise WxrError(
            f"{path.name} is an RSS file but not a WordPress export (it has no wp:wxr_version). "
            "In WordPress, use Tools → Export → All content."
        )
    address = (site.get("wp:base_blog_url") or site.get("link") or "").rstrip("/")
    return WxrSite(title=site.get("title", ""), address=address, wxr_version=site["wp:wxr_version"])


def _entry(name: str, element: Element) -> WxrAuthor | WxrTerm | WxrItem:
    if name == "item":
        return _item(element)
    values = _texts(element)
    if name == "wp:author":
        login = values.get("wp:author_login", "")
        return WxrAuthor(login=login, display_name=values.get("wp:author_display_name", "") or login)
    if name == "wp:category":
        return WxrTerm(
            taxonomy="category",
            slug=values.get("wp:category_nicename", ""),
            name=values.get("wp:cat_name", ""),
        )
    return WxrTerm(
        taxonomy="post_tag", slug=values.get("wp:tag_slug", ""), name=values.get("wp:tag_name", "")
    )


def _reason(error: ParseError) -> str:
    return str(error).split(":", 1)[0]
