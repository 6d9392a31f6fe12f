"""What readers follow and manage: the box names the page's section, topic or author; signing up
there follows it; the "manage my alerts" page changes frequency, stops a follow, unsubscribes or
deletes everything; signup IP and browser are kept only until confirmation or N days; the admin
counts subscribers per follow."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from taggit.models import Tag

from articles.alerts.links import manage_token
from articles.alerts.models import Delivery, Follow, Subscriber
from articles.alerts.services import subscribers_forget_signup_details
from articles.stories.models import Story
from tests import factories
from tests.alerts.conftest import make_followers

pytestmark = pytest.mark.django_db


def manage_url(subscriber):
    return reverse("alerts:manage", kwargs={"token": manage_token(subscriber)})


@pytest.fixture
def story(db):
    author = factories.make_author(name="Ada Reporter")
    return factories.make_story(
        status=Story.Status.PUBLISHED,
        section=factories.make_section(name="Politics"),
        bylines=[author],
        tags=["Israel & the Region", "Elections"],
    )


def test_the_story_box_offers_its_main_topic(client, story):
    topic = Tag.objects.get(name="Israel & the Region")
    response = client.get(story.get_absolute_url())
    assertContains(response, "Never miss breaking news on Israel &amp; the Region")
    assertContains(response, f'<input type="hidden" name="follow" value="topic:{topic.pk}">', html=True)


def test_a_story_without_topics_offers_its_section(client):
    story = factories.make_story(status=Story.Status.PUBLISHED, section=factories.make_section(name="Sport"))
    response = client.get(story.get_absolute_url())
    assertContains(response, "Never miss breaking news on Sport")
    assertContains(response, f'value="section:{story.section_id}"')


def test_section_topic_and_author_pages_offer_their_own(client, story):
    topic = Tag.objects.get(name="Elections")
    author = story.authors.get()
    for url, name, value in (
        (story.section.get_absolute_url(), "Politics", f"section:{story.section_id}"),
        (reverse("articles:topic-detail", args=[topic.slug]), "Elections", f"topic:{topic.pk}"),
        (author.get_absolute_url(), "Ada Reporter", f"author:{author.pk}"),
    ):
        response = client.get(url)
        assertContains(response, f"Never miss breaking news on {name}")
        assertContains(response, f'value="{value}"')
        assert "Set-Cookie" not in response.headers and "Cookie" not in response.get("Vary", "")


def test_signing_up_from_a_topic_follows_it_once_confirmed(client, story, django_capture_on_commit_callbacks):
    topic = Tag.objects.get(name="Elections")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alerts/",
            {"email": "reader@example.org", "follow": f"topic:{topic.pk}", "next": "/"},
            headers={"user-agent": "TestBrowser/1.0"},
            REMOTE_ADDR="198.51.100.7",
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.signup_ip, subscriber.signup_user_agent) == ("198.51.100.7", "TestBrowser/1.0")
    follow = Follow.objects.get()
    assert (follow.kind, follow.topic, follow.confirmed_at) == ("topic", topic, None)
    (message,) = mail.outbox
    assert "on Elections" in message.body
    confirm = re.search(r"http://testserver(/alerts/confirm/[^/\s]+/)", message.body)[1]

    client.get(confirm)

    subscriber.refresh_from_db()
    follow.refresh_from_db()
    assert subscriber.status == "confirmed" and follow.confirmed_at is not None
    assert (subscriber.signup_ip, subscriber.signup_user_agent) == (None, "")  # not needed any more


def test_a_confirmed_reader_following_something_new_confirms_that_too(
    client, story, django_capture_on_commit_callbacks
):
    (reader,) = make_followers(1, prefix="reader")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/alerts/", {"email": reader.email, "follow": f"section:{story.section_id}"})
    (message,) = mail.outbox
    assert message.subject.startswith("Confirm alerts on Politics")
    assert not Follow.objects.get(kind="section").confirmed_at


def test_an_unknown_follow_is_refused_with_a_sentence(client):
    response = client.post("/alerts/", {"email": "reader@example.org", "follow": "topic:999999"})
    assertContains(response, "We could not tell what you wanted to follow", status_code=400)
    assert not Subscriber.objects.exists()


def test_every_alert_email_links_to_the_manage_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/alerts/", {"email": "reader@example.org"})
    assert "/alerts/manage/" in mail.outbox[0].body


def test_the_manage_page_lists_follows_and_changes_frequency(client, story):
    (reader,) = make_followers(1, prefix="reader")
    Follow.objects.create(
        subscriber=reader, kind="section", section=story.section, confirmed_at=timezone.now()
    )
    Follow.objects.create(subscriber=reader, kind="topic", topic=Tag.objects.first())  # not confirmed

    page = client.get(manage_url(reader))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assertContains(page, "Breaking news")
    assertContains(page, "Politics")
    assertNotContains(page, "Israel")

    response = client.post(manage_url(reader), {"action": "frequency", "frequency": "daily"})
    assert response.status_code == 303
    reader.refresh_from_db()
    assert reader.frequency == "daily"
    assertContains(client.get(response["Location"]), "Saved")
    bad = client.post(manage_url(reader), {"action": "frequency", "frequency": "hourly"})
    assertContains(bad, "Choose one of the options", status_code=400)


def test_stopping_a_follow(client, story):
    (reader,) = make_followers(1, prefix="reader")
    follow = reader.follows.get()
    response = client.post(manage_url(reader), {"action": "unfollow", "follow": follow.pk})
    assert response.status_code == 303 and not reader.follows.exists()
    other = make_followers(1, prefix="other")[0].follows.get()
    refused = client.post(manage_url(reader), {"action": "unfollow", "follow": other.pk})
    assert refused.status_code == 400 and Follow.objects.filter(pk=other.pk).exists()


def test_unsubscribing_and_deleting_everything_from_the_manage_page(client, story):
    reader, other = make_followers(2, prefix="reader")
    assert client.post(manage_url(reader), {"action": "unsubscribe"}).status_code == 303
    reader.refresh_from_db()
    assert reader.status == "unsubscribed"

    response = client.post(manage_url(other), {"action": "delete"})
    assertContains(response, "Your data is deleted")
    assert not Subscriber.objects.filter(pk=other.pk).exists()
    assert not Follow.objects.filter(subscriber_id=other.pk).exists()
    assertContains(client.get(manage_url(other)), "not valid any more", status_code=400)


def test_manage_links_that_are_forged_or_posted_from_another_site_are_refused(client):
    (reader,) = make_followers(1, prefix="reader")
    assert client.get("/alerts/manage/forged-token/").status_code == 400
    response = client.post(
        manage_url(reader), {"action": "delete"}, headers={"origin": "https://evil.example"}
    )
    assert response.status_code == 403 and Subscriber.objects.filter(pk=reader.pk).exists()


def test_deleted_readers_still_count_in_an_alerts_figures(story, editor, django_capture_on_commit_callbacks):
    from articles.alerts.services import subscriber_delete
    from articles.workflow.services import story_publish

    (reader,) = make_followers(1, prefix="reader")
    other = factories.make_story(desk_byline="Staff")
    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=other, user=editor, alert_text="")
    subscriber_delete(subscriber=reader)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.subscriber) == ("sent", None)


def test_signup_details_of_unconfirmed_addresses_are_dropped_after_n_days(settings):
    settings.ALERTS_SIGNUP_DETAILS_DAYS = 30
    old = Subscriber.objects.create(
        email="old@example.org",
        signup_ip="198.51.100.1",
        signup_user_agent="Old",
        created_at=timezone.now() - timedelta(days=31),
    )
    recent = Subscriber.objects.create(
        email="new@example.org", signup_ip="198.51.100.2", signup_user_agent="New"
    )

    assert subscribers_forget_signup_details() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.signup_ip, old.signup_user_agent) == (None, "")
    assert recent.signup_ip == "198.51.100.2"


def test_the_subscriber_admin_counts_subscribers_per_follow(editor_client, story):
    make_followers(3, prefix="breaking")
    make_followers(2, prefix="politics", section=story.section)
    make_followers(4, prefix="unconfirmed", confirmed=False, section=story.section)
    response = editor_client.get(reverse("admin:alerts_subscriber_changelist"))
    assertContains(response, "<tr><td>Breaking news</td><td></td><td>3</td></tr>", html=True)
    assertContains(response, "<tr><td>Section</td><td>Politics</td><td>2</td></tr>", html=True)


def test_a_signup_starts_the_daily_task_that_forgets_old_signup_details(
    client, settings, django_capture_on_commit_callbacks
):
    """Where the worker can wait, the first signup enqueues the daily task (once, however many sign up)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/alerts/", {"email": "one@example.org"})
        client.post("/alerts/", {"email": "two@example.org"})
    names = [result.task.name for result in default_task_backend.results]
    assert names == ["daily_alerts"]
