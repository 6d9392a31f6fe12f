"""The photo chooser's endpoints (articles/photos/chooser.py) and what the chooser widget renders.

Every refusal is JSON with a sentence and a 4xx; nothing is stored when an upload is refused.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.photos.chooser import CHOOSER_RESULTS
from articles.photos.models import Photo
from tests import factories
from tests.photos.files import iim_block, jpeg_with_metadata, plain_jpeg

pytestmark = pytest.mark.django_db

PHOTO_URL = "admin:photos_photo_chooser_photo"
SEARCH_URL = "admin:photos_photo_chooser_search"
UPLOAD_URL = "admin:photos_photo_chooser_upload"


def wire_file(name="wire.jpg", seed=7):
    data = jpeg_with_metadata(
        iim=iim_block({120: "Fishing boats return at dawn", 80: "Dana Levi", 115: "Flash90", 25: ["boats"]}),
        size=(320, 240),
        seed=seed,
    )
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def photo_viewer():
    """Staff who may look at the library but not add to it."""
    user = factories.make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_photo"))
    return user


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", [PHOTO_URL, SEARCH_URL, UPLOAD_URL])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url_name):
    response = client.get(reverse(url_name), {"id": "1", "q": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_permission_matrix(client, staff_without_role, reporter, editor, photo_desk):
    """Looking needs view_photo, uploading add_photo; each refusal is a 403 sentence, never a page."""
    photo = factories.make_photo()
    viewer = photo_viewer()
    expected = {
        # user: (photo, search, upload)
        staff_without_role: (403, 403, 403),
        viewer: (200, 200, 403),
        reporter: (200, 200, 201),
        editor: (200, 200, 201),
        photo_desk: (200, 200, 201),
    }
    for seed, (user, (photo_status, search_status, upload_status)) in enumerate(expected.items()):
        client.force_login(user)
        looked_up = client.get(reverse(PHOTO_URL), {"id": photo.pk})
        searched = client.get(reverse(SEARCH_URL), {"q": "city hall"})
        uploaded = client.post(
            reverse(UPLOAD_URL), {"file": wire_file(seed=100 + seed), "alt_text": "Boats in a harbour"}
        )
        assert (looked_up.status_code, searched.status_code, uploaded.status_code) == (
            photo_status,
            search_status,
            upload_status,
        ), user
        if photo_status == 403:
            assert looked_up.json()["message"] == "You may not see the photo library."
        if upload_status == 403:
            assert uploaded.json()["message"] == "You may not add photos to the library."
        if upload_status == 201:
            Photo.objects.filter(pk=uploaded.json()["photo"]["id"]).delete()  # the next user uploads it anew
    assert Photo.objects.count() == 1


# --- one photo by its number ----------------------------------------------------------------------


def test_a_photo_by_number_has_its_thumbnail_caption_and_credit(editor_client):
    photo = factories.make_photo(caption="The ferry leaves", credit="Jo Smith/Reuters")

    data = editor_client.get(reverse(PHOTO_URL), {"id": f" {photo.pk} "}).json()

    assert data["id"] == photo.pk
    assert data["caption_with_credit"] == "The ferry leaves. (Jo Smith/Reuters)"
    assert data["thumbnail_url"].startswith("/media/renditions/")
    assert data["alt_text"] == photo.alt_text
    assert data["problems"] == []


def test_a_photo_a_story_would_refuse_says_why(editor_client):
    photo = factories.make_photo(alt_text="", usable_until=timezone.localdate() - datetime.timedelta(days=1))

    problems = editor_client.get(reverse(PHOTO_URL), {"id": photo.pk}).json()["problems"]

    assert problems[0].startswith("It has no alt text yet")
    assert problems[1].startswith("Its licence ended on")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "“” is not a photo number."),
        ("abc", "“abc” is not a photo number."),
        ("12abc", "“12abc” is not a photo number."),
        ("١٢", "“١٢” is not a photo number."),  # Arabic-Indic digits: no photo number
        ("-3", "“-3” is not a photo number."),
        ("99999999999999999999999", "“99999999999999999999” is not a photo number."),
        ("987654321", "There is no photo 987654321 in the library."),
    ],
)
def test_bad_numbers_answer_404_with_a_sentence(editor_client, number, message):
    response = editor_client.get(reverse(PHOTO_URL), {"id": number})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "refused", "message": message}


@pytest.mark.parametrize("pk", [987654321, 99999999999999999999])
def test_the_preview_address_answers_404_json_for_a_missing_photo(editor_client, pk):
    response = editor_client.get(f"/admin/photos/photo/{pk}/preview/")

    assert response.status_code == 404
    assert response.json()["message"] == f"There is no photo {pk} in the library."


# --- search as you type ---------------------------------------------------------------------------


def results(client, text):
    return [photo["id"] for photo in client.get(reverse(SEARCH_URL), {"q": text}).json()["results"]]


def test_search_matches_every_word_in_any_described_field(editor_client):
    ferry = factories.make_photo(caption="The ferry leaves the harbour", credit="Jo Smith/Reuters")
    crane = factories.make_photo(
        image=factories.image_upload("harbour-crane.jpg"), caption="Dock workers", photographer="Amir Cohen"
    )
    # No digits in its words or file name: it can only be found by its number as its number.
    tagged = factories.make_photo(image=factories.image_upload("quiet-street.jpg"), caption="A quiet street")
    tagged.keywords.add("Lighthouse")

    assert results(editor_client, "harbour") == [crane.pk, ferry.pk]  # newest first
    assert results(editor_client, "HARBOUR ferry") == [ferry.pk]  # every word, any case
    assert results(editor_client, "reuters") == [ferry.pk]  # the credit
    assert results(editor_client, "amir harbour") == [crane.pk]  # photographer and file name
    assert results(editor_client, "lighthouse") == [tagged.pk]  # a keyword
    # Other photos' file names may hold the same digits (photo-12.jpg): the number finds it among them.
    assert tagged.pk in results(editor_client, str(tagged.pk))  # its number
    assert results(editor_client, "harbour nowhere") == []
    assert results(editor_client, "")[:3] == [tagged.pk, crane.pk, ferry.pk]  # no words: the newest


def test_search_says_what_it_found(editor_client, settings):
    factories.make_photo(caption="Harbour one", renditions=False)

    found = editor_client.get(reverse(SEARCH_URL), {"q": "harbour"}).json()
    missing = editor_client.get(reverse(SEARCH_URL), {"q": "zeppelin\x00"}).json()

    assert (found["message"], found["more"]) == ("1 photo.", False)
    # The NUL is dropped before any query (PostgreSQL would refuse it with a 500).
    assert missing["message"] == "No photo matches “zeppelin”."


def test_search_costs_the_same_queries_for_one_photo_or_a_full_page(editor_client, django_assert_num_queries):
    """6 whatever the count: session, user, the user's and the groups' permissions, the photos
    (keywords matched in a subquery) and their thumbnails."""
    factories.make_photo(caption="Harbour 0").keywords.add("harbour", "sea")
    with django_assert_num_queries(6):
        one = editor_client.get(reverse(SEARCH_URL), {"q": "harbour"}).json()
    for number in range(1, CHOOSER_RESULTS + 2):
        factories.make_photo(caption=f"Harbour {number}").keywords.add("harbour", "sea")
    with django_assert_num_queries(6):
        many = editor_client.get(reverse(SEARCH_URL), {"q": "harbour"}).json()

    assert len(one["results"]) == 1
    assert len(many["results"]) == CHOOSER_RESULTS
    assert len({photo["id"] for photo in many["results"]}) == CHOOSER_RESULTS  # keywords never repeat a photo
    assert many["more"] is True
    assert "type more words" in many["message"]


# --- upload from the chooser ----------------------------------------------------------------------


def test_an_upload_is_ingested_with_its_metadata_and_the_desks_alt_text(
    editor_client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task runs after the commit
        response = editor_client.post(
            reverse(UPLOAD_URL), {"file": wire_file(), "alt_text": "Three boats in a grey harbour"}
        )

    assert response.status_code == 201
    data = response.json()
    photo = Photo.objects.get()
    assert data["status"] == "created"
    assert data["photo"]["id"] == photo.pk
    assert data["photo"]["caption_with_credit"] == "Fishing boats return at dawn. (Dana Levi/Flash90)"
    assert data["photo"]["problems"] == []
    assert (photo.alt_text, photo.uploaded_by, photo.original_filename) == (
        "Three boats in a grey harbour",
        editor,
        "wire.jpg",
    )
    assert list(photo.keywords.names()) == ["boats"]
    assert photo.renditions_status == Photo.RenditionsStatus.READY


def test_what_the_desk_types_wins_over_the_files_metadata(editor_client):
    editor_client.post(
        reverse(UPLOAD_URL),
        {"file": wire_file(), "decorative": "1", "caption": "Our own caption", "credit": "Staff photo"},
    )

    photo = Photo.objects.get()
    assert (photo.caption, photo.credit, photo.decorative, photo.alt_text) == (
        "Our own caption",
        "Staff photo",
        True,
        "",
    )


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"alt_text": "A harbour"}, 400, "Choose a picture file to upload."),
        ({"file": "wire"}, 400, "Describe the picture in the alt text, or mark the photo decorative."),
        (
            {"file": "page", "alt_text": "A harbour"},
            400,
            "This file is not a JPEG, PNG or WebP image.",
        ),
        ({"file": "big", "alt_text": "A harbour"}, 413, "the limit is"),
        ({"file": "wire", "alt_text": "x" * 301}, 400, "at most 300 characters"),
        ({"file": "wire", "alt_text": "A harbour\x00"}, 400, "Null characters are not allowed."),
    ],
)
def test_refused_uploads_say_why_and_store_nothing(editor_client, settings, data, status, message):
    settings.PHOTO_MAX_UPLOAD_BYTES = 30_000
    files = {
        "wire": wire_file(),
        "page": SimpleUploadedFile("page.jpg", b"<!doctype html><script>alert(1)</script>"),
        "big": SimpleUploadedFile("big.jpg", plain_jpeg(size=(1600, 1200), quality=100), "image/jpeg"),
    }
    if "file" in data:
        data = {**data, "file": files[data["file"]]}

    response = editor_client.post(reverse(UPLOAD_URL), data)

    assert response.status_code == status
    assert response.json()["status"] == "refused"
    assert message in response.json()["message"]
    assert not Photo.objects.exists()


def test_a_file_already_in_the_library_is_chosen_not_stored_twice(editor_client):
    first = editor_client.post(reverse(UPLOAD_URL), {"file": wire_file(), "alt_text": "Boats"}).json()

    again = editor_client.post(reverse(UPLOAD_URL), {"file": wire_file("copy.jpg"), "alt_text": "Boats"})

    assert again.status_code == 409
    assert again.json()["status"] == "duplicate"
    assert again.json()["photo"]["id"] == first["photo"]["id"]
    assert Photo.objects.count() == 1


def test_a_lookalike_is_stored_only_when_asked_again(editor_client):
    factories.make_photo(image=SimpleUploadedFile("a.jpg", plain_jpeg(color=(200, 30, 30)), "image/jpeg"))
    lookalike = plain_jpeg(color=(200, 30, 30), quality=60)

    refused = editor_client.post(
        reverse(UPLOAD_URL), {"file": SimpleUploadedFile("b.jpg", lookalike), "alt_text": "Red"}
    )
    kept = editor_client.post(
        reverse(UPLOAD_URL),
        {"file": SimpleUploadedFile("b.jpg", lookalike), "alt_text": "Red", "allow_similar": "1"},
    )

    assert refused.status_code == 409
    assert refused.json()["status"] == "similar"
    assert refused.json()["message"].startswith("Looks like photo")
    assert kept.status_code == 201
    assert Photo.objects.count() == 2


def test_upload_needs_post(editor_client):
    response = editor_client.get(reverse(UPLOAD_URL))

    assert response.status_code == 405
    assert response.json()["message"] == "Send the file with POST."


# --- the widget -----------------------------------------------------------------------------------


def test_story_form_choosers_offer_search_and_upload_to_those_who_may(editor_client):
    story = factories.make_story()
    factories.add_inline_photo(story)
    url = reverse("admin:stories_story_change", args=[story.pk])

    page = editor_client.get(url).content.decode()

    # The lead photo, the inline block and the empty block content-editor copies for new blocks.
    assert page.count('class="photo-chooser-query"') == 3
    assert page.count('class="photo-chooser-upload"') == 3
    assert f'data-photo-url="{reverse(PHOTO_URL)}"' in page
    assert "{id}" not in page  # no address is left for a script to rewrite

    # Every role that edits stories may add photos; an Editors group without that permission may not.
    Group.objects.get(name="Editors").permissions.remove(Permission.objects.get(codename="add_photo"))
    page = editor_client.get(url).content.decode()
    assert page.count('class="photo-chooser-query"') == 3
    assert "photo-chooser-upload" not in page


def test_the_author_portrait_chooser_shows_the_portrait(editor_client):
    portrait = factories.make_photo(caption="Dana Levi in the newsroom", credit="Staff")
    author = factories.make_author(portrait=portrait)

    page = editor_client.get(reverse("admin:stories_author_change", args=[author.pk])).content.decode()

    assert f'data-shown-id="{portrait.pk}"' in page
    assert "<figcaption>Dana Levi in the newsroom. (Staff)</figcaption>" in page
    assert 'class="photo-chooser-query"' in page
