"""The photo chooser in a real browser: every way of choosing a photo shows its thumbnail, caption and
credit at once, in the lead field and in photo blocks added after the page loaded, and again when the
story is reopened. One page walks through all of it, to keep the run short."""

import os
import re

from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Error, expect

from articles.photos.models import Photo
from articles.stories.models import InlinePhoto
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata


def add_photo_block(page):
    """Add a photo block at the end of the body, as an editor does; returns its chooser."""
    before = page.locator(".inline-related:not(.empty-form) .photo-chooser").count()
    page.click(".order-machine-insert-target.last")
    page.click(".plugin-button[data-plugin-prefix=stories_inlinephoto_set]")
    choosers = page.locator(".inline-related:not(.empty-form) .photo-chooser")
    expect(choosers).to_have_count(before + 1)
    return choosers.nth(before)


def pick_from_popup(page, chooser, photo):
    with page.expect_popup() as opened:
        chooser.locator(".related-lookup").click()
    popup = opened.value
    link = popup.locator(f'#result_list a[data-popup-opener="{photo.pk}"]').first
    expect(link).to_be_visible()
    with popup.expect_event("close"):
        try:
            link.click()
        except Error as error:
            # The click chose the photo and the pop-up closed itself before Playwright had
            # finished the click's own bookkeeping; the close is what is awaited.
            if "closed" not in str(error):
                raise


def expect_shown(chooser, photo):
    """The chooser shows `photo`: its thumbnail (a rendition once made), caption and credit, no warning."""
    preview = chooser.locator(".photo-chooser-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("figcaption")).to_have_text(photo.caption_with_credit())
    expect(preview.locator("img")).to_have_attribute("alt", photo.alt_text)
    expect(preview.locator("img")).to_have_js_property("complete", True)
    assert preview.locator("img").evaluate("image => image.naturalWidth") > 0
    expect(chooser.locator(".photo-chooser-message")).to_have_text("")


def test_the_chooser_shows_the_chosen_photo_however_it_is_chosen(log_in, site, tmp_path, screenshot):
    editor = factories.make_user(username="chooser-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    ferry = factories.make_photo(caption="The morning ferry leaves the harbour", credit="Jo Smith/Reuters")
    crane = factories.make_photo(
        image=factories.image_upload("harbour-crane.jpg"),
        caption="Dock workers at the new terminal",
        credit="Amir Cohen",
    )
    undescribed = factories.make_photo(alt_text="", caption="Nobody described this one")
    story = factories.make_story(with_revision=True)
    page = log_in(editor)
    failures = []
    page.on("response", lambda response: response.status >= 500 and failures.append(response.url))
    page.goto(site + reverse("admin:stories_story_change", args=[story.pk]))
    lead = page.locator(".field-lead_photo .photo-chooser")

    # The lead field: picked in Django's pop-up list, then a typed number (shown while typing).
    pick_from_popup(page, lead, ferry)
    expect(lead.locator("input.vForeignKeyRawIdAdminField")).to_have_value(str(ferry.pk))
    expect_shown(lead, ferry)
    lead.locator("input.vForeignKeyRawIdAdminField").fill(str(crane.pk))
    expect_shown(lead, crane)
    # A number no photo has is a sentence, not a broken picture; a photo a story would refuse says why.
    lead.locator("input.vForeignKeyRawIdAdminField").fill("987654")
    expect(lead.locator(".photo-chooser-message")).to_have_text("There is no photo 987654 in the library.")
    expect(lead.locator(".photo-chooser-preview")).to_be_hidden()
    lead.locator("input.vForeignKeyRawIdAdminField").fill(str(undescribed.pk))
    expect(lead.locator(".photo-chooser-message")).to_contain_text("It has no alt text yet")

    # A photo block added after the page loaded: typed number, then the pop-up list.
    first_block = add_photo_block(page)
    first_block.locator("input.vForeignKeyRawIdAdminField").fill(str(ferry.pk))
    expect_shown(first_block, ferry)
    pick_from_popup(page, first_block, crane)
    expect_shown(first_block, crane)

    # Search as you type, keyboard only: the file name finds the photo, arrow down and Enter choose it.
    second_block = add_photo_block(page)
    query = second_block.locator(".photo-chooser-query")
    query.press_sequentially("harbour cra", delay=40)
    options = second_block.locator(".photo-chooser-results [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Dock workers at the new terminal")
    expect(query).to_have_attribute("aria-expanded", "true")
    query.press("ArrowDown")
    expect(query).to_have_attribute("aria-activedescendant", re.compile(rf"-{crane.pk}$"))
    query.press("Enter")
    expect(second_block.locator("input.vForeignKeyRawIdAdminField")).to_have_value(str(crane.pk))
    expect_shown(second_block, crane)
    expect(second_block.locator(".photo-chooser-results")).to_be_hidden()
    # The photographer and the credit are searched too; nothing found says so.
    query.fill("Amir")
    expect(options).to_have_count(1)
    query.press("Escape")
    query.fill("no such picture anywhere")
    expect(second_block.locator(".photo-chooser-search-status")).to_have_text(
        "No photo matches “no such picture anywhere”."
    )

    # Upload from the lead chooser: refused without alt text, then added with its IPTC caption and chosen.
    picture = tmp_path / "ferry-crew.jpg"
    picture.write_bytes(
        jpeg_with_metadata(
            iim=iim_block({120: "The ferry crew ties up at dawn", 80: "Dana Levi", 115: "Flash90"}),
            size=(480, 320),
            seed=4242,
        )
    )
    upload = lead.locator(".photo-chooser-upload")
    upload.locator("summary").click()
    upload.locator(".photo-chooser-file").set_input_files(os.fspath(picture))
    upload.locator(".photo-chooser-upload-button").click()
    status = upload.locator(".photo-chooser-upload-status")
    expect(status).to_have_text("Describe the picture in the alt text, or mark the photo decorative.")
    assert not Photo.objects.filter(original_filename="ferry-crew.jpg").exists()
    upload.locator(".photo-chooser-alt").fill("Three sailors coil a rope on a ferry deck")
    upload.locator(".photo-chooser-upload-button").click()
    expect(status).to_contain_text("It is now chosen.")
    uploaded = Photo.objects.get(original_filename="ferry-crew.jpg")
    assert uploaded.caption == "The ferry crew ties up at dawn"
    assert uploaded.credit == "Dana Levi/Flash90"
    assert uploaded.uploaded_by == editor
    expect(lead.locator("input.vForeignKeyRawIdAdminField")).to_have_value(str(uploaded.pk))
    expect_shown(lead, uploaded)
    lead.scroll_into_view_if_needed()
    screenshot(page, "photo-chooser.png", full_page=False)

    # Saved and reopened, every chooser shows its photo as rendered by the server.
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/stories/story/(#.*)?$"))  # content-editor keeps its #region
    page.goto(site + reverse("admin:stories_story_change", args=[story.pk]))
    story.refresh_from_db()
    assert story.lead_photo == uploaded
    assert list(InlinePhoto.objects.filter(parent=story).values_list("photo", flat=True)) == [crane.pk] * 2
    expect_shown(page.locator(".field-lead_photo .photo-chooser"), uploaded)
    blocks = page.locator(".inline-related:not(.empty-form) .photo-chooser")
    expect(blocks).to_have_count(2)
    for index in range(2):
        expect_shown(blocks.nth(index), crane)
    assert failures == []
