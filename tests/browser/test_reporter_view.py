"""In a real headless Chromium: a Reporter reads a published story in the admin without a script error.

A published story is editors' business (permissions.py), so a Reporter gets the read-only change
view, whose body blocks print their ordering and region as text; the content editor still lays the
blocks out, in the editor's order, read-only.
"""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests import factories


def role_user(username, role):
    user = factories.make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def watch_for_errors(page):
    """Every console error and uncaught exception of `page`, as they happen."""
    errors = []

    def on_console(message):
        # jQuery reports an exception thrown in a ready handler as a warning, then rethrows it.
        if message.type == "error" or "exception" in message.text.lower():
            # The test server has no favicon; a browser asks for one anyway.
            if not message.location.get("url", "").endswith("/favicon.ico"):
                errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_a_reporter_reads_a_published_story_with_no_script_error(site, log_in):
    reporter = role_user("rita", "Reporters")
    story = factories.make_full_story(2)
    page = log_in(reporter)
    errors = watch_for_errors(page)

    page.goto(f"{site}/admin/stories/story/{story.pk}/change/")
    page.wait_for_load_state("networkidle")

    expect(page.locator(".order-machine-wrapper")).to_have_class(re.compile(r"\border-machine-readonly\b"))
    blocks = page.locator(".order-machine .inline-related:not(.empty-form)")
    expect(blocks).to_have_count(6)
    # Laid out in the body's order (text, quote, photo, text, …), not grouped by kind.
    tops = [
        page.locator(".order-machine .inline-related", has_text=text).bounding_box()["y"]
        for text in ("Paragraph 0", "Quote 0", "Paragraph 1", "Quote 1")
    ]
    assert tops == sorted(tops)
    expect(page.locator("input[name=_save]")).to_have_count(0)  # nothing to submit
    assert errors == []


def test_an_editor_still_edits_the_same_story_with_no_script_error(site, log_in):
    """The read-only fix leaves the editable form alone."""
    editor = role_user("eddie", "Editors")
    story = factories.make_full_story(2)
    page = log_in(editor)
    errors = watch_for_errors(page)

    page.goto(f"{site}/admin/stories/story/{story.pk}/change/")
    page.wait_for_load_state("networkidle")

    expect(page.locator(".order-machine .inline-related:not(.empty-form)")).to_have_count(6)
    expect(page.locator("input[name=_save]")).to_have_count(1)
    assert errors == []
