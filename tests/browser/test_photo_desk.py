"""The photo desk in a real browser: batch upload with three files in flight, and the focal point picker."""

import os

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright import sync_api

from articles.photos.models import Photo
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata


@pytest.fixture
def desk_page(log_in):
    user = factories.make_user(username="desk", is_staff=True)
    user.groups.add(Group.objects.get(name="Photo desk"))
    return log_in(user)


def test_batch_of_22_files_reports_each_file(desk_page, site, tmp_path):
    paths = []
    for number in range(20):
        data = jpeg_with_metadata(
            iim=iim_block({120: f"Street market {number} — café", 80: "Nasser Ishtayeh", 115: "Flash90"}),
            size=(300, 200),
            seed=1000 + number,
        )
        path = tmp_path / f"wire-{number:02}.jpg"
        path.write_bytes(data)
        paths.append(path)
    (tmp_path / "again.jpg").write_bytes(paths[0].read_bytes())
    (tmp_path / "page.jpg").write_text("<!doctype html><script>alert(1)</script>")
    paths += [tmp_path / "again.jpg", tmp_path / "page.jpg"]

    desk_page.goto(site + reverse("admin:photos_photo_batch_upload"))
    desk_page.set_input_files("#batch-files", [os.fspath(p) for p in paths])

    rows = desk_page.locator("#batch-results .batch-file")
    finished = desk_page.locator(
        "#batch-results .batch-file:not([data-status=waiting]):not([data-status=uploading])"
    )
    sync_api.expect(finished).to_have_count(22, timeout=60_000)
    assert rows.count() == 22
    statuses = {
        rows.nth(i).locator(".batch-file-name").inner_text(): rows.nth(i).get_attribute("data-status")
        for i in range(22)
    }
    assert statuses["page.jpg"] == "refused"
    assert list(statuses.values()).count("created") == 20
    # "again.jpg" and "wire-00.jpg" race; whichever came second is the duplicate.
    assert list(statuses.values()).count("duplicate") == 1
    refused = desk_page.locator('.batch-file[data-status="refused"] .batch-file-message').inner_text()
    assert "This file is not a JPEG, PNG or WebP image." in refused
    assert "20 created, 1 duplicate, 1 refused" in desk_page.locator("#batch-summary").inner_text()
    assert Photo.objects.count() == 20
    assert set(Photo.objects.values_list("credit", flat=True)) == {"Nasser Ishtayeh/Flash90"}


def test_clicking_the_preview_sets_the_focal_point(desk_page, site):
    photo = factories.make_photo(image=factories.image_upload(width=800, height=400))
    desk_page.goto(site + reverse("admin:photos_photo_change", args=[photo.pk]))
    picture = desk_page.locator(".focal-point-picker img")
    sync_api.expect(picture).to_have_js_property("complete", True)
    box = picture.bounding_box()
    assert box["width"] > 100

    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    assert abs(float(desk_page.input_value("#id_focal_x")) - 0.25) < 0.02
    assert abs(float(desk_page.input_value("#id_focal_y")) - 0.75) < 0.02
    assert desk_page.locator(".focal-point-marker").is_visible()
    desk_page.click("input[name=_save]")
    desk_page.wait_for_url("**/photos/photo/")
    photo.refresh_from_db()
    assert abs(photo.focal_x - 0.25) < 0.02 and abs(photo.focal_y - 0.75) < 0.02


def test_batch_upload_keeps_three_files_in_flight(desk_page, site, tmp_path):
    """Seven files: the page sends three at a time (never more, and three while enough wait), every
    file ends in the library with its IPTC caption and credit, and no request answers 5xx."""
    paths = []
    for number in range(7):
        path = tmp_path / f"harbour-{number}.jpg"
        path.write_bytes(
            jpeg_with_metadata(
                iim=iim_block({120: f"Harbour at dusk, frame {number}", 80: "Dana Levi", 115: "Flash90"}),
                size=(320, 240),
                seed=2000 + number,
            )
        )
        paths.append(path)
    in_flight = {"now": 0, "most": 0}
    statuses = []

    def sent(request):
        if request.url.endswith("/batch-upload/file/"):
            in_flight["now"] += 1
            in_flight["most"] = max(in_flight["most"], in_flight["now"])

    def answered(response):
        statuses.append(response.status)
        # Counted at the answer's headers: the page starts the next file only after they arrive.
        if response.url.endswith("/batch-upload/file/"):
            in_flight["now"] -= 1

    desk_page.on("request", sent)
    desk_page.on("response", answered)
    desk_page.goto(site + reverse("admin:photos_photo_batch_upload"))
    # The page's own count, sampled on every change of a row's status, and every summary it showed
    # (sampled, not read once: on a fast run the first file is in before a test could look).
    desk_page.evaluate(
        """() => {
            window.mostUploading = 0;
            window.summaries = [];
            const list = document.getElementById('batch-results');
            const summary = document.getElementById('batch-summary');
            new MutationObserver(() => {
                const uploading = list.querySelectorAll('[data-status=uploading]').length;
                window.mostUploading = Math.max(window.mostUploading, uploading);
            }).observe(list, {subtree: true, childList: true, attributes: true});
            new MutationObserver(() => window.summaries.push(summary.innerText)).observe(
                summary, {subtree: true, childList: true, characterData: true},
            );
        }"""
    )
    desk_page.set_input_files("#batch-files", [os.fspath(p) for p in paths])
    summary = desk_page.locator("#batch-summary")

    sync_api.expect(desk_page.locator('.batch-file[data-status="created"]')).to_have_count(7, timeout=60_000)
    assert desk_page.evaluate("window.mostUploading") == 3
    # At first three rows uploading and the rest waiting, as the summary said.
    assert "3 uploading, 4 waiting" in desk_page.evaluate("window.summaries.join('\\n')")
    assert in_flight["most"] == 3
    assert summary.inner_text() == "7 created"
    assert statuses and max(statuses) < 500
    photos = Photo.objects.order_by("original_filename")
    assert [photo.original_filename for photo in photos] == [path.name for path in paths]
    assert [photo.caption for photo in photos] == [f"Harbour at dusk, frame {n}" for n in range(7)]
    assert {photo.credit for photo in photos} == {"Dana Levi/Flash90"}
