"""What is searched of a story: its text in weighted parts, as stored in its StoryDocument.

Weights (PostgreSQL letter, SQLite weight), strongest first:

- headline, A / 5: the words a story is about; a headline match must beat any body match.
- deck and kicker, B / 2: one sentence the desk wrote to sum the story up.
- author names, B / 2: a reader typing a reporter's name wants their stories, not every story
  quoting someone of that name in the body.
- topics, B / 2: the editors' own labels of the story, as telling as the deck.
- body text and quotes, C / 1: most words of a story are here, so each counts least.

The SQLite weights keep PostgreSQL's default ts_rank ratios (A 1.0, B 0.4, C 0.2); there a
story's rank is the sum of the weights of the parts (other than the body) that hold the query
(articles/search/matching.py).
"""

from __future__ import annotations

import html
import re

from django.db.models import Prefetch, QuerySet
from django.utils.html import strip_tags

from articles.stories.models import Byline, Contribution, Quote, RichText, Story

# part: (PostgreSQL weight, SQLite weight), in the FTS5 table's column order.
PART_WEIGHTS = {
    "headline": ("A", 5.0),
    "deck": ("B", 2.0),
    "body": ("C", 1.0),
    "names": ("B", 2.0),
    "topics": ("B", 2.0),
}

# A tag boundary is a word boundary: "<p>ferry</p><p>crew</p>" is two words, not "ferrycrew".
TAG_START = re.compile(r"<")


def stories_for_documents(story_ids) -> QuerySet[Story]:
    """The stories of `story_ids` with everything their documents read, in a fixed number of queries."""
    return Story.objects.filter(pk__in=story_ids).prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position")),
        Prefetch(
            "contributions", queryset=Contribution.objects.select_related("author").order_by("position")
        ),
        "tags",
        Prefetch(
            "stories_richtext_set", queryset=RichText.objects.filter(region="body").order_by("ordering")
        ),
        Prefetch("stories_quote_set", queryset=Quote.objects.filter(region="body").order_by("ordering")),
    )


def story_document_parts(story: Story) -> dict[str, str]:
    """The searched text of `story` by part; needs `stories_for_documents()`."""
    blocks = [(block.ordering, _plain_text(block.text)) for block in story.stories_richtext_set.all()]
    blocks += [
        (block.ordering, f"{block.quote} {block.attribution}".strip())
        for block in story.stories_quote_set.all()
    ]
    names = [credit.author.name for credit in (*story.bylines.all(), *story.contributions.all())]
    return {
        "headline": story.headline,
        "deck": " ".join(part for part in (story.kicker, story.deck) if part),
        "body": "\n".join(text for _, text in sorted(blocks, key=lambda block: block[0])),
        "names": " ".join([*names, story.desk_byline]).strip(),
        "topics": " ".join(tag.name for tag in story.tags.all()),
    }


def _plain_text(rich_text: str) -> str:
    return " ".join(html.unescape(strip_tags(TAG_START.sub(" <", rich_text))).split())
