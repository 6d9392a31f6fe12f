"""The reader site in a real Chromium: a demo story at desktop and phone width, accessibility with
axe-core, and the alerts signup from the form to the confirmation email and back."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from articles.alerts.models import Subscriber
from articles.stories.models import Author, Story
from tests.browser.conftest import DESKTOP, PHONE


def blocks_of(story, kind):
    return [block for block_kind, block in story.body_blocks if block_kind == kind]


def richest_demo_story():
    """The published demo story with the most parts: bylines, contributors, inline photos, quotes, topics."""
    stories = Story.objects.published().for_detail()
    return max(
        stories,
        key=lambda story: (
            bool(story.ordered_contributions),
            len(blocks_of(story, "photo")) > 0,
            len(blocks_of(story, "quote")) > 0,
            len(story.ordered_bylines),
            len(story.topics),
        ),
    )


@pytest.mark.parametrize(
    ("viewport", "picture"),
    [(DESKTOP, "story-desktop.png"), (PHONE, "story-phone.png")],
    ids=["desktop", "phone"],
)
def test_demo_story_shows_every_part(demo, site, page_at, screenshot, viewport, picture):
    story = richest_demo_story()
    page = page_at(viewport)

    page.goto(site + story.get_absolute_url())

    article = page.locator("article.story")
    expect(article.locator("h1")).to_have_text(story.headline)
    expect(article.locator(".deck")).to_have_text(story.deck)
    bylines = article.locator(".byline a[rel=author]")
    expect(bylines).to_have_text([byline.author.name for byline in story.ordered_bylines])
    for link, byline in zip(bylines.all(), story.ordered_bylines, strict=True):
        assert link.get_attribute("href") == byline.author.get_absolute_url()
    expect(article.locator(".dateline time").first).to_have_attribute(
        "datetime", story.published_at.isoformat()
    )

    photos = blocks_of(story, "photo")
    captions = [story.lead_caption_with_credit] + [block.caption_with_credit for block in photos]
    expect(article.locator("figure figcaption")).to_have_text(captions)
    for caption, photo in zip(captions, [story.lead_photo] + [b.photo for b in photos], strict=True):
        assert caption.endswith(f"({photo.credit})")
    # Every photo arrives, from a rendition, with its size reserved before it loads.
    for image in article.locator("figure img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
        assert "/media/renditions/" in image.evaluate("img => img.currentSrc")
        assert image.get_attribute("width") and image.get_attribute("height")

    names = [contribution.author.name for contribution in story.ordered_contributions]
    contributors = article.locator(".contributors")
    expect(contributors).to_contain_text("contributed to this report")
    expect(contributors.locator("a")).to_have_text(names)
    read_more = article.locator(".read-more")
    expect(read_more).to_contain_text("Read more:")
    expect(read_more.locator("a")).to_have_text([tag.name for tag in story.tags.all()])
    expect(page.locator("#alerts")).to_contain_text("Never miss breaking news")

    # Nothing sticks out sideways, even on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.scrollTo(0, 0)")
    path = screenshot(page, picture)
    assert path is None or path.stat().st_size < 400_000

    read_more.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(story.tags.all()[0].name)


def test_pages_have_no_accessibility_violations(demo, site, page_at):
    story = richest_demo_story()
    author = Author.objects.filter(bylines__story=story).first()
    pages = [
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("articles:topic-detail", args=[story.tags.all()[0].slug]),
        author.get_absolute_url(),
        reverse("articles:search") + "?q=the",
        reverse("alerts:signup"),
        "/no-such-page/",
    ]
    axe = Axe()
    for viewport in (DESKTOP, PHONE):
        page = page_at(viewport)
        for url in pages:
            page.goto(site + url)
            results = axe.run(page)
            assert results.violations_count == 0, f"{url} at {viewport}:\n{results.generate_report()}"


def read_emails(folder):
    """Every email the file backend wrote: (headers, plain-text body) pairs."""
    messages = []
    for path in sorted(Path(folder).glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                message = email.message_from_string(raw.strip(), policy=email.policy.default)
                messages.append((message, message.get_body(preferencelist=("plain",)).get_content()))
    return messages


def test_alerts_signup_end_to_end(demo, site, page_at, settings):
    story = richest_demo_story()
    page = page_at(PHONE)
    page.goto(site + story.get_absolute_url())

    # The server's inline error, with the browser's own check switched off.
    page.locator(".alerts-form").evaluate("form => form.noValidate = true")
    page.fill("#alerts-email", "not-an-address")
    page.click("text=Sign me up")
    expect(page.locator(".field-error")).to_have_text("Enter a valid email address, like name@example.com.")
    assert not Subscriber.objects.exists()

    page.fill("#alerts-email", "reader@example.org")
    page.click("text=Sign me up")
    expect(page.locator(".alerts-status")).to_contain_text("check your inbox")
    assert page.url.startswith(site + story.get_absolute_url())
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    ((message, body),) = read_emails(settings.MAILERS["default"]["OPTIONS"]["file_path"])
    assert message["To"] == "reader@example.org"
    confirm_link = re.search(r"^(http://\S+/alerts/confirm/\S+/)$", body, flags=re.M).group(1)
    unsubscribe_link = re.search(
        r"^Unsubscribe: (http://\S+/alerts/unsubscribe/\S+/)$", body, flags=re.M
    ).group(1)
    assert message["List-Unsubscribe"] == f"<{unsubscribe_link}>"

    page.goto(confirm_link)
    expect(page.locator(".alerts-status")).to_contain_text(
        "You're subscribed. We'll email you when big news breaks"
    )
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    page.goto(site + story.get_absolute_url())
    expect(page.locator("#alerts")).to_contain_text("You're subscribed")

    page.goto(unsubscribe_link)
    page.click("text=Unsubscribe")
    expect(page.locator("h1")).to_have_text("You're unsubscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    page.goto(site + story.get_absolute_url())
    expect(page.locator(".alerts-form")).to_be_visible()
