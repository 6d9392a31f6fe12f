"""Alerts by email, through a real SMTP server on loopback (aiosmtpd): who gets a story's alert
(exactly once each, nobody else), the one-click unsubscribe, hard failures, scheduling,
unpublishing, the daily digest and the rule for a batch a dead worker left behind."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from articles.alerts import tasks
from articles.alerts.delivery import INTERRUPTED, deliveries_recover_stale, digests_send
from articles.alerts.models import Alert, Delivery, Follow, Subscriber
from articles.stories.models import Story
from articles.workflow.services import story_publish, story_schedule, story_unpublish
from tests import factories
from tests.alerts.conftest import make_followers

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(db):
    """A story about to go out (section Politics, topic Elections, by Ada) and two other of each."""
    politics, sport = factories.make_section(name="Politics"), factories.make_section(name="Sport")
    elections, football = Tag.objects.create(name="Elections"), Tag.objects.create(name="Football")
    ada, bob = factories.make_author(name="Ada"), factories.make_author(name="Bob")
    story = factories.make_story(section=politics, bylines=[ada], tags=["Elections"], headline="Vote result")
    return {
        "story": story,
        "politics": politics,
        "sport": sport,
        "elections": elections,
        "football": football,
        "ada": ada,
        "bob": bob,
    }


def publish(story, editor, capture, **kwargs):
    with capture(execute=True):
        story_publish(story=story, user=editor, **kwargs)
    return Alert.objects.get(story=story)


def test_a_breaking_alert_reaches_every_follower_once_and_nobody_else(
    newsroom, editor, smtp_sink, django_capture_on_commit_callbacks
):
    """1,000 confirmed subscribers across follows: the story's followers and breaking-news followers
    get one message each (however many of their follows match); the others get none."""
    intended = [
        *make_followers(300, prefix="breaking"),
        *make_followers(200, prefix="politics", section=newsroom["politics"]),
        *make_followers(150, prefix="elections", topic=newsroom["elections"]),
        *make_followers(100, prefix="ada", author=newsroom["ada"]),
    ]
    others = [
        *make_followers(100, prefix="sport", section=newsroom["sport"]),
        *make_followers(100, prefix="football", topic=newsroom["football"]),
        *make_followers(50, prefix="bob", author=newsroom["bob"]),
    ]
    # Following several matching things still means one message.
    for subscriber in intended[:50]:
        Follow.objects.create(
            subscriber=subscriber, kind="topic", topic=newsroom["elections"], confirmed_at=timezone.now()
        )
    make_followers(20, prefix="unconfirmed", confirmed=False)
    assert Subscriber.objects.filter(status="confirmed").count() == 1000

    alert = publish(newsroom["story"], editor, django_capture_on_commit_callbacks, alert_text="")

    received = smtp_sink.recipients()
    assert received == {subscriber.email: 1 for subscriber in intended}
    assert not set(received) & {subscriber.email for subscriber in others}
    alert.refresh_from_db()
    assert (alert.kind, alert.status, alert.audience_size) == ("breaking", "sent", 750)
    assert alert.text == "Vote result"
    assert Delivery.objects.filter(alert=alert, state="sent").count() == 750

    message = smtp_sink.message(0)
    assert message["Subject"] == "Breaking: Vote result"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://localhost:8000/alerts/unsubscribe/[^/]+/>", message["List-Unsubscribe"])
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Vote result" in plain and "/alerts/manage/" in plain
    assert "Vote result" in html and "/alerts/manage/" in html


def test_publishing_without_the_breaking_mark_notifies_only_followers(
    newsroom, editor, smtp_sink, django_capture_on_commit_callbacks
):
    make_followers(3, prefix="breaking")
    followers = make_followers(2, prefix="politics", section=newsroom["politics"])

    alert = publish(newsroom["story"], editor, django_capture_on_commit_callbacks)

    assert alert.kind == "story"
    assert smtp_sink.recipients() == {subscriber.email: 1 for subscriber in followers}
    assert smtp_sink.message(0)["Subject"] == "New: Vote result"


def test_one_click_unsubscribe_post_works_without_cookie_or_token(
    newsroom, editor, smtp_sink, django_capture_on_commit_callbacks
):
    """RFC 8058: the mail provider POSTs List-Unsubscribe=One-Click to the header's link."""
    (subscriber,) = make_followers(1, prefix="leaver")
    publish(newsroom["story"], editor, django_capture_on_commit_callbacks, alert_text="Polls closed")
    link = smtp_sink.message(0)["List-Unsubscribe"].strip("<>").removeprefix("http://localhost:8000")

    response = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    other = factories.make_story(desk_byline="Staff", section=newsroom["politics"], headline="Second story")
    publish(other, editor, django_capture_on_commit_callbacks, alert_text="")
    assert len(smtp_sink.messages) == 1  # nothing more for them


def test_a_hard_smtp_failure_marks_the_address_and_the_rest_still_get_theirs(
    newsroom, editor, smtp_sink, django_capture_on_commit_callbacks
):
    subscribers = make_followers(5, prefix="reader")
    smtp_sink.refuse.add(subscribers[2].email)

    alert = publish(newsroom["story"], editor, django_capture_on_commit_callbacks, alert_text="")

    assert smtp_sink.recipients() == {s.email: 1 for s in subscribers if s != subscribers[2]}
    failed = Delivery.objects.get(alert=alert, state="failed")
    assert failed.subscriber == subscribers[2] and failed.error.startswith("550")
    bounced = Subscriber.objects.get(pk=subscribers[2].pk)
    assert bounced.bouncing_at is not None and "No such mailbox" in bounced.bounce_reason
    # A later alert leaves the refused address out altogether.
    later = factories.make_story(desk_byline="Staff", section=newsroom["politics"])
    second = publish(later, editor, django_capture_on_commit_callbacks, alert_text="")
    assert second.audience_size == 5 and second.deliveries.count() == 4


def test_a_story_alerts_once(newsroom, editor, smtp_sink, django_capture_on_commit_callbacks):
    make_followers(2, prefix="reader")
    story = newsroom["story"]
    publish(story, editor, django_capture_on_commit_callbacks, alert_text="")
    story.refresh_from_db()

    with pytest.raises(Exception, match="already went out to readers"):
        story_publish(story=story, user=editor, at=timezone.now() + timedelta(hours=1), alert_text="")
    assert len(smtp_sink.messages) == 2


def test_a_scheduled_story_alerts_by_a_task_that_runs_at_its_publication_time(
    newsroom, editor, smtp_sink, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """The alert is a task with run_after (the backend must be able to wait: the DummyBackend records it)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    make_followers(3, prefix="reader")
    at = timezone.now() + timedelta(hours=2)
    story = newsroom["story"]

    with django_capture_on_commit_callbacks(execute=True):
        story_schedule(story=story, user=editor, at=at, alert_text="Polls close at 10")

    from django.tasks import default_task_backend

    (result,) = default_task_backend.results
    assert result.task.name == "start_alert" and result.task.run_after == at
    # Before the time, the task finds the story not live and sends nothing.
    assert tasks.start_alert.call(*result.args) == 0
    assert smtp_sink.messages == []
    # At the time (the story is live), it sends.
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert tasks.start_alert.call(*result.args) == 3
    assert len(smtp_sink.messages) == 3


def test_unpublishing_cancels_the_pending_alert(
    newsroom, editor, smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    make_followers(3, prefix="reader")
    story = newsroom["story"]
    with django_capture_on_commit_callbacks(execute=True):
        story_schedule(story=story, user=editor, at=timezone.now() + timedelta(hours=1), alert_text="")
    story.refresh_from_db()
    story_unpublish(story=story, user=editor)

    alert = Alert.objects.get(story=story)
    assert alert.status == Alert.Status.CANCELLED
    assert tasks.start_alert.call(alert.pk) == 0
    assert smtp_sink.messages == []


def test_daily_digest_readers_get_one_email_listing_the_stories(
    newsroom, editor, smtp_sink, django_capture_on_commit_callbacks
):
    (daily,) = make_followers(1, prefix="daily", section=newsroom["politics"])
    Subscriber.objects.filter(pk=daily.pk).update(frequency=Subscriber.Frequency.DAILY)
    (instant,) = make_followers(1, prefix="instant", section=newsroom["politics"])
    second = factories.make_story(desk_byline="Staff", section=newsroom["politics"], headline="Second result")
    publish(newsroom["story"], editor, django_capture_on_commit_callbacks)
    publish(second, editor, django_capture_on_commit_callbacks)
    assert smtp_sink.recipients() == {instant.email: 2}

    assert digests_send() == 1
    assert digests_send() == 0  # each story once

    assert smtp_sink.recipients() == {instant.email: 2, daily.email: 1}
    digest = smtp_sink.message(-1).get_body(("plain",)).get_content()
    assert "Vote result" in digest and "Second result" in digest


def test_breaking_news_goes_at_once_even_to_digest_readers(
    newsroom, editor, smtp_sink, django_capture_on_commit_callbacks
):
    (daily,) = make_followers(1, prefix="daily", section=newsroom["politics"])
    Subscriber.objects.filter(pk=daily.pk).update(frequency=Subscriber.Frequency.DAILY)
    publish(newsroom["story"], editor, django_capture_on_commit_callbacks, alert_text="")
    assert smtp_sink.recipients() == {daily.email: 1}


def test_daily_task_enqueues_itself_for_the_next_day_once(settings, db, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_run_ensure() is True
        assert tasks.daily_run_ensure() is False  # one chain, however many ask
    (result,) = default_task_backend.results
    assert result.task.name == "daily_alerts"
    assert timezone.localtime(result.task.run_after).hour == settings.ALERTS_DIGEST_HOUR
    assert result.task.run_after > timezone.now()


def test_a_batch_left_by_a_dead_worker(newsroom, db):
    """The first row still "sending" may have been handed over: failed, never resent. The rows
    after it were never tried: pending again. A fresh claim is left alone (its worker is alive)."""
    alert = Alert.objects.create(
        story=newsroom["story"], kind="breaking", text="x", status="sending", send_after=timezone.now()
    )
    subscribers = make_followers(4, prefix="reader")
    old = timezone.now() - timedelta(hours=1)
    rows = [
        Delivery.objects.create(
            alert=alert,
            subscriber=subscriber,
            channel="email",
            state="sending",
            claim_token="dead",
            claimed_at=old,
            attempts=1,
        )
        for subscriber in subscribers[:3]
    ]
    alive = Delivery.objects.create(
        alert=alert,
        subscriber=subscribers[3],
        channel="email",
        state="sending",
        claim_token="alive",
        claimed_at=timezone.now(),
        attempts=1,
    )

    assert deliveries_recover_stale() == 3

    states = {row.pk: (row.state, row.error) for row in Delivery.objects.all()}
    assert states[rows[0].pk] == ("failed", INTERRUPTED)
    assert states[rows[1].pk] == states[rows[2].pk] == ("pending", "")
    assert states[alive.pk] == ("sending", "")


def test_the_throttle_spaces_messages(
    newsroom, editor, smtp_sink, settings, django_capture_on_commit_callbacks
):
    import time

    settings.ALERTS_EMAILS_PER_SECOND = 20
    make_followers(10, prefix="reader")
    started = time.monotonic()
    publish(newsroom["story"], editor, django_capture_on_commit_callbacks, alert_text="")
    assert time.monotonic() - started >= 9 / 20
    assert len(smtp_sink.messages) == 10


def test_confirmation_email_uses_the_mailer_too(client, smtp_sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/alerts/", {"email": "new@example.org", "next": "/"})
    assert smtp_sink.recipients() == {"new@example.org": 1}
    assert mail.outbox == []
