"""What a story sends when it goes live, called by the workflow services (workflow → alerts).

story_alert_plan: on publish or schedule, inside the workflow's transaction. story_alert_cancel:
on unpublish. alert_start: run by the worker when the story is live; it fixes the audience by
writing one Delivery row per recipient, and the sending itself is delivery.py's.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.alerts.models import Alert, Delivery, Follow, PushSubscription, Subscriber
from articles.stories.models import Story

# The stories app's permission that makes an Editor (articles/workflow/roles.py grants it).
BREAKING_ALERT_PERMISSION = "stories.publish_story"
ALERT_TEXT_MAX_LENGTH = 200


def user_can_send_breaking_alerts(user: AbstractBaseUser) -> bool:
    """True for Editors: only they may mark a story as a breaking-news alert."""
    return user.has_perm(BREAKING_ALERT_PERMISSION)


def story_alert_plan(
    *, story: Story, user: AbstractBaseUser, breaking_text: str | None = None
) -> Alert | None:
    """Prepare what `story` sends when it goes live (its publication time); None if it sends nothing.

    `breaking_text` not None makes it a breaking-news alert (an empty text means the headline);
    only Editors may ask for one (PermissionDenied otherwise). Without it, the story's followers
    get a "new story" notification, unless its publication time is long past (an archive import).
    A story alerts once: asking again for a story that has sent is refused ("already_alerted")
    for a breaking alert, and ignored otherwise. Run inside the caller's transaction; the task
    is enqueued when it commits, to run at the publication time.
    """
    if breaking_text is not None and not user_can_send_breaking_alerts(user):
        raise PermissionDenied("Only editors can send breaking-news alerts.")
    alert = Alert.objects.select_for_update().filter(story=story).first()
    if alert is not None and alert.status in (Alert.Status.SENDING, Alert.Status.SENT):
        if breaking_text is None:
            return alert
        raise ValidationError(
            "“%(story)s” already went out to readers at %(time)s, and a story alerts once.",
            code="already_alerted",
            params={"story": story, "time": f"{timezone.localtime(alert.started_at):%Y-%m-%d %H:%M %Z}"},
        )
    backdated = story.published_at < timezone.now() - timedelta(seconds=settings.ALERTS_BACKDATED_SECONDS)
    if breaking_text is None and backdated and alert is None:
        return None
    text = " ".join((breaking_text or "").split()) or story.headline
    if len(text) > ALERT_TEXT_MAX_LENGTH:
        raise ValidationError(
            "Keep the alert text to %(limit)s characters (it has %(length)s).",
            code="alert_text_too_long",
            params={"limit": ALERT_TEXT_MAX_LENGTH, "length": len(text)},
        )
    if alert is None:
        alert = Alert(story=story)
    # Rescheduling a breaking story keeps it breaking unless the alert was cancelled meanwhile.
    keeps_breaking = alert.kind == Alert.Kind.BREAKING and alert.status == Alert.Status.WAITING
    if breaking_text is not None or not keeps_breaking:
        alert.kind = Alert.Kind.BREAKING if breaking_text is not None else Alert.Kind.NEW_STORY
        alert.text = text
        alert.requested_by = user
    alert.status = Alert.Status.WAITING
    alert.send_after = story.published_at
    alert.started_at = alert.finished_at = None
    alert.full_clean()
    alert.save()

    from articles.alerts.tasks import enqueue_alert_start  # the tasks call this module's services

    transaction.on_commit(lambda: enqueue_alert_start(alert_id=alert.pk, at=alert.send_after))
    return alert


def story_alert_cancel(*, story: Story) -> Alert | None:
    """Unpublishing: a story's alert that has not gone out will not; one being sent stops sending."""
    alert = Alert.objects.select_for_update().filter(story=story).first()
    if alert is None or alert.status in (Alert.Status.SENT, Alert.Status.CANCELLED):
        return alert
    alert.status = Alert.Status.CANCELLED
    alert.finished_at = timezone.now()
    alert.save(update_fields=["status", "finished_at"])
    alert.deliveries.filter(state=Delivery.State.PENDING).update(
        state=Delivery.State.FAILED, error="Cancelled: the story was unpublished."
    )
    return alert


def _audience(alert: Alert) -> list[tuple[int, bool, bool]]:
    """(subscriber id, through the daily digest, address refused) for everyone `alert` goes to, once each."""
    story = alert.story
    matches = (
        Q(section_id=story.section_id)
        | Q(topic__in=story.tags.values("pk"))
        | Q(author__in=story.authors.values("pk"))
    )
    if alert.kind == Alert.Kind.BREAKING:
        matches |= Q(kind=Follow.Kind.BREAKING)
    rows = (
        Follow.objects.active()
        .filter(matches, subscriber__status=Subscriber.Status.CONFIRMED)
        .values_list("subscriber_id", "subscriber__frequency", "subscriber__bouncing_at")
        .distinct()
        .order_by("subscriber_id")
    )
    # Breaking news goes at once to everyone; new stories as each reader chose.
    digest = alert.kind == Alert.Kind.NEW_STORY
    return [
        (pk, digest and frequency == Subscriber.Frequency.DAILY, bouncing_at is not None)
        for pk, frequency, bouncing_at in rows
    ]


@transaction.atomic
def alert_start(*, alert_id: int) -> Alert | None:
    """Fix the audience of a live story's alert: one Delivery per address and browser, marked sending.

    Does nothing for an alert that is cancelled or already started, or whose story is not live
    (unpublished, or rescheduled: the reschedule enqueued its own start). Idempotent: running it
    twice writes no second row (the rows are unique per alert and recipient).
    """
    alert = Alert.objects.select_for_update().select_related("story").filter(pk=alert_id).first()
    if alert is None or alert.status != Alert.Status.WAITING or not alert.story.is_published():
        return None
    audience = _audience(alert)
    rows = [
        Delivery(alert=alert, subscriber_id=pk, channel=Delivery.Channel.EMAIL, in_digest=digest)
        for pk, digest, bouncing in audience
        if not bouncing
    ]
    immediate = [pk for pk, digest, _bouncing in audience if not digest]
    for start in range(0, len(immediate), 500):
        browsers = PushSubscription.objects.filter(subscriber_id__in=immediate[start : start + 500])
        rows += [
            Delivery(alert=alert, subscriber_id=owner, push_subscription_id=pk, channel=Delivery.Channel.PUSH)
            for pk, owner in browsers.values_list("pk", "subscriber_id")
        ]
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    alert.status = Alert.Status.SENDING
    alert.started_at = timezone.now()
    alert.audience_size = len(audience)
    if not rows:
        alert.status, alert.finished_at = Alert.Status.SENT, alert.started_at
    alert.save(update_fields=["status", "started_at", "finished_at", "audience_size"])
    return alert
