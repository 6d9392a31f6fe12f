"""In a real headless Chromium: edits autosave as the editor's draft copy, survive a closed tab and come back.

`make screenshots` also saves the pictures of the restore offer and the desk in docs/editors-workflow.md.
"""

import time

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.stories.models import RichText, Story
from articles.workflow.models import StoryAutosave
from tests import factories


def test_restoring_an_autosave_after_closing_the_tab(site, log_in, screenshot, monkeypatch):
    monkeypatch.setattr("articles.workflow.autosave_admin.AUTOSAVE_SECONDS", 1)  # no need to wait 5 s
    ann = factories.make_user(username="ann", first_name="Ann", last_name="Alder", is_staff=True)
    ann.groups.add(Group.objects.get(name="Editors"))
    story = factories.make_story(headline="Council approves budget", created_by=ann, with_revision=True)
    factories.add_text(story, "<p>The council met on Tuesday.</p>")
    url = f"{site}/admin/stories/story/{story.pk}/change/"

    page = log_in(ann)
    page.goto(url)
    page.fill("#id_headline", "Council approves record budget")
    body = page.locator(".ProseMirror", has_text="The council met on Tuesday.")
    body.click()
    page.keyboard.press("End")
    page.keyboard.type(" It voted at midnight.")
    expect(page.locator(".workflow-autosave-status")).to_contain_text("Saved draft copy at", timeout=20_000)
    context = page.context
    page.close()  # no Save pressed

    story.refresh_from_db()
    assert story.headline == "Council approves budget"  # the copy never touches the story

    page = context.new_page()
    page.goto(url)
    offer = page.locator(".workflow-autosave-offer")
    expect(offer).to_contain_text("You have unsaved changes from")
    expect(page.locator("#id_headline")).to_have_value("Council approves budget")
    screenshot(page, "autosave-offer.png", full_page=False)

    offer.get_by_role("link", name="Restore").click()
    expect(page.locator(".workflow-autosave-restored")).to_contain_text("Restored your unsaved changes")
    expect(page.locator("#id_headline")).to_have_value("Council approves record budget")
    expect(page.locator(".ProseMirror", has_text="The council met")).to_contain_text(
        "The council met on Tuesday. It voted at midnight."
    )

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".workflow-autosave-offer")).to_have_count(0)
    story = Story.objects.get(pk=story.pk)
    assert story.headline == "Council approves record budget"
    assert "It voted at midnight." in RichText.objects.get(parent=story).text
    assert not StoryAutosave.objects.exists()

    # The desk on the admin's front page lists the editor's draft.
    page.goto(f"{site}/admin/")
    expect(page.locator(".workflow-desk")).to_contain_text("Council approves record budget")
    screenshot(page, "desk.png", full_page=False)


def copied_headline(expected, seconds=20):
    """Whether the editor's draft copy holds `expected` as its headline within `seconds`.

    The status line cannot tell two copies made in the same second apart, so the copy is read.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if StoryAutosave.objects.get().form_data["headline"] == expected:
            return True
        time.sleep(0.2)
    return False


def test_signed_out_mid_edit_the_form_says_so_and_keeps_copies_again_once_signed_in(
    site, log_in, monkeypatch
):
    monkeypatch.setattr("articles.workflow.autosave_admin.AUTOSAVE_SECONDS", 1)
    ann = factories.make_user(username="ann", is_staff=True)
    ann.groups.add(Group.objects.get(name="Editors"))
    story = factories.make_story(headline="Council approves budget", created_by=ann, with_revision=True)
    url = f"{site}/admin/stories/story/{story.pk}/change/"
    page = log_in(ann)
    page.goto(url)
    status = page.locator(".workflow-autosave-status")
    page.fill("#id_headline", "Council approves budget, first edit")
    expect(status).to_contain_text("Saved draft copy at", timeout=20_000)

    page.context.clear_cookies()  # the session expired while the form stayed open
    page.fill("#id_headline", "Council approves budget, edited while signed out")
    expect(status).to_contain_text("You are signed out", timeout=20_000)
    assert StoryAutosave.objects.get().form_data["headline"] == ["Council approves budget, first edit"]

    # Signing in again in another tab gives a new session and a new CSRF token.
    other = page.context.new_page()
    other.goto(f"{site}/admin/login/")
    other.fill("#id_username", "ann")
    other.fill("#id_password", factories.PASSWORD)
    other.click("input[type=submit]")
    expect(other.locator("#user-tools")).to_be_visible()  # signed in, not still on the login page
    other.close()

    # The form keeps asking: the edit made while signed out is copied first, then the next one.
    expect(status).to_contain_text("Saved draft copy at", timeout=20_000)
    assert copied_headline(["Council approves budget, edited while signed out"])
    page.fill("#id_headline", "Council approves budget, edited after signing in again")
    assert copied_headline(["Council approves budget, edited after signing in again"])

    page.click("input[name=_continue]")  # the Save the page loaded for, with the new token
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert story.headline == "Council approves budget, edited after signing in again"
