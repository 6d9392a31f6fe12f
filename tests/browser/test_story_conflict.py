"""In a real headless Chromium: two editors, one story, the second save refused with what changed.

Set NEWSROOM_SCREENSHOTS=docs/screenshots to also save the pictures used in docs/editors-workflow.md.
"""

import os
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect, sync_playwright

from tests import factories

# No serialized rollback: the reader's browser tests, which run before this one, empty the
# database without it, and restoring the serialized rows would then collide with the
# content types a plain flush re-creates. The editors below need no rows from migrations.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still plain synchronous code, which Django would otherwise refuse here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # An earlier transactional test's flush re-creates content types under new ids; forget
    # the cached old ones (topics are tagged through a content type).
    ContentType.objects.clear_cache()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def screenshots(tmp_path):
    folder = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def logged_in_page(browser, live_server, user):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


def make_editor(username, first_name, last_name):
    # Every newsroom permission directly, so the test does not depend on the roles' rows.
    user = factories.make_user(
        username=username, first_name=first_name, last_name=last_name, is_staff=True, is_superuser=True
    )
    return user


def test_second_editor_sees_the_conflict_keeps_their_words_and_sees_what_changed(
    browser, live_server, screenshots
):
    ann = make_editor("ann", "Ann", "Alder")
    ben = make_editor("ben", "Ben", "Birch")
    story = factories.make_story(
        headline="Council approves budget", deck="The vote ends months of debate.", tags=["Budget"]
    )
    url = f"{live_server.url}/admin/articles/story/{story.pk}/change/"

    first = logged_in_page(browser, live_server, ann)
    first.goto(url)
    second = logged_in_page(browser, live_server, ben)
    second.goto(url)
    expect(second.locator(".workflow-presence")).to_contain_text("Ann Alder is editing this story.")

    first.fill("#id_headline", "Council approves record budget")
    first.click("input[name=_continue]")
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    second.fill("#id_deck", "Ben's careful rewrite of the deck.")
    second.click("input[name=_continue]")

    conflict = second.locator(".errornote + ul.errorlist, .errorlist.nonfield").first
    expect(conflict).to_contain_text("Changed by Ann Alder at")
    expect(conflict).to_contain_text("since you opened it")
    expect(second.locator("#id_deck")).to_have_value("Ben's careful rewrite of the deck.")
    changes = second.locator(".workflow-conflict .workflow-diff")
    expect(changes).to_contain_text("Headline")
    expect(changes.locator("tbody ins")).to_have_text("record")
    second.screenshot(path=screenshots / "conflict-message.png", full_page=False)

    # Ben takes Ann's headline into his version and saves again, deliberately.
    second.fill("#id_headline", "Council approves record budget")
    second.click("input[name=_continue]")
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert (story.headline, story.deck) == (
        "Council approves record budget",
        "Ben's careful rewrite of the deck.",
    )

    first.goto(f"{url.removesuffix('change/')}history/")
    expect(first.locator("#revision-list tbody tr")).to_have_count(3)
    first.screenshot(path=screenshots / "revision-history.png", full_page=True)
    first.locator("#revision-list tbody tr").nth(0).locator("input[name=b]").check()
    first.locator("#revision-list tbody tr").nth(2).locator("input[name=a]").check()
    first.click("text=Compare the two chosen revisions")
    diff = first.locator(".workflow-diff")
    expect(diff).to_contain_text("Headline")
    expect(diff).to_contain_text("Deck")
    first.screenshot(path=screenshots / "revision-diff.png", full_page=True)
