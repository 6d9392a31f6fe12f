"""Matched words marked in a result's headline and deck: <mark> around the words, everything escaped.

A word is marked when its English stem is the stem of a word looked for, as the index matches
it ("ferries" marks "ferry"). The text is plain (headlines and decks hold no HTML), so every
character outside the marks is escaped and no mark can land inside markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.query import WORD, ReaderQuery
from articles.stories.models import Story


@lru_cache(maxsize=1)
def _english():
    # Imported by the first search, not by every worker: the package loads the stemmers of all
    # its languages, 3 MiB.
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    folded = "".join(
        character
        for character in unicodedata.normalize("NFKD", word.casefold())
        if not unicodedata.combining(character)
    )
    return _english().stemWord(folded)


def mark_matches(text: str, query: ReaderQuery) -> SafeString:
    """`text` escaped, with each word that matches `query` inside <mark>…</mark>."""
    stems = {_stem(word) for word in query.words()}
    pieces, last = [], 0
    for match in WORD.finditer(text):
        if _stem(match.group()) in stems:
            pieces += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
            last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def stories_mark_matches(stories: Iterable[Story], query: ReaderQuery) -> None:
    """Give each story `marked_headline` and `marked_deck`, which the story card prints when set."""
    for story in stories:
        story.marked_headline = mark_matches(story.headline, query)
        story.marked_deck = mark_matches(story.deck, query)
