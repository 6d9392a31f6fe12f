"""The reader site's content version: one token that changes whenever what readers see changes.

Cached pages are stored under the current token (articles/reader/page_cache.py), so replacing
it retires every cached page at once. It is replaced by every write readers could see
(articles/reader/invalidation.py) and, without any write, when the clock passes the next moment
content changes by itself: the next scheduled publication, the next scheduled change of a
front (articles/fronts), or local midnight (when photo licences expire). So a cached page never
outlives the next change, to the second.

The token lives in the configured cache (Redis in production, shared by every app server). If
the cache loses it, a new token is drawn and the old pages are simply never read again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.fronts.models import Arrangement
from articles.stories.models import Story

VERSION_KEY = "reader:content-version"


@dataclass(frozen=True)
class ContentVersion:
    token: str
    changed_at: datetime  # Last-Modified of every page cached under this token
    valid_until: datetime  # the next scheduled change: no page under this token may outlive it

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.valid_until - now).total_seconds()))


def current_version() -> ContentVersion:
    """The version pages are cached under now; a new one once the clock reaches `valid_until`."""
    now = timezone.now()
    version = cache.get(VERSION_KEY)
    if version is None or now >= version.valid_until:
        version = ContentVersion(token=uuid.uuid4().hex, changed_at=now, valid_until=next_change_after(now))
        cache.set(VERSION_KEY, version, timeout=None)
    return version


def next_change_after(now: datetime) -> datetime:
    """When content next changes with no one writing: a scheduled story or front change, or midnight."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    midnight = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    scheduled = (
        Story.objects.filter(status=Story.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    front_change = Arrangement.objects.scheduled(now=now).values_list("takes_effect_at", flat=True).first()
    return min(moment for moment in (scheduled, front_change, midnight) if moment is not None)


def content_changed() -> None:
    """Retire every cached page: now, and again once the current transaction commits.

    Now, so this transaction's own next read sees the change; after the commit too, because a
    page rendered by another request in between still showed the old content.
    """
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))
