"""Django's content security policy middleware, with the admin's own policy and report-to's endpoint."""

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP

from articles.inline_styles import inline_stylesheet_source
from articles.reversed_urls import reverse_once


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
            endpoint = reverse_once("security:csp-reports")
            response.headers.setdefault("Reporting-Endpoints", f'csp="{endpoint}"')
        return response
