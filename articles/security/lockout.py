"""The page django-axes answers with once a username has failed too often from one address."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """429 with a plain page and Retry-After: each try while locked out starts the wait again."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request, "security/lockout.html", {"minutes": seconds // 60, "login_url": request.path}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
