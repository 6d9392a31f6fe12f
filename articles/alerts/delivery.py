"""Sending an alert's deliveries exactly once: claim a batch, send it in order, record each result.

A worker claims up to ALERTS_BATCH_SIZE pending rows (state "sending", a fresh claim token),
then sends them one at a time in id order, writing each row's result (sent, failed, or back to
pending for a temporary failure) before it starts the next. So when a worker dies, only the
first row of its batch still "sending" can have been handed over; the rows after it were never
tried. A claim older than ALERTS_STALE_CLAIM_SECONDS is a dead worker's (live ones renew theirs):
its first row is marked failed ("interrupted", never sent again, so nobody gets two) and the rest
go back to pending. docs/alerts.md, "Delivery guarantees", states the residual window.
"""

from __future__ import annotations

import secrets
import smtplib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.alerts.emails import BulkEmail, alerts_email_message
from articles.alerts.models import Alert, Delivery, PushSubscription, Subscriber
from articles.alerts.push import PushResult, push_send, vapid_key

if TYPE_CHECKING:
    import requests  # imported when pushes are sent (see articles/alerts/push.py)

INTERRUPTED = "Interrupted while being handed over: it may have arrived, so it is not sent again."
MAX_ATTEMPTS = 5
DIGEST_CLAIM = "digest-"
HEARTBEAT_SECONDS = 10


class Progress(Enum):
    DONE = "done"  # nothing left to send now
    MORE = "more"  # the time slice ended with rows left
    RETRY_LATER = "retry later"  # a temporary failure: try again after a pause


@dataclass
class _Claim:
    token: str
    rows: list[Delivery]
    renewed_at: float = field(default_factory=time.monotonic)

    def renew(self) -> None:
        """Keep the claim fresh, so recovery never takes a batch from a worker that is alive."""
        if time.monotonic() - self.renewed_at >= HEARTBEAT_SECONDS:
            Delivery.objects.filter(claim_token=self.token, state=Delivery.State.SENDING).update(
                claimed_at=timezone.now()
            )
            self.renewed_at = time.monotonic()


class _Throttle:
    """At most `per_second` messages a second (0: no limit), by sleeping between them."""

    def __init__(self, per_second: float):
        self.interval = 1 / per_second if per_second > 0 else 0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if self.interval:
            delay = self.next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.next_at = max(self.next_at, time.monotonic()) + self.interval


def _claim(rows, *, size: int, token: str | None = None) -> _Claim:
    token = token or secrets.token_hex(16)
    with transaction.atomic():
        ids = list(
            rows.filter(state=Delivery.State.PENDING)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids, state=Delivery.State.PENDING).update(
                state=Delivery.State.SENDING,
                claim_token=token,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
    claimed = (
        Delivery.objects.filter(claim_token=token, state=Delivery.State.SENDING)
        .select_related("subscriber", "push_subscription")
        .order_by("pk")
    )
    return _Claim(token=token, rows=list(claimed) if ids else [])


def _finish(row: Delivery, claim: _Claim, state: str, error: str = "") -> None:
    """Record one row's result; only while the claim is still ours."""
    values = {"state": state, "error": error[:300], "claim_token": claim.token}
    if state == Delivery.State.SENT:
        values["sent_at"] = timezone.now()
    if state == Delivery.State.PENDING:
        values.update(claim_token="", claimed_at=None)
        if row.attempts >= MAX_ATTEMPTS:
            values.update(state=Delivery.State.FAILED, claim_token=claim.token)
    Delivery.objects.filter(pk=row.pk, claim_token=claim.token, state=Delivery.State.SENDING).update(**values)


def _release(claim: _Claim, rows: list[Delivery]) -> None:
    """Rows of `claim` never tried: back to pending, without counting the attempt."""
    Delivery.objects.filter(
        pk__in=[row.pk for row in rows], claim_token=claim.token, state=Delivery.State.SENDING
    ).update(state=Delivery.State.PENDING, claim_token="", claimed_at=None, attempts=F("attempts") - 1)


def deliveries_recover_stale(*, alert_id: int | None = None) -> int:
    """Apply the rule for claims abandoned by a dead worker (module docstring); returns rows touched."""
    cut_off = timezone.now() - timedelta(seconds=settings.ALERTS_STALE_CLAIM_SECONDS)
    stale = Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=cut_off)
    if alert_id is not None:
        stale = stale.filter(alert_id=alert_id)
    touched = 0
    for token in set(stale.values_list("claim_token", flat=True)):
        with transaction.atomic():
            rows = list(
                stale.filter(claim_token=token)
                .select_for_update()
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if not rows:
                continue
            # A digest is one message for all its rows; a batch tried its rows one by one, in order.
            maybe_sent = rows if token.startswith(DIGEST_CLAIM) else rows[:1]
            Delivery.objects.filter(pk__in=maybe_sent).update(state=Delivery.State.FAILED, error=INTERRUPTED)
            Delivery.objects.filter(pk__in=rows[len(maybe_sent) :]).update(
                state=Delivery.State.PENDING, claim_token="", claimed_at=None, attempts=F("attempts") - 1
            )
            touched += len(rows)
    return touched


def _mark_bouncing(subscriber: Subscriber, reason: str) -> None:
    Subscriber.objects.filter(pk=subscriber.pk, bouncing_at__isnull=True).update(
        bouncing_at=timezone.now(), bounce_reason=reason[:300]
    )


def _smtp_failure(error: Exception) -> tuple[bool, str]:
    """(permanent, text) for an SMTP refusal: 5xx is permanent (RFC 5321 §4.2.1), 4xx temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return False, str(error)
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return code >= 500, f"{code} {text}"


def _alert_bulk_email(alert: Alert) -> BulkEmail:
    story = alert.story
    breaking = alert.kind == Alert.Kind.BREAKING
    return BulkEmail(
        site_url=settings.NEWSROOM_SITE_URL,
        subject=f"Breaking: {alert.text}" if breaking else f"New: {alert.text}",
        template="alerts/email/alert",
        context={
            "alert": alert,
            "story": story,
            "breaking": breaking,
            "story_url": settings.NEWSROOM_SITE_URL.rstrip("/") + story.get_absolute_url(),
        },
    )


def _no_delay(connection) -> None:
    """Send each SMTP command at once: smtplib writes a message as several small packets, and
    Nagle's algorithm with delayed ACKs holds each back ~40 ms (20 ms a message on loopback)."""
    sock = getattr(getattr(connection, "connection", None), "sock", None)
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _send_emails(alert: Alert, claim: _Claim, throttle: _Throttle, bulk: BulkEmail) -> Progress:
    connection = mailers.default
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        _release(claim, claim.rows)
        return Progress.RETRY_LATER
    _no_delay(connection)
    domain = urlsplit(settings.NEWSROOM_SITE_URL).hostname or "localhost"
    try:
        for index, row in enumerate(claim.rows):
            subscriber = row.subscriber
            if (
                subscriber is None
                or subscriber.status != Subscriber.Status.CONFIRMED
                or subscriber.bouncing_at
            ):
                _finish(row, claim, Delivery.State.FAILED, "No longer subscribed.")
                continue
            raw = None
            if isinstance(connection, SMTPBackend):
                raw = bulk.copy_for(subscriber, message_id=f"alert-{alert.pk}.{row.pk}@{domain}")
            throttle.wait()
            try:
                if raw is not None:
                    connection.connection.sendmail(
                        connection.prep_address(bulk.from_email),
                        [connection.prep_address(subscriber.email)],
                        raw,
                    )
                else:
                    connection.send_messages([bulk.message_for(subscriber)])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
                permanent, text = _smtp_failure(error)
                if permanent:
                    _finish(row, claim, Delivery.State.FAILED, text)
                    _mark_bouncing(subscriber, text)
                    continue
                _finish(row, claim, Delivery.State.PENDING, text)
                _release(claim, claim.rows[index + 1 :])
                return Progress.RETRY_LATER
            except (smtplib.SMTPException, OSError):
                # The connection broke mid-message: the server may have taken it (RFC 5321 §6.1).
                _finish(row, claim, Delivery.State.FAILED, INTERRUPTED)
                _release(claim, claim.rows[index + 1 :])
                return Progress.RETRY_LATER
            _finish(row, claim, Delivery.State.SENT)
            claim.renew()
    finally:
        connection.close()
    return Progress.MORE


def _push_payload(alert: Alert) -> dict:
    story = alert.story
    return {
        "title": ("Breaking news" if alert.kind == Alert.Kind.BREAKING else story.section.name),
        "body": alert.text,
        "url": settings.NEWSROOM_SITE_URL.rstrip("/") + story.get_absolute_url(),
        # The same tag replaces a notification instead of adding one, should one arrive twice.
        "tag": f"story-{story.pk}",
    }


def _send_pushes(alert: Alert, claim: _Claim, throttle: _Throttle, session: requests.Session) -> Progress:
    vapid = vapid_key()
    payload = _push_payload(alert)
    for index, row in enumerate(claim.rows):
        browser = row.push_subscription
        if vapid is None or browser is None:
            _finish(row, claim, Delivery.State.FAILED, "Browser notifications are not configured.")
            continue
        throttle.wait()
        outcome = push_send(
            subscription_info=browser.subscription_info(), payload=payload, vapid=vapid, session=session
        )
        if outcome.result is PushResult.SENT:
            _finish(row, claim, Delivery.State.SENT)
        elif outcome.result is PushResult.GONE:
            _finish(row, claim, Delivery.State.FAILED, outcome.detail)
            PushSubscription.objects.filter(pk=browser.pk).delete()
        elif outcome.result is PushResult.RETRY:
            _finish(row, claim, Delivery.State.PENDING, outcome.detail)
            _release(claim, claim.rows[index + 1 :])
            return Progress.RETRY_LATER
        else:
            _finish(row, claim, Delivery.State.FAILED, outcome.detail or INTERRUPTED)
        claim.renew()
    return Progress.MORE


def _finish_alert_if_done(alert_id: int) -> bool:
    """Mark the alert sent once no immediate row is waiting or being sent; True if it is finished."""
    busy = Delivery.objects.filter(
        alert_id=alert_id, in_digest=False, state__in=(Delivery.State.PENDING, Delivery.State.SENDING)
    )
    if busy.exists():
        return False
    Alert.objects.filter(pk=alert_id, status=Alert.Status.SENDING).update(
        status=Alert.Status.SENT, finished_at=timezone.now()
    )
    return True


def alert_deliver(
    *, alert_id: int, seconds: float = 60, on_batch: Callable[[], None] | None = None
) -> Progress:
    """Send `alert_id`'s waiting emails and browser notifications for up to `seconds`, batch by batch.

    Safe to run in several workers at once and to run again after a crash: every row is claimed
    before it is sent. Returns whether rows are left (MORE), a temporary failure asks for a pause
    (RETRY_LATER), or nothing is left (DONE).
    """
    import requests

    deliveries_recover_stale(alert_id=alert_id)
    deadline = time.monotonic() + seconds
    throttle = _Throttle(settings.ALERTS_EMAILS_PER_SECOND)
    waiting = Delivery.objects.filter(alert_id=alert_id, in_digest=False)
    bulk = None
    with requests.Session() as session:
        while time.monotonic() < deadline:
            alert = Alert.objects.select_related("story__section").filter(pk=alert_id).first()
            if alert is None or alert.status != Alert.Status.SENDING:
                return Progress.DONE
            claim = _claim(waiting.filter(channel=Delivery.Channel.EMAIL), size=settings.ALERTS_BATCH_SIZE)
            if claim.rows:
                bulk = bulk or _alert_bulk_email(alert)
                progress = _send_emails(alert, claim, throttle, bulk)
            else:
                claim = _claim(waiting.filter(channel=Delivery.Channel.PUSH), size=settings.ALERTS_BATCH_SIZE)
                if not claim.rows:
                    _finish_alert_if_done(alert_id)
                    return Progress.DONE
                progress = _send_pushes(alert, claim, throttle, session)
            if on_batch is not None:
                on_batch()
            if progress is Progress.RETRY_LATER:
                return progress
    return Progress.DONE if _finish_alert_if_done(alert_id) else Progress.MORE


def alert_needs_worker(*, alert_id: int) -> bool:
    """True when `alert_id` is still sending, rows wait, and no live worker holds a claim on it."""
    if not Alert.objects.filter(pk=alert_id, status=Alert.Status.SENDING).exists():
        return False
    deliveries_recover_stale(alert_id=alert_id)
    rows = Delivery.objects.filter(alert_id=alert_id, in_digest=False)
    if rows.filter(state=Delivery.State.SENDING).exists():
        return False
    if not rows.filter(state=Delivery.State.PENDING).exists():
        _finish_alert_if_done(alert_id)
        return False
    return True


def digests_send() -> int:
    """Send every reader with stories waiting for their digest one email listing them; returns how many.

    All of a reader's waiting rows are claimed together and marked by one result, so a digest
    is sent once; an interrupted one is not sent again (its rows are marked interrupted).
    """
    sent = 0
    waiting = Delivery.objects.filter(
        channel=Delivery.Channel.EMAIL, in_digest=True, state=Delivery.State.PENDING
    )
    subscriber_ids = list(
        waiting.values_list("subscriber_id", flat=True).distinct().order_by("subscriber_id")
    )
    throttle = _Throttle(settings.ALERTS_EMAILS_PER_SECOND)
    connection = mailers.default
    with connection:
        _no_delay(connection)
        for subscriber_id in subscriber_ids:
            claim = _claim(
                waiting.filter(subscriber_id=subscriber_id),
                size=1000,
                token=DIGEST_CLAIM + secrets.token_hex(12),
            )
            if not claim.rows:
                continue
            subscriber = claim.rows[0].subscriber
            alerts = list(
                Alert.objects.filter(
                    pk__in=[row.alert_id for row in claim.rows],
                    status__in=(Alert.Status.SENDING, Alert.Status.SENT),
                )
                .select_related("story")
                .order_by("send_after")
            )
            if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED or not alerts:
                for row in claim.rows:
                    _finish(
                        row,
                        claim,
                        Delivery.State.FAILED,
                        "No longer subscribed, or the stories were withdrawn.",
                    )
                continue
            site = settings.NEWSROOM_SITE_URL.rstrip("/")
            message = alerts_email_message(
                subscriber=subscriber,
                site_url=settings.NEWSROOM_SITE_URL,
                subject=f"Your daily alerts from {settings.NEWSROOM_NAME}: {len(alerts)} new stories",
                template="alerts/email/digest",
                context={
                    "stories": [(alert.story, site + alert.story.get_absolute_url()) for alert in alerts]
                },
            )
            throttle.wait()
            try:
                connection.send_messages([message])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
                permanent, text = _smtp_failure(error)
                if permanent:
                    _mark_bouncing(subscriber, text)
                state = Delivery.State.FAILED if permanent else Delivery.State.PENDING
                for row in claim.rows:
                    _finish(row, claim, state, text)
                continue
            except (smtplib.SMTPException, OSError):
                for row in claim.rows:
                    _finish(row, claim, Delivery.State.FAILED, INTERRUPTED)
                break
            for row in claim.rows:
                _finish(row, claim, Delivery.State.SENT)
            sent += 1
    return sent
