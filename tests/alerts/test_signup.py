"""Alerts signup: pending subscriber, signed confirmation, unsubscribe in every email, no duplicates,
rate limits, and the admin list with CSV export."""

import csv
import io
import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.alerts.cookies import ALERTS_COOKIE
from articles.alerts.models import Subscriber
from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = "/alerts/"


def sign_up(client, email, next_url="/", **extra):
    return client.post(SIGNUP, {"email": email, "next": next_url}, **extra)


def links_in(message):
    return re.findall(r"http://testserver/alerts/(?:confirm|unsubscribe)/[^/\s]+/", message.body)


@pytest.fixture
def story(db):
    return factories.make_story(status=Story.Status.PUBLISHED)


def test_signup_box_on_story_and_home_pages(client, story):
    for url in ("/", story.get_absolute_url()):
        response = client.get(url)
        assertContains(response, "Never miss breaking news")
        assertContains(response, "Get notifications to stay updated.")
        assertContains(response, f'<form class="alerts-form" method="post" action="{SIGNUP}">')


def test_signup_stores_pending_subscriber_and_sends_signed_link(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, " Reader@Example.org ", next_url=story.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}?alerts=pending#alerts"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("reader@example.org", Subscriber.Status.PENDING)
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    confirm_link, unsubscribe_link = links_in(message)
    assert "/alerts/confirm/" in confirm_link and "/alerts/unsubscribe/" in unsubscribe_link
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_link}>"
    assert unsubscribe_link in message.alternatives[0].content

    pending_page = client.get(response["Location"])
    assertContains(pending_page, "check your inbox")


def test_following_the_link_confirms_and_box_says_subscribed(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "reader@example.org")
    confirm_link, _ = links_in(mail.outbox[0])

    response = client.get(confirm_link)

    assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert Subscriber.objects.get().confirmed_at is not None
    page = client.get(story.get_absolute_url())
    assertContains(page, "You're subscribed")
    assertNotContains(page, 'class="alerts-form"')


def test_a_page_seen_before_confirming_says_subscribed_after(
    client, story, django_capture_on_commit_callbacks
):
    """The page an anonymous reader saw (and any cache kept) is not what they get once subscribed."""
    assertContains(client.get(story.get_absolute_url()), 'class="alerts-form"')
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "reader@example.org")
    client.get(links_in(mail.outbox[0])[0])

    page = client.get(story.get_absolute_url())

    assertContains(page, "You're subscribed")
    assert "private" in page["Cache-Control"]


def test_unsubscribe_link_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "reader@example.org")
    confirm_link, unsubscribe_link = links_in(mail.outbox[0])
    client.get(confirm_link)

    page = client.get(unsubscribe_link)
    assertContains(page, "Stop breaking news alerts?")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    response = client.post(unsubscribe_link)

    assertContains(response, "You're unsubscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert response.cookies[ALERTS_COOKIE].value == ""


def test_tampered_or_expired_links_are_refused(client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "reader@example.org")
    confirm_link, unsubscribe_link = links_in(mail.outbox[0])

    assertContains(client.get(confirm_link[:-5] + "xxxx/"), "This link is not valid", status_code=400)
    forged = signing.dumps({"id": Subscriber.objects.get().pk, "email": "reader@example.org"}, salt="other")
    assertContains(client.get(f"/alerts/unsubscribe/{forged}/"), "not valid", status_code=400)
    settings.ALERTS_CONFIRMATION_MAX_AGE = -1
    assertContains(client.get(confirm_link), "This link has expired", status_code=400)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_invalid_address_gets_inline_error(client):
    response = sign_up(client, "not-an-address", next_url="/stories/x/")

    assert response.status_code == 400
    assertContains(response, "Enter a valid email address", status_code=400)
    assertContains(response, 'aria-invalid="true"', status_code=400)
    assertContains(response, 'value="/stories/x/"', status_code=400)
    assert not Subscriber.objects.exists()
    assert sign_up(client, "").status_code == 400


def test_signing_up_twice_does_not_duplicate(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "reader@example.org")
        sign_up(client, "READER@example.org")

    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 2  # the link again, for a reader who lost the first email

    client.get(links_in(mail.outbox[0])[0])
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "reader@example.org")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert len(mail.outbox) == 2


def test_repeated_signups_are_rate_limited(client, settings, django_capture_on_commit_callbacks):
    settings.ALERTS_SIGNUPS_PER_ADDRESS_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        responses = [sign_up(client, "reader@example.org") for _ in range(3)]

    assert [response.status_code for response in responses] == [302, 302, 429]
    assertContains(responses[2], "Too many signups", status_code=429)
    assert len(mail.outbox) == 2
    assert Subscriber.objects.count() == 1


def test_one_client_is_rate_limited_across_addresses(client, settings):
    settings.ALERTS_SIGNUPS_PER_CLIENT_PER_HOUR = 3
    statuses = [sign_up(client, f"reader{number}@example.org").status_code for number in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Subscriber.objects.count() == 3


def test_readers_behind_our_nginx_are_limited_one_by_one(settings):
    """Behind nginx every request comes from 127.0.0.1: the limit must follow X-Forwarded-For."""
    settings.ALERTS_SIGNUPS_PER_CLIENT_PER_HOUR = 2
    first, second = (
        Client(REMOTE_ADDR="127.0.0.1", headers={"x-forwarded-for": address})
        for address in ("203.0.113.7", "198.51.100.23")
    )

    statuses = [sign_up(first, f"first{number}@example.org").status_code for number in range(3)]
    other = sign_up(second, "second@example.org").status_code

    assert statuses == [302, 302, 429]
    assert other == 302


def test_next_must_be_on_this_site(client):
    response = sign_up(client, "reader@example.org", next_url="https://evil.example.com/")
    assert response["Location"] == "/?alerts=pending#alerts"


def test_signup_works_without_javascript_through_post_redirect_get(client):
    page = client.get(SIGNUP)
    assertContains(page, f'<form class="alerts-form" method="post" action="{SIGNUP}">')
    assert (
        sign_up(client, "reader@example.org", next_url=SIGNUP)["Location"]
        == f"{SIGNUP}?alerts=pending#alerts"
    )


# CSRF without a per-visitor token: the browser says where the POST came from (docs/security.md).

SAME_ORIGIN_HEADERS = [
    {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
    {"origin": "http://testserver"},  # a browser that does not send Sec-Fetch-Site
    {"sec-fetch-site": "same-origin"},
    {},  # an old browser that sends neither
]
FOREIGN_HEADERS = [
    {"sec-fetch-site": "cross-site", "origin": "https://evil.example.com"},
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site", "origin": "http://news.testserver"},
    {"origin": "https://evil.example.com"},
    {"origin": "null"},  # a sandboxed frame or a data: page
    {"origin": "https://testserver"},  # another scheme is another origin
    {"sec-fetch-site": "same-origin", "origin": "https://evil.example.com"},
]


@pytest.mark.parametrize("headers", SAME_ORIGIN_HEADERS)
def test_a_signup_from_our_own_pages_needs_no_csrf_token(headers, django_capture_on_commit_callbacks):
    """Same-origin signups, with the headers or from browsers too old to send them, work with no token."""
    client = Client(enforce_csrf_checks=True, headers=headers)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "reader@example.org", next_url="/stories/x/")

    assert response.status_code == 302
    assert response["Location"] == "/stories/x/?alerts=pending#alerts"
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    assert not response.cookies


@pytest.mark.parametrize("headers", FOREIGN_HEADERS)
def test_a_signup_posted_from_another_site_is_refused(headers, django_capture_on_commit_callbacks):
    """A form on another site that posts to ours gets a 403 that says why; nothing is saved or sent."""
    client = Client(enforce_csrf_checks=True, headers=headers)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "victim@example.org")

    assertContains(response, "This signup was sent from another website", status_code=403)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []
    assert not response.cookies


def test_origins_in_csrf_trusted_origins_may_sign_up(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org", "https://*.example.net"]
    for origin in ("https://www.example.org", "https://news.example.net"):
        client = Client(enforce_csrf_checks=True, headers={"origin": origin, "sec-fetch-site": "same-origin"})
        assert sign_up(client, f"reader@{origin[8:]}").status_code == 302, origin
    refused = Client(headers={"origin": "http://news.example.net"})
    assert sign_up(refused, "reader@example.com").status_code == 403
    assert Subscriber.objects.count() == 2


def test_behind_nginx_the_origin_is_https(settings):
    """nginx terminates TLS and says so in X-Forwarded-Proto; the page's origin is then https://."""
    headers = {"host": "news.example.org", "x-forwarded-proto": "https", "sec-fetch-site": "same-origin"}
    settings.ALLOWED_HOSTS = ["news.example.org"]
    allowed = Client(headers=headers | {"origin": "https://news.example.org"})
    refused = Client(headers=headers | {"origin": "http://news.example.org"})
    assert sign_up(allowed, "reader@example.org").status_code == 302
    assert sign_up(refused, "other@example.org").status_code == 403


def test_editors_list_subscribers_and_export_csv(client, editor):
    """Editors (not only superusers) read the list and export it; nobody adds a subscriber by hand."""
    Subscriber.objects.create(email="one@example.org")
    Subscriber.objects.create(email="=cmd@example.org")
    client.force_login(editor)

    changelist = client.get(reverse("admin:alerts_subscriber_changelist"))
    assertContains(changelist, "one@example.org")
    response = client.post(
        reverse("admin:alerts_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))},
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    assert sorted(row[0] for row in rows[1:]) == ["'=cmd@example.org", "one@example.org"]
    assert client.get(reverse("admin:alerts_subscriber_add")).status_code == 403
