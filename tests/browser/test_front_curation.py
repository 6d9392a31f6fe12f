"""Front curation in a real Chromium: an editor pins a lead and orders the slots with the story
picker and the keyboard-friendly Up/Down buttons, the home page shows it; then schedules a change a
few seconds ahead, and the home page (through the page cache) shows the change once its time comes."""

import time
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.stories.models import Story
from tests import factories

SCHEDULE_AHEAD = timedelta(seconds=6)  # room for the save and a look at the page before it


def choose_story(page, position, typed, headline):
    """Pick a story in a slot with the admin's autocomplete: open it, type, choose the match."""
    page.locator(f"#id_slot_{position} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=headline).click()


def home_lead_and_top(page, site):
    page.goto(site + "/")
    lead = page.locator(".lead-story .card-headline").inner_text()
    top = page.locator(".top-stories .card-headline").all_inner_texts()
    return lead, top


def test_an_editor_pins_a_lead_orders_slots_and_schedules_a_change(site, log_in, page_at, screenshot):
    editor = factories.make_user(username="desk", first_name="Dana", last_name="Desk", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    section = factories.make_section(name="News")
    now = timezone.now()
    stories = {
        headline: factories.make_story(
            section=section, headline=headline, status=Story.Status.PUBLISHED, published_at=now - age
        )
        for headline, age in [
            ("Water appeal as heat goes on", timedelta(hours=1)),
            ("Ferry timetable cut", timedelta(hours=5)),
            ("Library reopens", timedelta(hours=9)),
            ("Rope works start-ups move in", timedelta(hours=12)),
        ]
    }
    reader = page_at()
    assert home_lead_and_top(reader, site)[0] == "Water appeal as heat goes on"  # cached: newest first

    admin = log_in(editor)
    admin.goto(site + "/admin/fronts/arrangement/")
    admin.get_by_role("link", name="Arrange Home page").click()
    choose_story(admin, 1, "Library", "Library reopens")
    choose_story(admin, 2, "Ferry", "Ferry timetable cut")
    # Ferry timetable up to the lead, with the keyboard.
    admin.locator(".front-slot-row").nth(1).get_by_role("button", name="Up").focus()
    admin.keyboard.press("Enter")
    expect(admin.locator("#front-slot-status")).to_have_text("Ferry timetable cut is now in the lead.")
    expect(admin.locator(".front-slot-row").first.locator(".front-slot-label")).to_have_text("Lead")
    screenshot(admin, "fronts-arrange.png")
    admin.get_by_role("button", name="Save arrangement").click()
    expect(admin.locator(".messagelist")).to_contain_text("The Home page front is live.")

    assert home_lead_and_top(reader, site) == ("Ferry timetable cut", ["Library reopens"])

    # The change for a few seconds from now: the rope works story becomes the lead.
    admin.get_by_role("link", name="Arrange Home page").click()
    at = timezone.localtime(timezone.now() + SCHEDULE_AHEAD).replace(microsecond=0)
    admin.locator(".front-slot-row").first.get_by_role("button", name="Empty").click()
    choose_story(admin, 1, "Rope", "Rope works start-ups move in")
    admin.fill("#id_takes_effect_at", at.strftime("%Y-%m-%dT%H:%M:%S"))
    admin.get_by_role("button", name="Save arrangement").click()
    expect(admin.locator(".messagelist")).to_contain_text(f"will change at {at:%Y-%m-%d %H:%M:%S}")
    expect(admin.locator("#front-home .front-scheduled")).to_contain_text("Rope works start-ups move in")
    screenshot(admin, "fronts-overview.png")

    assert home_lead_and_top(reader, site)[0] == "Ferry timetable cut"  # not yet
    time.sleep(max(0.0, (at - timezone.now()).total_seconds()) + 0.2)
    assert home_lead_and_top(reader, site) == ("Rope works start-ups move in", ["Library reopens"])
    assert len(stories) == 4
