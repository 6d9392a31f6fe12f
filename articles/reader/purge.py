"""The optional CDN purge hook: once a write readers could see commits, the shared cache in front
of the site (READER_PURGE_URL: a CDN, Varnish) is told to drop exactly the pages that showed it.

One request per transaction, `PURGE <READER_PURGE_URL>` with a `Surrogate-Key` header listing the keys,
space-separated: the very header, spelled the same way, that the pages carry (surrogate_keys.py).
That is Fastly's purge by surrogate key and what Varnish's xkey module purges with
(`xkey.purge(req.http.Surrogate-Key)`), so one request drops every page showing the story,
whatever its address: the story, its section, its authors' and topics' pages, page 3 of a list.
Purging by URL would have to know every address a story appears on.

invalidation.py calls purge_after_commit() beside content_changed(). The keys of one transaction
are gathered into one batch and handed, after the commit, to a task (tasks.py): the database
worker sends it, so a slow or dead CDN never slows or fails an editor's save, and failures are
retried a few times, then logged. Off (no query, no task) when READER_PURGE_URL is empty.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from taggit.models import TaggedItem

from articles.reader.page_cache import NEVER_CACHED_VIEWS
from articles.reader.surrogate_keys import author_key, page_key, section_key, story_key, topic_key
from articles.stories.models import Story

# Pages that list stories by date: a story appearing on or leaving them changes them, though
# until then they do not carry its key.
STORY_LISTINGS = (
    "home",
    "search",
    "feed",
    "section-feed",
    "topic-feed",
    "author-feed",
    "sitemap-index",
    "sitemap-section",
    "sitemap-news",
)
# Fastly takes at most 256 keys in one purge; longer lists go in several requests.
KEYS_PER_REQUEST = 256
TIMEOUT_SECONDS = 5

_pending = threading.local()


class _Batch:
    """The keys one transaction names; called once it commits, it queues the purge."""

    def __init__(self) -> None:
        self.keys: dict[str, None] = {}
        self.queued = False

    def __call__(self) -> None:
        from articles.reader.tasks import purge_surrogate_keys  # tasks.py imports this module

        self.queued = True
        if self.keys:
            purge_surrogate_keys.enqueue(list(self.keys))


def purge_after_commit(keys: Callable[[], Iterable[str]]) -> None:
    """Have the CDN drop the pages under `keys()` once the current transaction commits.

    `keys` is called at once (the changed rows are still there to read) and only when a purge URL
    is set, so the lookups it makes cost nothing otherwise. One transaction sends one batch.
    """
    if not settings.READER_PURGE_URL:
        return
    batch = getattr(_pending, "batch", None)
    if batch is None or batch.queued or not _waits_for_commit(batch):
        batch = _pending.batch = _Batch()
        batch.keys.update(dict.fromkeys(keys()))
        # Robust: a queue that cannot be written to is logged by Django, never raised to the editor.
        transaction.on_commit(batch, robust=True)
    else:
        batch.keys.update(dict.fromkeys(keys()))


def _waits_for_commit(batch: _Batch) -> bool:
    """Whether `batch` is still among this transaction's on_commit callbacks (not rolled back)."""
    return any(callback is batch for _, callback, _ in transaction.get_connection().run_on_commit)


def story_keys(story: Story) -> list[str]:
    """A story's page, the pages that list it or now will: its section, bylines, topics, listings."""
    authors = story.bylines.values_list("author_id", flat=True)
    topics = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Story), object_id=story.pk
    ).values_list("tag_id", flat=True)
    return [
        story_key(story.pk),
        section_key(story.section_id),
        *map(author_key, authors),
        *map(topic_key, topics),
        *map(page_key, STORY_LISTINGS),
    ]


def stories_keys(stories: QuerySet[Story]) -> list[str]:
    """The key of each story in `stories`: every page showing one of them carries it."""
    return [story_key(pk) for pk in stories.values_list("pk", flat=True)]


def every_page_keys() -> list[str]:
    """Every reader page, for a change each of them shows (a section's name is in every page's menu)."""
    from articles.reader import urls  # the views import much; only needed here

    return [page_key(pattern.name) for pattern in urls.urlpatterns if pattern.name not in NEVER_CACHED_VIEWS]


def send_purge(keys: list[str]) -> None:
    """PURGE READER_PURGE_URL naming `keys`; raises OSError (urllib's errors) if any request fails."""
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        request = urllib.request.Request(  # noqa: S310 (the deploy's own setting, checked in settings.py)
            settings.READER_PURGE_URL,
            method="PURGE",
            headers={"Surrogate-Key": " ".join(keys[start : start + KEYS_PER_REQUEST])},
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read()
