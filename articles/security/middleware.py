"""Django's content security policy middleware, with the admin's own policy and report-to's endpoint."""

import functools

from django.conf import settings
from django.middleware import csp
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.csp import CSP

from articles.inline_styles import inline_stylesheet_source


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """SECURE_CSP everywhere but the admin, which gets ADMIN_CSP; a view's csp_override still wins.

    Outside the admin, style-src also allows the inlined reader stylesheet by its hash.

    Every response with a policy also names the endpoint its report-to group ("csp") sends to.
    """

    def process_response(self, request, response):
        match = request.resolver_match
        if not hasattr(response, "_csp_config"):
            if match is not None and "admin" in match.namespaces:
                response._csp_config = settings.ADMIN_CSP
            else:
                styles = [*settings.SECURE_CSP.get("style-src", []), inline_stylesheet_source()]
                response._csp_config = {**settings.SECURE_CSP, "style-src": styles}
        response = super().process_response(request, response)
        if CSP.HEADER_ENFORCE in response or CSP.HEADER_REPORT_ONLY in response:
            response.headers.setdefault(
                "Reporting-Endpoints",
                _reporting_endpoints(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)),
            )
        return response


# Reversed once per script prefix and URLconf: reverse() was a twentieth of a small page's time.
@functools.lru_cache(maxsize=16)
def _reporting_endpoints(script_prefix: str, urlconf: str) -> str:
    return f'csp="{reverse("security:csp-reports", urlconf=urlconf)}"'
