"""Alerts emails: every one carries a working unsubscribe link and the one-click unsubscribe headers."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from articles.alerts.links import unsubscribe_url
from articles.alerts.models import Subscriber


def send_alerts_email(
    *, subscriber: Subscriber, site_url: str, subject: str, template: str, context: dict
) -> None:
    """Send one email to `subscriber`; every one carries a working unsubscribe link and header."""
    leave_url = unsubscribe_url(subscriber, site_url=site_url)
    context = {
        "newsroom_name": settings.NEWSROOM_NAME,
        "subscriber": subscriber,
        "unsubscribe_url": leave_url,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{leave_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
