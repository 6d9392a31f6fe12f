"""A WordPress post's content as Newsroom body parts: text, quotes and photos.

Both editors are understood. Gutenberg content is a sequence of `<!-- wp:name {attrs} -->` …
`<!-- /wp:name -->` blocks (the delimiters WordPress's own block parser reads); classic content is
HTML with shortcodes and blank lines that WordPress turns into paragraphs when it shows a post
(wpautop). Images are named by attachment ID where the content carries one (`wp-image-123`,
`[caption id="attachment_123"]`, a block's `"id"`), else by their address; the importer maps both
to library photos. Nothing here touches the database; what cannot be mapped is listed in
`Body.problems` for the import's report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape, unescape

from django.utils.html import strip_tags


@dataclass(frozen=True)
class TextPart:
    html: str  # still to be sanitised by RichText.save()


@dataclass(frozen=True)
class QuotePart:
    quote: str
    attribution: str


@dataclass(frozen=True)
class PhotoPart:
    attachment_id: int | None
    url: str
    caption: str


@dataclass
class Body:
    parts: list[TextPart | QuotePart | PhotoPart] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add_text(self, html: str) -> None:
        """Text joins the text part before it, so a body alternates text with quotes and photos."""
        html = HEADING.sub(_heading_level, html.strip())
        if not strip_tags(html).strip():
            return
        if self.parts and isinstance(self.parts[-1], TextPart):
            self.parts[-1] = TextPart(self.parts[-1].html + "\n" + html)
        else:
            self.parts.append(TextPart(html))


# WordPress's block delimiter: an optional closer, a (namespaced) name, JSON attributes, a self-closer.
BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?:(?!-->).)*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
# Blocks whose HTML is text the story keeps as it is (cleaned by the sanitiser).
TEXT_BLOCKS = {
    "paragraph",
    "heading",
    "list",
    "list-item",
    "preformatted",
    "verse",
    "code",
    "freeform",
    "html",
}
# Layout-only blocks: nothing of them reaches the story.
DROPPED_BLOCKS = {"separator", "spacer", "more", "nextpage", "read-more"}
# Containers: their inner blocks are read as if they stood in the post.
CONTAINER_BLOCKS = {"group", "columns", "column", "row", "stack"}


@dataclass
class _Block:
    name: str
    attrs: dict
    content: list[str | _Block] = field(default_factory=list)  # its HTML and inner blocks, in order

    @property
    def children(self) -> list[_Block]:
        return [piece for piece in self.content if isinstance(piece, _Block)]

    @property
    def inner_html(self) -> str:
        """The block's own HTML, inner blocks left out (an old gallery's figures, a freeform run)."""
        return "".join(piece for piece in self.content if isinstance(piece, str))

    @property
    def full_html(self) -> str:
        """The HTML with the inner blocks' HTML in place (what a list or a quote shows)."""
        return "".join(piece if isinstance(piece, str) else piece.full_html for piece in self.content)


def body_from_content(content: str) -> Body:
    """Convert a post's `content:encoded` into body parts and a list of what could not be mapped."""
    body = Body()
    if BLOCK_DELIMITER.search(content):
        for block in _parse_blocks(content, body):
            _convert_block(block, body)
    else:
        _convert_classic(content, body)
    return body


def _parse_blocks(content: str, body: Body) -> list[_Block]:
    """Top-level blocks; HTML between blocks becomes a "freeform" block, as WordPress treats it."""
    root = _Block("root", {})
    stack = [root]
    position = 0
    for match in BLOCK_DELIMITER.finditer(content):
        between = content[position : match.start()]
        if between.strip():
            if len(stack) == 1:
                root.content.append(_Block("freeform", {}, [between]))
            else:
                stack[-1].content.append(between)
        position = match.end()
        name = match["name"].removeprefix("core/")
        if match["closer"]:
            if len(stack) > 1 and stack[-1].name == name:
                stack.pop()
            continue
        try:
            attrs = json.loads(match["attrs"]) if match["attrs"] else {}
        except ValueError:
            attrs = {}
        block = _Block(name, attrs if isinstance(attrs, dict) else {})
        stack[-1].content.append(block)
        if not match["void"]:
            stack.append(block)
    rest = content[position:]
    if rest.strip():
        root.content.append(_Block("freeform", {}, [rest]))
    if len(stack) > 1:
        body.problems.append(
            f"The block “wp:{stack[-1].name}” is not closed; its content was read to the end."
        )
    return root.children


def _convert_block(block: _Block, body: Body) -> None:
    name = block.name
    if name == "freeform":
        _convert_classic(block.inner_html, body)
    elif name in TEXT_BLOCKS:
        body.add_text(block.full_html)
    elif name == "image":
        _add_image_html(block.full_html, body, attachment_id=block.attrs.get("id"))
    elif name == "gallery":
        _convert_gallery(block, body)
    elif name in ("quote", "pullquote"):
        _add_quote_html(block.full_html, body)
    elif name in DROPPED_BLOCKS:
        return
    elif name in CONTAINER_BLOCKS:
        for child in block.children:
            _convert_block(child, body)
    elif name == "shortcode":
        _convert_classic(block.full_html, body)
    else:
        text, url = plain_text(block.full_html), block.attrs.get("url", "")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            body.add_text(f'<p><a href="{escape(url)}">{escape(text or url)}</a></p>')
            body.problems.append(f"The block “wp:{name}” has no Newsroom equivalent; kept as a link.")
        elif text:
            body.add_text(f"<p>{escape(text)}</p>")
            body.problems.append(f"The block “wp:{name}” has no Newsroom equivalent; kept as plain text.")
        else:
            body.problems.append(f"The block “wp:{name}” has no Newsroom equivalent; left out.")


def _convert_gallery(block: _Block, body: Body) -> None:
    images = [child for child in block.children if child.name == "image"]
    if images:  # WordPress 5.9 and later: a gallery is a group of image blocks
        for image in images:
            _add_image_html(image.full_html, body, attachment_id=image.attrs.get("id"))
        return
    # Older galleries: one block with the attachment IDs and a list of <figure>s.
    figures = FIGURE.findall(block.inner_html) or [""] * len(block.attrs.get("ids", []))
    ids = block.attrs.get("ids") or [None] * len(figures)
    for attachment_id, figure in zip(ids, figures, strict=False):
        _add_image_html(figure, body, attachment_id=attachment_id)


FIGURE = re.compile(r"<figure\b.*?</figure>", re.DOTALL | re.IGNORECASE)
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.DOTALL | re.IGNORECASE)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): unescape(double or single) for name, double, single in ATTRIBUTE.findall(tag)}


def plain_text(html: str) -> str:
    """Text without markup, entities decoded, whitespace collapsed."""
    return " ".join(unescape(strip_tags(html)).split())


def _add_image_html(html: str, body: Body, *, attachment_id=None, caption: str | None = None) -> None:
    img = IMG_TAG.search(html)
    attrs = _attributes(img.group(0)) if img else {}
    if attachment_id is None:
        found = WP_IMAGE_CLASS.search(attrs.get("class", ""))
        attachment_id = int(found.group(1)) if found else None
    if caption is None:
        found = FIGCAPTION.search(html)
        caption = plain_text(found.group(1)) if found else ""
    if attachment_id is None and not attrs.get("src"):
        body.problems.append("An image block holds no image; left out.")
        return
    body.parts.append(
        PhotoPart(
            attachment_id=int(attachment_id) if str(attachment_id).isdigit() else None,
            url=attrs.get("src", ""),
            caption=caption,
        )
    )


BLOCKQUOTE_CITE = re.compile(r"<cite\b[^>]*>(.*?)</cite>", re.DOTALL | re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"</p>|<br\s*/?>", re.IGNORECASE)
QUOTATION_MARKS = "\"'“”„«»‘’‹›"


def _add_quote_html(html: str, body: Body) -> None:
    cite = BLOCKQUOTE_CITE.search(html)
    attribution = plain_text(cite.group(1)).lstrip("—–- ").strip() if cite else ""
    words = BLOCKQUOTE_CITE.sub("", html)
    lines = [plain_text(line) for line in PARAGRAPH_BREAK.split(words)]
    quote = "\n\n".join(line for line in lines if line).strip().strip(QUOTATION_MARKS).strip()
    if not quote:
        body.problems.append("A quote without words; left out.")
        return
    if len(attribution) > 200:
        body.problems.append("A quote's attribution was longer than 200 characters and was shortened.")
        attribution = attribution[:199] + "…"
    body.parts.append(QuotePart(quote=quote, attribution=attribution))


# Classic content: shortcodes, block quotes and lone images between wpautop paragraphs.
CAPTION_SHORTCODE = re.compile(
    r"\[(?:caption|wp_caption)\b([^\]]*)\](.*?)\[/(?:caption|wp_caption)\]", re.DOTALL
)
GALLERY_SHORTCODE = re.compile(r"\[gallery\b([^\]]*)\]")
BLOCKQUOTE = re.compile(r"<blockquote\b[^>]*>.*?</blockquote>", re.DOTALL | re.IGNORECASE)
# A paragraph that holds nothing but an image (perhaps linked): a photo, not text.
LONE_IMAGE = re.compile(
    r"^\s*(?:<p>\s*)?(?:<a\b[^>]*>\s*)?(<img\b[^>]*>)\s*(?:</a>\s*)?(?:</p>\s*)?$", re.IGNORECASE
)
CLASSIC_PIECES = re.compile(
    f"(?P<caption>{CAPTION_SHORTCODE.pattern})|(?P<gallery>{GALLERY_SHORTCODE.pattern})"
    f"|(?P<quote>{BLOCKQUOTE.pattern})",
    re.DOTALL | re.IGNORECASE,
)
# Other shortcodes: "[name attr=…]", "[name]…[/name]" or a name with a hyphen or underscore, which
# prose in square brackets ("[sic]", "[1]") is not.
OTHER_SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][\w-]*)(?P<attrs>\s[^\]]*=[^\]]*)?\](?:(?P<inner>.*?)\[/(?P=name)\])?", re.DOTALL
)


def _convert_classic(html: str, body: Body) -> None:
    position = 0
    for match in CLASSIC_PIECES.finditer(html):
        _classic_text(html[position : match.start()], body)
        position = match.end()
        piece = match.group(0)
        if match["caption"]:
            inner = CAPTION_SHORTCODE.match(piece)
            attrs = _attributes(inner.group(1))
            found = re.search(r"attachment_(\d+)", attrs.get("id", ""))
            caption = attrs.get("caption") or plain_text(IMG_TAG.sub("", inner.group(2)))
            _add_image_html(
                inner.group(2), body, attachment_id=found.group(1) if found else None, caption=caption
            )
        elif match["gallery"]:
            attrs = _attributes(GALLERY_SHORTCODE.match(piece).group(1))
            ids = [number for number in re.split(r"[,\s]+", attrs.get("ids", "")) if number.isdigit()]
            if not ids:
                body.problems.append("A [gallery] shortcode without ids (all of a post's images); left out.")
            for number in ids:
                body.parts.append(PhotoPart(attachment_id=int(number), url="", caption=""))
        else:
            _add_quote_html(piece, body)
    _classic_text(html[position:], body)


BLOCK_LEVEL = re.compile(r"^\s*<(?:p|h[1-6]|ul|ol|li|table|div|pre|figure|hr|dl|address)\b", re.IGNORECASE)
HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _classic_text(html: str, body: Body) -> None:
    html = _remove_other_shortcodes(html, body)
    for chunk in re.split(r"\n\s*\n", html.replace("\r\n", "\n")):
        if not chunk.strip():
            continue
        image = LONE_IMAGE.match(chunk)
        if image:
            _add_image_html(image.group(1), body)
            continue
        if not BLOCK_LEVEL.match(chunk):
            chunk = "<p>" + chunk.strip().replace("\n", "<br>") + "</p>"  # wpautop
        body.add_text(chunk)


def _heading_level(match: re.Match) -> str:
    # The story page has its headline as h1 and allows h2 and h3 in the text.
    level = min(max(int(match.group(2)), 2), 3)
    return f"<{match.group(1)}h{level}"


def _remove_other_shortcodes(html: str, body: Body) -> str:
    def drop(match: re.Match) -> str:
        name = match["name"]
        if match["attrs"] is None and match["inner"] is None and not re.search(r"[-_]", name):
            return match.group(0)  # "[sic]": prose, not a shortcode
        body.problems.append(
            f"The shortcode [{name}] has no Newsroom equivalent; left out (its inner text kept)."
        )
        return match["inner"] or ""

    return OTHER_SHORTCODE.sub(drop, html)
