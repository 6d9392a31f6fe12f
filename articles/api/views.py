"""The content API (django-ninja): its routes (read_views.py, write_views.py) and how refusals answer.

Every refusal is JSON with a sentence and a code (schemas.Problem), never a 500.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid

from articles.api.auth import ApiRefusal
from articles.api.read_views import read
from articles.api.refusals import IngestRefused
from articles.api.write_views import write

api = NinjaAPI(
    title="Newsroom content API",
    version="1",
    description="Published stories as ninjs 3.1 and plain JSON; wire ingest for partners (docs/api.md).",
    urls_namespace="api",
    docs_url=None,  # the Swagger page loads scripts from a CDN; the schema is at openapi.json
)
api.add_router("/", read)
api.add_router("/ingest", write)


def _problem(request, status: int, message: str, code: str, problems=(), headers=None):
    response = api.create_response(
        request, {"error": message, "code": code, "problems": list(problems)}, status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiRefusal)
def _refused(request, error: ApiRefusal):
    return _problem(request, error.status, error.message, error.code, headers=error.headers)


@api.exception_handler(IngestRefused)
def _ingest_refused(request, error: IngestRefused):
    return _problem(request, error.status, error.message, error.code, error.problems)


@api.exception_handler(RequestInvalid)
def _invalid(request, error: RequestInvalid):
    problems = [
        f"{'.'.join(str(part) for part in problem.get('loc', ())[1:]) or 'request'}: {problem.get('msg', '')}"
        for problem in error.errors
    ]
    return _problem(request, 422, "The request is not valid: " + "; ".join(problems), "invalid", problems)


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return _problem(
        request, error.status_code, str(error), "bad_request" if error.status_code == 400 else "refused"
    )


@api.exception_handler(Http404)
def _not_found(request, error: Http404):
    message = (
        str(error)
        if str(error) and "matches the given query" not in str(error)
        else "Nothing is published here."
    )
    return _problem(request, 404, message, "not_found")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, error):
    return _problem(request, 413, "The item is larger than Newsroom reads.", "too_large")
