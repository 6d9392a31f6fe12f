"""A story as a card in a list: its lead photo, kicker, headline, deck, section and date.

Written in Python rather than a template: cards are most of a list page (the home page prints 30),
and the template engine's variable lookups took 0.3 ms of each (bench/profile_pages.py).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.reader.pictures import picture_html
from articles.stories.models import Story

LEAD_SIZES = "(min-width: 64rem) 40rem, 100vw"
CARD_SIZES = "(min-width: 64rem) 20rem, (min-width: 40rem) 45vw, 100vw"
HEADINGS = {"h2", "h3", "h4"}


def story_card_html(
    story: Story,
    *,
    heading: str = "h2",
    is_lead: bool = False,
    is_first: bool = False,
    show_section: bool = False,
    label: str = "",
) -> SafeString:
    """The card of `story`; a search's marked headline and deck (`marked_headline`) when it has them.

    The lead, or the first card of a page's list, holds the page's one image fetched first;
    the others wait until scrolled to.
    """
    url = story.get_absolute_url()
    heading = heading if heading in HEADINGS else "h2"
    photo = story.lead_photo_for_readers
    picture = ""
    if photo is not None:
        sizes = LEAD_SIZES if is_lead else CARD_SIZES
        picture = format_html(
            '<a class="card-photo" href="{}" tabindex="-1" aria-hidden="true">{}</a>',
            url,
            picture_html(photo, sizes=sizes, lazy=not (is_lead or is_first)),
        )
    meta = [format_html('<span class="card-label">{}</span> · ', label) if label else ""]
    if show_section:
        meta.append(
            format_html('<a href="{}">{}</a> · ', story.section.get_absolute_url(), story.section.name)
        )
    if story.published_at is not None:
        published = timezone.localtime(story.published_at)
        # As the date filter's "c" and "j F Y" print it, without the filter's work for each card.
        on = f"{published.day} {MONTHS[published.month]} {published.year}"
        meta.append(format_html('<time datetime="{}">{}</time>', published.isoformat(), on))
    return format_html(
        '<article class="card{}">{}<div class="card-text">{}'
        '<{} class="card-headline"><a href="{}">{}</a></{}>{}<p class="card-meta">{}</p></div></article>',
        " card-lead" if is_lead else "",
        picture,
        format_html('<p class="kicker">{}</p>', story.kicker) if story.kicker else "",
        SafeString(heading),
        url,
        story.marked_headline or story.headline,
        SafeString(heading),
        format_html('<p class="card-deck">{}</p>', story.marked_deck or story.deck) if story.deck else "",
        SafeString("".join(meta)),
    )
