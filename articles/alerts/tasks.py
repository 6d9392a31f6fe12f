"""The worker's alerts tasks (Django Tasks; production runs django-tasks-db's `db_worker`).

start_alert runs at the story's publication time (run_after), fixes the audience and hands
over to deliver_alert, which sends in time slices and re-enqueues itself while rows are left.
watch_alert comes back every ALERTS_STALE_CLAIM_SECONDS while the alert is sending, so a
worker that died mid-send is taken over by the next one. daily_alerts sends the digests, drops
old signup details, and enqueues itself for the next day. No cron anywhere.

With a backend that cannot defer (the embedded ImmediateBackend), everything runs at once in the
publishing process; a scheduled story's alert and the daily digests then need the worker.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from articles.alerts.delivery import Progress, alert_deliver, alert_needs_worker, digests_send
from articles.alerts.models import DailyRun, Delivery
from articles.alerts.services import subscribers_forget_signup_details
from articles.alerts.story_alerts import alert_start

RETRY_PAUSE_SECONDS = 60


def _can_defer() -> bool:
    return default_task_backend.supports_defer


def _enqueue(the_task, *args, at: datetime | None = None) -> None:
    """Enqueue `the_task`, to run at `at` where the backend can wait (else now)."""
    if at is not None and at > timezone.now() and _can_defer():
        the_task = the_task.using(run_after=at)
    the_task.enqueue(*args)


def enqueue_alert_start(*, alert_id: int, at: datetime) -> None:
    """Called when a publish or schedule commits: start the alert at the story's publication time."""
    _enqueue(start_alert, alert_id, at=at)


@task
def start_alert(alert_id: int) -> int:
    """Fix the audience of a story that went live and start sending; returns the audience size."""
    alert = alert_start(alert_id=alert_id)
    if alert is None:
        return 0
    if alert.deliveries.filter(in_digest=True).exists():
        daily_run_ensure()
    if _can_defer():
        deliver_alert.enqueue(alert_id)
        _enqueue(
            watch_alert, alert_id, at=timezone.now() + timedelta(seconds=settings.ALERTS_STALE_CLAIM_SECONDS)
        )
    else:
        deliver_alert.call(alert_id)
    return alert.audience_size


@task
def deliver_alert(alert_id: int) -> str:
    """Send one time slice of an alert; re-enqueues itself while rows are left."""
    if not _can_defer():
        # In-process: no other task can interleave, so send everything now (retries need the worker).
        progress = Progress.MORE
        while progress is Progress.MORE:
            progress = alert_deliver(alert_id=alert_id)
        return progress.value
    progress = alert_deliver(alert_id=alert_id)
    if progress is Progress.MORE:
        deliver_alert.enqueue(alert_id)
    elif progress is Progress.RETRY_LATER:
        _enqueue(deliver_alert, alert_id, at=timezone.now() + timedelta(seconds=RETRY_PAUSE_SECONDS))
    return progress.value


@task
def watch_alert(alert_id: int) -> bool:
    """While `alert_id` is sending, take over from a worker that died; returns whether it is still sending."""
    if alert_needs_worker(alert_id=alert_id):
        deliver_alert.enqueue(alert_id)
    still_sending = Delivery.objects.filter(
        alert_id=alert_id, in_digest=False, state__in=(Delivery.State.PENDING, Delivery.State.SENDING)
    ).exists()
    if still_sending:
        _enqueue(
            watch_alert, alert_id, at=timezone.now() + timedelta(seconds=settings.ALERTS_STALE_CLAIM_SECONDS)
        )
    return still_sending


def _next_run_at(after: datetime) -> datetime:
    """The next ALERTS_DIGEST_HOUR o'clock (TIME_ZONE) after `after`."""
    local = timezone.localtime(after)
    run = local.replace(hour=settings.ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return run if run > local else run + timedelta(days=1)


def daily_run_ensure(*, after: datetime | None = None) -> bool:
    """Make sure the daily task is enqueued for its next run; True if this call enqueued it.

    One row per day (DailyRun) means one task per day, however many callers ask. A backend
    that cannot defer has no daily task (the digests wait for the worker).
    """
    if not _can_defer():
        return False
    run_at = _next_run_at(after or timezone.now())
    try:
        with transaction.atomic():
            DailyRun.objects.create(day=run_at.date())
    except IntegrityError:
        return False
    transaction.on_commit(lambda: _enqueue(daily_alerts, at=run_at))
    return True


@task
def daily_alerts() -> int:
    """Send the daily digests, forget signup details kept long enough, and enqueue tomorrow's run."""
    sent = digests_send()
    subscribers_forget_signup_details()
    DailyRun.objects.filter(day=timezone.localdate()).update(finished_at=timezone.now())
    daily_run_ensure(after=timezone.now() + timedelta(minutes=1))
    return sent
