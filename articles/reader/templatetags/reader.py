"""Template helpers for reader pages. They read prefetched data only and never query."""

import json

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from articles.control_characters import strip_control_characters
from articles.inline_styles import inline_stylesheet
from articles.photos.renditions import best_rendition, rendition_url
from articles.reader.cards import story_card_html
from articles.reader.pictures import picture_html
from articles.stories.sanitizer import render_html

register = template.Library()

# The characters that could end a <script> element or start HTML, escaped inside JSON strings.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def reader_stylesheet():
    """The reader stylesheet as a <style> element, which the CSP allows by its hash (inline_styles.py)."""
    # Our own file, byte for byte: escaping it would change the hash the policy names.
    return mark_safe(f"<style>{inline_stylesheet()}</style>")  # noqa: S308


@register.simple_tag
def picture(photo, *, sizes="100vw", lazy=True, high_priority=None, max_width=1600, css_class=""):
    """A <picture> with WebP and JPEG srcsets, explicit width and height (articles/reader/pictures.py)."""
    return picture_html(
        photo, sizes=sizes, lazy=lazy, high_priority=high_priority, max_width=max_width, css_class=css_class
    )


@register.simple_tag
def story_card(story, *, heading="h2", is_lead=False, is_first=False, show_section=False, label=""):
    """A story's card in a list (articles/reader/cards.py)."""
    return story_card_html(
        story, heading=heading, is_lead=is_lead, is_first=is_first, show_section=show_section, label=label
    )


@register.simple_tag
def og_image(photo, request):
    """Absolute URL of the photo's link-preview rendition: the 1200×630 social crop, else 1200 wide.

    Until the photo has renditions the newsroom's logo stands in; the original is never public.
    """
    rendition = best_rendition(photo, width=1200, format="jpeg", crop="social") or best_rendition(
        photo, width=1200, format="jpeg"
    )
    return request.build_absolute_uri(rendition_url(rendition) if rendition else static("reader/logo.png"))


@register.filter
def json_ld(data):
    """`data` as JSON that is safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # noqa: S308


@register.filter(is_safe=True)
def xml_text(text):
    """Text for an XML template (the news sitemap): without the control characters XML 1.0 forbids."""
    return strip_control_characters(str(text))


@register.filter
def rich_text(html, link_rel=""):
    """A stored text block, sanitised again (text can reach the database without the model's save),
    its links to other sites marked with the story's `link_rel`."""
    return render_html(html, link_rel)
