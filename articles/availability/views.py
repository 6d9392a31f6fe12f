"""Probes for load balancers and orchestrators: is the process up, can it serve?"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process answers; touches neither the database nor the cache (restart me if this fails)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """The database answers SELECT 1 and the cache keeps a value: 200, else 503 naming what failed."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    status = 200 if all(state == "ok" for state in checks.values()) else 503
    return JsonResponse(checks, status=status)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness check: the database is not answering: %s", error)
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        return "failed"
    return "ok"


def _check_cache() -> str:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any backend's failure (connection refused, timeout) means "not ready"
        logger.warning("Readiness check: the cache is not answering: %s", error)
        return "failed"
    if answered != value:
        logger.warning("Readiness check: the cache did not keep a value.")
        return "failed"
    return "ok"
