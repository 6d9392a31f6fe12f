"""A story body as one HTML document and back: how ninjs carries the blocks of text, quotes and photos.

Out: text blocks as their (sanitised) HTML, a quote as `<figure><blockquote>…</blockquote>
<figcaption>attribution</figcaption></figure>`, an inline photo as `<figure data-association="NAME">`
naming the ninjs association that describes it. In: the same split, read with the standard
library's HTML parser at the top level of the document; anything else becomes text blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.html import strip_tags

from articles.stories.sanitizer import sanitize_html

VOID_ELEMENTS = frozenset({"img", "br", "hr", "wbr", "input", "source", "meta", "link"})


@dataclass(frozen=True)
class TextPart:
    html: str


@dataclass(frozen=True)
class QuotePart:
    quote: str
    attribution: str


@dataclass(frozen=True)
class PhotoPart:
    association: str  # the ninjs association's name


BodyPart = TextPart | QuotePart | PhotoPart


def quote_html(quote: str, attribution: str) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in quote.splitlines() if line.strip())
    caption = f"<figcaption>{escape(attribution)}</figcaption>" if attribution else ""
    return f"<figure><blockquote>{paragraphs}</blockquote>{caption}</figure>"


def photo_html(*, association: str, src: str, alt: str, width: int, height: int, caption: str) -> str:
    image = f'<img src="{escape(src)}" alt="{escape(alt)}" width="{width}" height="{height}">' if src else ""
    return (
        f'<figure data-association="{escape(association)}">{image}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    start: int
    end: int = -1


class _TopLevelSplitter(HTMLParser):
    """Finds the top-level elements of an HTML fragment, with their source offsets."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0]
        for index, character in enumerate(html):
            if character == "\n":
                self.line_starts.append(index + 1)
        self.elements: list[_Element] = []
        self.depth = 0

    def source_position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.elements.append(
                _Element(tag, {name: value or "" for name, value in attrs}, self.source_position())
            )
        if tag in VOID_ELEMENTS:
            if self.depth == 0:
                self.elements[-1].end = self.source_position() + len(self.get_starttag_text() or "")
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self.source_position()
            element = _Element(tag, {name: value or "" for name, value in attrs}, start)
            element.end = start + len(self.get_starttag_text() or "")
            self.elements.append(element)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            closing = self.html.find(">", self.source_position())
            self.elements[-1].end = len(self.html) if closing < 0 else closing + 1


class _FigureReader(HTMLParser):
    """The quote and caption text inside a <figure> (or a bare <blockquote>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside: list[str] = []
        self.quote_lines: list[str] = []
        self.caption: list[str] = []
        self.has_blockquote = False

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        self.inside.append(tag)
        if tag == "blockquote":
            self.has_blockquote = True
        if tag == "p" and "blockquote" in self.inside:
            self.quote_lines.append("")

    def handle_endtag(self, tag):
        if tag in self.inside:
            while self.inside and self.inside.pop() != tag:
                pass

    def handle_data(self, data):
        if "figcaption" in self.inside:
            self.caption.append(data)
        elif "blockquote" in self.inside:
            if not self.quote_lines:
                self.quote_lines.append("")
            self.quote_lines[-1] += data


def split_body(html: str) -> list[BodyPart]:
    """The parts of a body document, in order; text between figures and quotes is kept as text blocks."""
    splitter = _TopLevelSplitter(html)
    splitter.feed(html)
    splitter.close()
    parts: list[BodyPart] = []
    text: list[str] = []
    position = 0

    def flush_text():
        cleaned = sanitize_html("".join(text)).strip()
        if strip_tags(cleaned).strip():
            parts.append(TextPart(cleaned))
        text.clear()

    for element in splitter.elements:
        end = len(html) if element.end < 0 else element.end
        if element.tag not in ("figure", "blockquote"):
            continue
        text.append(_wrap_loose_text(html[position : element.start]))
        position = end
        if element.tag == "figure" and element.attrs.get("data-association"):
            flush_text()
            parts.append(PhotoPart(element.attrs["data-association"]))
            continue
        reader = _FigureReader()
        reader.feed(html[element.start : end])
        reader.close()
        quote = "\n".join(line.strip() for line in reader.quote_lines if line.strip())
        if reader.has_blockquote and quote:
            flush_text()
            parts.append(QuotePart(quote=quote, attribution=" ".join("".join(reader.caption).split())[:200]))
    text.append(_wrap_loose_text(html[position:]))
    flush_text()
    return parts


def _wrap_loose_text(html: str) -> str:
    """Plain text outside any element becomes a paragraph, so it is not lost to the sanitiser's allowlist."""
    if html.strip() and not html.lstrip().startswith("<"):
        return f"<p>{html.strip()}</p>"
    return html
