"""In a real headless Chromium: a reader's cached pages show an editor's publish and correction at once.

The reader is anonymous, so the page cache serves them and their browser holds the pages too
(public, revalidated on every visit); the editor works in the admin in another browser. No wait,
no cache clearing: the writes themselves move the content version the cache is keyed on.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.stories.models import Story
from tests import factories


def make_editor():
    user = factories.make_user(username="eve", first_name="Eve", last_name="Ellis", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_a_reader_sees_a_published_story_and_a_correction_through_the_cache(site, page_at, log_in):
    section = factories.make_section(name="City")
    author = factories.make_author(name="Dana Reyes")
    live = factories.make_story(
        headline="Ferry crews walk out",
        section=section,
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        bylines=[author],
    )
    factories.add_text(live, "<p>The harbour ferries stopped at dawn.</p>")
    draft = factories.make_story(headline="Strike ends after talks", section=section, bylines=[author])
    factories.add_text(draft, "<p>Both sides signed before midnight.</p>")

    reader = page_at()
    first = reader.goto(f"{site}/")
    assert "public" in first.headers["cache-control"] and first.headers.get("etag")
    expect(reader.locator("main")).to_contain_text("Ferry crews walk out")
    expect(reader.locator("main")).not_to_contain_text("Strike ends after talks")
    reader.reload()  # now from the page cache
    expect(reader.locator("main")).not_to_contain_text("Strike ends after talks")

    editor = log_in(make_editor())
    editor.goto(f"{site}/admin/stories/story/")
    editor.locator(f"input[name=_selected_action][value='{draft.pk}']").check()
    editor.select_option("select[name=action]", "publish_now")
    editor.locator("button[name=index]").click()
    expect(editor.locator(".messagelist")).to_contain_text("ublished")

    reader.reload()
    expect(reader.locator("main")).to_contain_text("Strike ends after talks")

    reader.goto(f"{site}{live.get_absolute_url()}")
    expect(reader.locator("h1.headline")).to_have_text("Ferry crews walk out")
    editor.goto(f"{site}/admin/stories/story/{live.pk}/change/")
    editor.fill("#id_headline", "Ferry crews walk out over pay")
    editor.click("input[name=_continue]")
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.reload()
    expect(reader.locator("h1.headline")).to_have_text("Ferry crews walk out over pay")
