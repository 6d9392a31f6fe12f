"""The CDN purge, sent by the Tasks worker after a write commits (articles/reader/purge.py)."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from articles.reader.purge import send_purge

logger = logging.getLogger(__name__)

# Then the purge is dropped: the pages leave the CDN by themselves after s-maxage
# (READER_PAGE_CACHE_SECONDS at most). Waits between tries: 5 s, 10 s, 20 s, 40 s.
PURGE_ATTEMPTS = 5


@task
def purge_surrogate_keys(keys: list[str], attempt: int = 1) -> bool:
    """PURGE the CDN's pages filed under `keys`; True once it answered, False on a failure (retried).

    A failure is logged and tried again later where the backend can defer a task (the worker);
    it is never raised, so nothing waits on a CDN that is slow or down.
    """
    try:
        send_purge(keys)
    except (OSError, ValueError) as error:  # urllib's URLError, HTTPError and timeouts are OSErrors
        backend = purge_surrogate_keys.get_backend()
        if backend.supports_defer and attempt < PURGE_ATTEMPTS:
            wait = timedelta(seconds=5 * 2 ** (attempt - 1))
            purge_surrogate_keys.using(run_after=timezone.now() + wait).enqueue(keys, attempt + 1)
            logger.warning(
                "CDN purge of %s keys failed (attempt %s of %s), trying again in %s s: %s",
                len(keys),
                attempt,
                PURGE_ATTEMPTS,
                int(wait.total_seconds()),
                error,
            )
        else:
            logger.error("CDN purge of %s keys failed (attempt %s), given up: %s", len(keys), attempt, error)
        return False
    return True
