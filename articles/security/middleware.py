"""Django's content security policy middleware, with the admin's own policy and report-to's endpoint."""

from django.conf import settings
from django.middleware import csp
from django.urls import reverse
from django.utils.csp import CSP


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """SECURE_CSP everywhere but the admin, which gets ADMIN_CSP; a view's csp_override still wins.

    Every response with a policy also names the endpoint its report-to group ("csp") sends to.
    """

    def process_response(self, request, response):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        response = super().process_response(request, response)
        if CSP.HEADER_ENFORCE in response or CSP.HEADER_REPORT_ONLY in response:
            response.headers.setdefault("Reporting-Endpoints", f'csp="{reverse("security:csp-reports")}"')
        return response
