"""Plain answers while the database or the disk is away, instead of a 500 and a stack trace.

A database that does not answer (OperationalError, InterfaceError) becomes a 503 with
Retry-After; a full disk becomes a 507. Either page is rendered without a request context,
so nothing on it needs the database. The broken connection is closed, so the next request
connects again and the site recovers by itself once the database is back.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

from articles.availability.disk import NOTHING_SAVED, DiskFull, is_disk_full

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
READER_MESSAGE = "We can't reach our stories right now. Please try again in a minute."
ADMIN_MESSAGE = "The newsroom's database is not answering; nothing was saved. Try again in a minute."


class DatabaseOutageMiddleware:
    """First in MIDDLEWARE: turns a database outage anywhere below it into a 503, a full disk into a 507.

    Errors raised by a view (or while its template renders) arrive in `process_exception`.
    Errors raised by another middleware (the session save, the CSRF check reading an upload)
    are turned into a 500 by Django before they get here; `_remember_failure` notes them as
    they happen and `__call__` replaces that 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        failure = getattr(request, "_availability_failure", None)
        if failure is not None and response.status_code == 500:
            return self._answer(request, failure)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS) or is_disk_full(exception):
            return self._answer(request, exception)
        return None

    def _answer(self, request, error):
        if is_disk_full(error):
            message = error.message if isinstance(error, DiskFull) else NOTHING_SAVED
            response = _page(request, status=507, title="The server's disk is full", message=message)
            return _logged(request, response, "Disk full while answering %s: %s", error)
        _close_broken_connections()
        admin = _is_admin(request)
        response = _page(
            request,
            status=503,
            title="The database is not answering" if admin else "We'll be right back",
            message=ADMIN_MESSAGE if admin else READER_MESSAGE,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return _logged(request, response, "Database outage while answering %s: %s", error)


def _logged(request, response, message: str, error: BaseException):
    """Log the answer once, as a warning (Django would log a 5xx as an error with a traceback)."""
    log_response(
        message, request.path, error, request=request, response=response, logger=logger, level="warning"
    )
    return response


def _remember_failure(sender, request=None, **kwargs):
    """Note an outage or a full disk raised outside a view; Django is turning it into a 500 right now."""
    error = sys.exc_info()[1]
    if request is not None and (isinstance(error, OUTAGE_ERRORS) or is_disk_full(error)):
        request._availability_failure = error


got_request_exception.connect(_remember_failure, dispatch_uid="availability_remember_failure")


def _close_broken_connections() -> None:
    """Close connections that errored and no longer answer, so the next request connects afresh.

    Django does the same when a request finishes; doing it here also covers servers that
    keep a connection between requests. A connection inside an atomic block belongs to
    someone still using it (a test's transaction) and is left alone.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _is_admin(request) -> bool:
    return request.path.startswith(reverse("admin:index"))


def _page(request, *, status: int, title: str, message: str) -> HttpResponse:
    """The refusal as a small HTML page, or as JSON for the admin's scripts (which do not ask for HTML)."""
    if _is_admin(request) and "text/html" not in request.headers.get("Accept", ""):
        code = "disk_full" if status == 507 else "database_unavailable"
        response = JsonResponse({"status": "refused", "code": code, "message": message}, status=status)
    else:
        # No request: no context processors, so rendering never touches the database.
        html = loader.get_template("503.html").render({"title": title, "message": message})
        response = HttpResponse(html, status=status)
    add_never_cache_headers(response)  # a cache in front must not keep serving the refusal
    return response
