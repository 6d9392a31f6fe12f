"""WordPress exports written by the tests, in the structure WordPress 6's Tools → Export writes.

An RSS 2.0 channel with the `excerpt:`, `content:`, `wfw:`, `dc:` and `wp:` namespaces (WXR 1.2):
the site, its `wp:author`s, `wp:category`s and `wp:tag`s, then one <item> per post, page,
attachment and menu item, each with CDATA text, `wp:` fields and `wp:postmeta`. Pictures for the
attachments are drawn with Pillow into a media folder laid out like wp-content/uploads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

SITE = "https://old.example.org"


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class Item:
    post_id: int
    title: str
    post_type: str = "post"
    status: str = "publish"
    content: str = ""
    excerpt: str = ""
    creator: str = "anna"
    post_name: str = ""
    date_gmt: str = "2024-05-03 09:15:00"
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""
    link: str = ""

    def xml(self) -> str:
        date = "0000-00-00 00:00:00" if self.date_gmt.startswith("0000") else self.date_gmt
        link = self.link or f"{SITE}/?p={self.post_id}"
        terms = "".join(
            f'\t\t<category domain="{domain}" nicename="{escape(slug)}">{cdata(name)}</category>\n'
            for domain, pairs in (("category", self.categories), ("post_tag", self.tags))
            for slug, name in pairs
        )
        meta = "".join(
            "\t\t<wp:postmeta>\n"
            f"\t\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
            f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n"
            "\t\t</wp:postmeta>\n"
            for key, value in self.meta.items()
        )
        attachment = (
            f"\t\t<wp:attachment_url>{cdata(self.attachment_url)}</wp:attachment_url>\n"
            if self.attachment_url
            else ""
        )
        return (
            "\t<item>\n"
            f"\t\t<title>{cdata(self.title)}</title>\n"
            f"\t\t<link>{escape(link)}</link>\n"
            "\t\t<pubDate>Fri, 03 May 2024 09:15:00 +0000</pubDate>\n"
            f"\t\t<dc:creator>{cdata(self.creator)}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">{SITE}/?p={self.post_id}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{cdata(self.content)}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{cdata(self.excerpt)}</excerpt:encoded>\n"
            f"\t\t<wp:post_id>{self.post_id}</wp:post_id>\n"
            f"\t\t<wp:post_date>{cdata(date)}</wp:post_date>\n"
            f"\t\t<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_modified>{cdata(date)}</wp:post_modified>\n"
            f"\t\t<wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>\n"
            "\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
            "\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n"
            f"\t\t<wp:post_name>{cdata(self.post_name)}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata(self.status)}</wp:status>\n"
            "\t\t<wp:post_parent>0</wp:post_parent>\n"
            "\t\t<wp:menu_order>0</wp:menu_order>\n"
            f"\t\t<wp:post_type>{cdata(self.post_type)}</wp:post_type>\n"
            "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n"
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
            f"{attachment}{terms}{meta}"
            "\t</item>\n"
        )


AUTHORS = [(1, "anna", "Anna Müller"), (2, "jose", "José Núñez")]
CATEGORIES = [(3, "news", "News"), (4, "culture", "Culture & Arts")]
TAGS = [(5, "elections", "Élections"), (6, "harbour", "Harbour")]


def wxr_document(items: list[Item], *, authors=AUTHORS, categories=CATEGORIES, tags=TAGS) -> str:
    author_xml = "".join(
        "\t<wp:author>"
        f"<wp:author_id>{number}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(login + '@old.example.org')}</wp:author_email>"
        f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata(name.split()[0])}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata(name.split()[-1])}</wp:author_last_name>"
        "</wp:author>\n"
        for number, login, name in authors
    )
    category_xml = "".join(
        f"\t<wp:category><wp:term_id>{number}</wp:term_id><wp:category_nicename>{cdata(slug)}"
        f"</wp:category_nicename><wp:category_parent>{cdata('')}</wp:category_parent>"
        f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
        for number, slug, name in categories
    )
    tag_xml = "".join(
        f"\t<wp:tag><wp:term_id>{number}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
        for number, slug, name in tags
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->\n"
        '<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
        ">\n<channel>\n"
        "\t<title>Old Harbour Gazette</title>\n"
        f"\t<link>{SITE}</link>\n"
        "\t<description>News from the harbour</description>\n"
        "\t<pubDate>Mon, 01 Dec 2025 10:00:00 +0000</pubDate>\n"
        "\t<language>en-GB</language>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        f"{author_xml}{category_xml}{tag_xml}"
        "\t<generator>https://wordpress.org/?v=6.7.1</generator>\n"
        + "".join(item.xml() for item in items)
        + "</channel>\n</rss>\n"
    )


def attachment(post_id: int, relative_path: str, *, caption="", description="", alt="") -> Item:
    return Item(
        post_id=post_id,
        title=Path(relative_path).stem,
        post_type="attachment",
        status="inherit",
        content=description,
        excerpt=caption,
        post_name=Path(relative_path).stem,
        attachment_url=f"{SITE}/wp-content/uploads/{relative_path}",
        meta={"_wp_attached_file": relative_path, **({"_wp_attachment_image_alt": alt} if alt else {})},
    )


def draw_uploads(media_dir: Path, relative_paths: list[str]) -> None:
    """Real picture files, one different picture each, where WordPress keeps its uploads."""
    from tests.factories import image_bytes  # Django models: not needed by bench/wordpress_import.py

    for relative in relative_paths:
        path = media_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        image_format = {".png": "PNG", ".webp": "WEBP"}.get(path.suffix, "JPEG")
        path.write_bytes(image_bytes(width=480, height=320, image_format=image_format))
