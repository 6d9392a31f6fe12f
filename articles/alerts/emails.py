"""Alerts emails: every one carries a working unsubscribe link, the one-click unsubscribe headers
(RFC 8058) and the reader's "manage my alerts" link."""

from __future__ import annotations

import binascii
import email.policy
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from articles.alerts.links import manage_token, manage_url, unsubscribe_token, unsubscribe_url
from articles.alerts.models import Subscriber

# Stand-ins for what differs between two readers' copies of one alert (see BulkEmail).
RECIPIENT = "newsroom-recipient@stand-in.invalid"
UNSUBSCRIBE_TOKEN = "NEWSROOMUNSUBSCRIBETOKEN"  # noqa: S105 - a stand-in, not a secret
MANAGE_TOKEN = "NEWSROOMMANAGETOKEN"  # noqa: S105 - a stand-in, not a secret
MESSAGE_ID = "newsroom-message-id@stand-in.invalid"
# Addresses a copy may carry verbatim in its To header (anything else is built in full).
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")


def alerts_email_message(
    *,
    subscriber: Subscriber,
    site_url: str,
    subject: str,
    template: str,
    context: dict,
    links: tuple[str, str] | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """The message for `subscriber`: `template`.txt and `template`.html, with their own links
    (`links`: the unsubscribe and manage links to print instead)."""
    leave_url, manage = links or (
        unsubscribe_url(subscriber, site_url=site_url),
        manage_url(subscriber, site_url=site_url),
    )
    context = {
        "newsroom_name": settings.NEWSROOM_NAME,
        "subscriber": subscriber,
        "unsubscribe_url": leave_url,
        "manage_url": manage,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[subscriber.email],
        # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to this link, no cookie, no token.
        headers={
            "List-Unsubscribe": f"<{leave_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **(headers or {}),
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_alerts_email(
    *, subscriber: Subscriber, site_url: str, subject: str, template: str, context: dict
) -> None:
    """Send one email to `subscriber` (a confirmation); alerts go in batches (delivery.py)."""
    alerts_email_message(
        subscriber=subscriber, site_url=site_url, subject=subject, template=template, context=context
    ).send()


class BulkEmail:
    """One alert's email, built once, and each reader's copy of it in microseconds.

    Python's email package takes milliseconds to build and serialise a message: for 10,000 readers,
    most of the sending time. The copies differ only in the To address, the Message-ID and the two
    signed link tokens. So the bodies are rendered once with stand-in tokens, the MIME frame is
    serialised once with stand-in bodies, and each copy fills in its own: address and Message-ID
    in the headers, tokens in the bodies, which are then quoted-printable encoded (binascii, in C).
    When the frame is not as expected, or an address needs quoting, `copy_for` returns None and
    the caller builds that reader's message in full.
    """

    TEXT_BODY, HTML_BODY = "NEWSROOMTEXTBODY", "NEWSROOMHTMLBODY"

    def __init__(self, *, site_url: str, subject: str, template: str, context: dict):
        self.site_url, self.subject, self.template, self.context = site_url, subject, template, context
        site = site_url.rstrip("/")
        links = (
            site + reverse("alerts:unsubscribe", kwargs={"token": UNSUBSCRIBE_TOKEN}),
            site + reverse("alerts:manage", kwargs={"token": MANAGE_TOKEN}),
        )
        full = alerts_email_message(
            subscriber=Subscriber(pk=0, email=RECIPIENT),
            site_url=site_url,
            subject=subject,
            template=template,
            context=context,
            links=links,
        )
        self.text, self.html = full.body, full.alternatives[0].content
        # A short stand-in for the whole link, so the frame's header is not folded around it.
        self.unsubscribe_link = links[0]
        frame = EmailMultiAlternatives(
            subject=subject,
            body=self.TEXT_BODY,
            to=[RECIPIENT],
            headers={
                **full.extra_headers,
                "List-Unsubscribe": f"<{UNSUBSCRIBE_TOKEN}>",
                "Message-ID": f"<{MESSAGE_ID}>",
            },
        )
        frame.attach_alternative(self.HTML_BODY, "text/html")
        self.from_email = frame.from_email
        raw = frame.message(policy=email.policy.SMTP).as_bytes()
        seven_bit = b"Content-Transfer-Encoding: 7bit\r\n"
        quoted = b"Content-Transfer-Encoding: quoted-printable\r\n"
        expected = {RECIPIENT: 1, MESSAGE_ID: 1, UNSUBSCRIBE_TOKEN: 1, self.TEXT_BODY: 1, self.HTML_BODY: 1}
        fits = all(raw.count(value.encode()) == count for value, count in expected.items())
        self.frame = raw.replace(seven_bit, quoted) if fits and raw.count(seven_bit) == 2 else None

    def copy_for(self, subscriber: Subscriber, *, message_id: str) -> bytes | None:
        """`subscriber`'s copy as bytes for SMTP, or None when it must be built in full."""
        if self.frame is None or not PLAIN_ADDRESS.fullmatch(subscriber.email):
            return None
        leave, manage = unsubscribe_token(subscriber), manage_token(subscriber)

        def body(text: str) -> bytes:
            text = text.replace(UNSUBSCRIBE_TOKEN, leave).replace(MANAGE_TOKEN, manage)
            return binascii.b2a_qp(text.replace("\r\n", "\n").encode(), istext=True).replace(b"\n", b"\r\n")

        return (
            self.frame.replace(RECIPIENT.encode(), subscriber.email.encode())
            .replace(MESSAGE_ID.encode(), message_id.encode())
            .replace(
                UNSUBSCRIBE_TOKEN.encode(), self.unsubscribe_link.replace(UNSUBSCRIBE_TOKEN, leave).encode()
            )
            .replace(self.TEXT_BODY.encode(), body(self.text))
            .replace(self.HTML_BODY.encode(), body(self.html))
        )

    def message_for(self, subscriber: Subscriber) -> EmailMultiAlternatives:
        """`subscriber`'s message built in full (any mailer can send it)."""
        return alerts_email_message(
            subscriber=subscriber,
            site_url=self.site_url,
            subject=self.subject,
            template=self.template,
            context=self.context,
        )
