"""A reader in Chromium: signs up from a story page, confirms from the email, opens "manage my
alerts" from the same email, changes how often, and unsubscribes. Plain forms all the way; the
browser notifications button appears only because JavaScript and Web Push are there."""

import email
import email.policy
import re

from playwright.sync_api import expect

from articles.alerts.models import Subscriber
from articles.stories.models import Story
from tests import factories


def test_signup_confirm_manage_unsubscribe(site, page_at, settings, tmp_path):
    settings.VAPID_KEY_FILE = tmp_path / "vapid-private.pem"
    story = factories.make_story(
        status=Story.Status.PUBLISHED, desk_byline="Staff", tags=["Elections"], headline="Polls open"
    )
    page = page_at()

    page.goto(site + story.get_absolute_url())
    expect(page.get_by_role("heading", name="Never miss breaking news on Elections")).to_be_visible()
    page.fill("#alerts-email", "reader@example.org")
    page.get_by_role("button", name="Sign me up").click()
    expect(page.locator(".alerts-status")).to_contain_text("check your inbox")

    (saved,) = (tmp_path / "mail").iterdir()
    raw = saved.read_bytes().split(b"\n" + b"-" * 79)[0]  # the file backend's separator
    message = email.message_from_bytes(raw, policy=email.policy.default).get_body(("plain",)).get_content()
    confirm = re.search(r"http://127\.0\.0\.1:\d+/alerts/confirm/[^/\s]+/", message)[0]
    manage = re.search(r"http://127\.0\.0\.1:\d+/alerts/manage/[^/\s]+/", message)[0]
    page.goto(confirm)
    expect(page.locator(".alerts-status")).to_contain_text("You're subscribed")

    page.goto(manage)
    expect(page.get_by_role("heading", name="Manage my alerts")).to_be_visible()
    expect(page.locator(".alerts-follows")).to_contain_text("Elections")
    expect(page.get_by_role("button", name="Also notify me in this browser")).to_be_visible()
    page.get_by_label("One daily digest").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    assert Subscriber.objects.get().frequency == "daily"

    page.get_by_role("button", name="Unsubscribe from all alerts").click()
    expect(page.get_by_role("status")).to_contain_text("You're unsubscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
