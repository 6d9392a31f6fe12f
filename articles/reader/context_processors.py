from django.conf import settings

from articles.alerts.cookies import alerts_cookie_says_subscribed
from articles.stories.models import Section


def reader(request):
    """The site name, the section navigation (one query, run by the template) and the alerts state."""
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "navigation_sections": Section.objects.only("name", "slug", "position"),
        "alerts_subscribed": alerts_cookie_says_subscribed(request),
        "alerts_status": request.GET.get("alerts", ""),
    }
