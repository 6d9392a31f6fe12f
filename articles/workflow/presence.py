"""Who else has a story's change form open: a per-story entry in the cache, refreshed by a heartbeat."""

from __future__ import annotations

import time

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache

from articles.workflow.audit import display_name

# "NAME is editing this story": each open change form pings every HEARTBEAT seconds;
# someone not seen for PRESENCE_TIMEOUT seconds has left.
HEARTBEAT_SECONDS = 20
PRESENCE_TIMEOUT = 60


def _presence_key(story_pk: int) -> str:
    return f"story-presence:{story_pk}"


def presence_touch(*, story_pk: int, user: AbstractBaseUser) -> list[str]:
    """Record that `user` has the story open; return the names of the others who have it open."""
    now = time.time()
    seen = {
        user_id: entry
        for user_id, entry in (cache.get(_presence_key(story_pk)) or {}).items()
        if now - entry["seen"] < PRESENCE_TIMEOUT
    }
    seen[user.pk] = {"name": display_name(user), "seen": now}
    cache.set(_presence_key(story_pk), seen, PRESENCE_TIMEOUT)
    return sorted(entry["name"] for user_id, entry in seen.items() if user_id != user.pk)
