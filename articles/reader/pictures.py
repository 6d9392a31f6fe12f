"""A library photo as a responsive <picture>: WebP and JPEG srcsets, explicit size, lazy unless told.

Written in Python rather than a template: a list page prints twenty or more of them, and the
template engine took longer over each than everything else the card holds (bench/profile_pages.py).
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.photos.models import Photo
from articles.photos.renditions import best_rendition, rendition_url, renditions_of, srcset


def picture_html(
    photo: Photo,
    *,
    sizes: str = "100vw",
    lazy: bool = True,
    high_priority: bool | None = None,
    max_width: int = 1600,
    css_class: str = "",
) -> SafeString:
    """The photo's <picture>, or until its renditions exist an empty box of its shape.

    An eager picture is fetched first (`fetchpriority="high"`) unless `high_priority=False`: one per page.
    The original is never served to readers.
    """
    fallback = best_rendition(photo, width=max_width, format="jpeg")
    if fallback is None:
        # The photo's shape comes from the viewBox: reader pages allow no style attributes (docs/security.md).
        label = (
            format_html(' role="img" aria-label="{}"', photo.alt_text)
            if photo.alt_text
            else ' aria-hidden="true"'
        )
        return format_html(
            '<svg class="picture-pending{}" viewBox="0 0 {} {}" width="{}" height="{}"{}></svg>',
            f" {css_class}" if css_class else "",
            photo.width,
            photo.height,
            photo.width,
            photo.height,
            SafeString(label),
        )
    webp, jpeg = srcset(renditions_of(photo, format="webp")), srcset(renditions_of(photo, format="jpeg"))
    if lazy:
        loading = ' loading="lazy" decoding="async"'
    elif high_priority is None or high_priority:
        loading = ' fetchpriority="high"'
    else:
        loading = ""
    return format_html(
        '<picture{}>{}<img src="{}"{} width="{}" height="{}" alt="{}"{}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes) if webp else "",
        rendition_url(fallback),
        format_html(' srcset="{}" sizes="{}"', jpeg, sizes) if jpeg else "",
        fallback.width,
        fallback.height,
        photo.alt_text,
        SafeString(loading),
    )
