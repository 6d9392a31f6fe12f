"""The reader's words: cleaned, capped, and turned into a query no input can break.

SQLite's FTS5 has a query language of its own (AND, OR, NOT, NEAR(), *, ^, column filters) in
which a stray quote or bracket is a syntax error, so `ReaderQuery.as_fts5` rebuilds the query
from the words alone, each quoted, keeping what websearch understands: "a phrase", -excluded,
or. PostgreSQL's websearch_to_tsquery accepts any input; it is given the same parsed words back
in its own syntax (`as_websearch`), so both databases search the same words, at most MAX_WORDS.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from articles.control_characters import strip_control_characters

MAX_QUERY_LENGTH = 200  # characters searched; the rest is dropped, and the page says so
MAX_WORDS = 16  # words searched, so that no query costs more than a few lookups in the index

# What both indexes see as a word: letters and digits (FTS5's unicode61; PostgreSQL's parser).
WORD = re.compile(r"[^\W_]+")
# A "quoted phrase" (closing quote optional, as websearch_to_tsquery allows), or anything up to a space.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # one word, or a phrase

    def as_fts5(self) -> str:
        return '"' + " ".join(self.words).replace('"', '""') + '"'

    def as_websearch(self) -> str:
        return self.words[0] if len(self.words) == 1 else '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class ReaderQuery:
    text: str  # the cleaned text, what is searched and shown back to the reader
    truncated: bool = False  # the reader typed more than MAX_QUERY_LENGTH characters
    # Every clause in a group may match (OR); every group must match (AND); no excluded clause may.
    groups: tuple[tuple[Clause, ...], ...] = field(default=())
    excluded: tuple[Clause, ...] = field(default=())

    max_length = MAX_QUERY_LENGTH

    @property
    def is_searchable(self) -> bool:
        """True when there is at least one word to look for."""
        return bool(self.groups)

    @property
    def has_phrase(self) -> bool:
        """True when a clause looked for is a phrase of more than one word."""
        return any(len(clause.words) > 1 for group in self.groups for clause in group)

    def words(self) -> list[str]:
        """The words looked for (not the excluded ones), for highlighting."""
        return [word for group in self.groups for clause in group for word in clause.words]

    def as_websearch(self) -> str:
        """The same query for websearch_to_tsquery: the words within MAX_WORDS, in its own syntax."""
        groups = [" or ".join(clause.as_websearch() for clause in group) for group in self.groups]
        return " ".join([*groups, *(f"-{clause.as_websearch()}" for clause in self.excluded)])

    def as_fts5(self) -> str:
        """The FTS5 MATCH expression: only quoted words, parentheses, AND, OR and NOT."""
        groups = [" OR ".join(clause.as_fts5() for clause in group) for group in self.groups]
        expression = "(" + " AND ".join(f"({group})" for group in groups) + ")"
        return expression + "".join(f" NOT {clause.as_fts5()}" for clause in self.excluded)


def search_query(raw: str) -> ReaderQuery:
    """Parse what the reader typed; never raises, whatever the input."""
    text = " ".join(unicodedata.normalize("NFC", strip_control_characters(raw)).split())
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    budget = MAX_WORDS
    either = False  # the previous token was "or"
    for match in TOKEN.finditer(text):
        sign, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            either = bool(groups)
            continue
        if bare is not None and bare.startswith("-"):
            sign, bare = "-", bare[1:]
        words = tuple(WORD.findall(phrase if bare is None else bare))[:budget]
        if not words:
            continue
        budget -= len(words)
        clause = Clause(words)
        if sign == "-":
            excluded.append(clause)
        elif either:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        either = False
        if budget <= 0:
            break
    return ReaderQuery(
        text=text,
        truncated=truncated,
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
    )
