"""How long a reader page may be cached: never past the next scheduled publication.

Scheduled stories need no cron job because every reader page asks `published()`
when it is built; a cached page would hide that moment, so whatever caches reader
pages takes its timeout from `reader_cache_timeout()`.
"""

from __future__ import annotations

import math

from django.utils import timezone

from articles.models import Story


def reader_cache_timeout(*, default: int) -> int:
    """Seconds a reader page built now may be cached: `default`, or less if a story is due sooner.

    Returns at least 1 when a story is due, so a cache never holds a page past its publication.
    """
    next_at = Story.objects.next_scheduled_at()
    if next_at is None:
        return default
    seconds_left = (next_at - timezone.now()).total_seconds()
    return max(1, min(default, math.floor(seconds_left)))
