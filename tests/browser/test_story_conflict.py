"""In a real headless Chromium: two editors, one story, the second save refused with what changed.

`make screenshots` also saves the pictures used in docs/editors-workflow.md.
"""

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests import factories


def make_editor(username, first_name, last_name):
    user = factories.make_user(username=username, first_name=first_name, last_name=last_name, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_second_editor_sees_the_conflict_keeps_their_words_and_sees_what_changed(site, log_in, screenshot):
    ann = make_editor("ann", "Ann", "Alder")
    ben = make_editor("ben", "Ben", "Birch")
    story = factories.make_story(
        headline="Council approves budget",
        deck="The vote ends months of debate.",
        tags=["Budget"],
        with_revision=True,
    )
    url = f"{site}/admin/stories/story/{story.pk}/change/"

    first = log_in(ann)
    first.goto(url)
    second = log_in(ben)
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
    screenshot(second, "conflict-message.png", full_page=False)

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
    screenshot(first, "revision-history.png")
    first.locator("#revision-list tbody tr").nth(0).locator("input[name=b]").check()
    first.locator("#revision-list tbody tr").nth(2).locator("input[name=a]").check()
    first.click("text=Compare the two chosen revisions")
    diff = first.locator(".workflow-diff")
    expect(diff).to_contain_text("Headline")
    expect(diff).to_contain_text("Deck")
    screenshot(first, "revision-diff.png")
