"""Where browsers report what the content security policy blocked (report-uri and report-to)."""

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.client_address import client_address

logger = logging.getLogger(__name__)

# A real report is a few kilobytes; a Reporting API batch holds a handful of them.
MAX_BODY_BYTES = 64 * 1024
MAX_REPORTS_PER_BODY = 20
MAX_FIELD_CHARACTERS = 300

# The fields logged, as the two formats name them: report-uri's {"csp-report": {...}} and the
# Reporting API's [{"type": "csp-violation", "body": {...}}].
REPORT_URI_FIELDS = {
    "directive": ("effective-directive", "violated-directive"),
    "blocked": ("blocked-uri",),
    "page": ("document-uri",),
    "source": ("source-file",),
    "line": ("line-number",),
    "sample": ("script-sample",),
    "disposition": ("disposition",),
}
REPORTING_API_FIELDS = {
    "directive": ("effectiveDirective",),
    "blocked": ("blockedURL",),
    "page": ("documentURL",),
    "source": ("sourceFile",),
    "line": ("lineNumber",),
    "sample": ("sample",),
    "disposition": ("disposition",),
}


class NotAReport(ValueError):
    """The body is not a CSP violation report in either format."""


@csrf_exempt
@require_POST
@never_cache
def csp_reports(request):
    """Log each violation a browser reports: 204; junk 400, too big 413, a flooding client 429."""
    if not _within_rate_limit(request):
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    try:
        declared_length = int(request.headers.get("content-length") or 0)
    except ValueError:
        return HttpResponse(status=400)
    if declared_length > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return HttpResponse(status=413)
    try:
        violations = _violations(json.loads(body, parse_constant=_refuse_constant))
    except (ValueError, RecursionError):  # bad JSON or UTF-8 (both ValueErrors), NotAReport, deep nesting
        return HttpResponse(status=400)
    for violation in violations[:MAX_REPORTS_PER_BODY]:
        logger.warning(
            "CSP violation: %(directive)s blocked %(blocked)s on %(page)s "
            "(source %(source)s line %(line)s, sample %(sample)s, %(disposition)s)",
            violation,
        )
    return HttpResponse(status=204)


def _within_rate_limit(request) -> bool:
    """Count this report against its client's minute (the address the login throttle sees too)."""
    address = client_address(request)
    key = "csp-reports:client:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, timeout=60)
    try:
        reports = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=60)
        reports = 1
    return reports <= settings.CSP_REPORTS_PER_CLIENT_PER_MINUTE


def _refuse_constant(name: str):
    raise NotAReport(f"{name} is not JSON.")


def _violations(payload) -> list[dict[str, str]]:
    """The violations in a report-uri body or a Reporting API batch, as printable fields."""
    if isinstance(payload, dict):
        reports, fields = [payload.get("csp-report")], REPORT_URI_FIELDS
    elif isinstance(payload, list) and all(isinstance(item, dict) for item in payload):
        reports = [item.get("body") for item in payload if item.get("type") == "csp-violation"]
        fields = REPORTING_API_FIELDS
    else:
        raise NotAReport("Neither a report-uri body nor a Reporting API batch.")
    if not reports or not all(isinstance(report, dict) for report in reports):
        raise NotAReport("No CSP violation in the body.")
    violations = [_printable(report, fields) for report in reports]
    if not all(violation["directive"] for violation in violations):
        raise NotAReport("A violation names no directive.")
    return violations


def _printable(report: dict, fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each field cut short and JSON-quoted, so reported text can never start a forged log line."""
    printable = {}
    for field, names in fields.items():
        value = next((report[name] for name in names if isinstance(report.get(name), str | int)), None)
        printable[field] = "" if value in (None, "") else json.dumps(str(value)[:MAX_FIELD_CHARACTERS])
    return printable
