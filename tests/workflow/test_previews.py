"""Preview links: valid, expired, revoked, tampered; each opening logged; noindex and never cached."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Story
from articles.workflow.models import PreviewLink
from articles.workflow.previews import preview_link_create, preview_link_revoke, preview_url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(editor):
    story = factories.make_story(headline="Secret budget plan", desk_byline="Staff")
    return preview_link_create(story=story, user=editor, note="Legal")


def test_valid_link_shows_the_story_with_a_banner_noindex_and_no_cache(client, link):
    response = client.get(preview_url(link), REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Lawyer browser")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Secret budget plan" in page
    assert "Preview" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    opening = link.openings.get()
    assert (opening.ip_address, opening.user_agent) == ("203.0.113.7", "Lawyer browser")


def test_each_opening_is_logged(client, link):
    for _ in range(3):
        client.get(preview_url(link))
    assert link.openings.count() == 3


def test_links_expire_after_48_hours_by_default(client, link):
    assert link.expires_at - link.created_at == pytest.approx(timedelta(hours=48), abs=timedelta(seconds=5))
    later = timezone.now() + timedelta(hours=48, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(preview_url(link))
    assert response.status_code == 403
    assert not link.openings.exists()


def test_revoked_link_is_refused(client, link, editor):
    preview_link_revoke(link=link, user=editor)
    response = client.get(preview_url(link))
    assert response.status_code == 403
    assert b"Secret budget plan" not in response.content
    assert link.story.audit_entries.filter(action="preview_revoked").exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda url: url.replace(url.split("/")[-2][:4], "AAAA"),
        lambda url: url[:-3] + "x/",
        lambda url: reverse("articles:story-preview", kwargs={"signed_token": "made-up:token"}),
    ],
    ids=["token", "signature", "forged"],
)
def test_tampered_link_is_not_found(client, link, tamper):
    response = client.get(tamper(preview_url(link)))
    assert response.status_code == 404
    assert b"Secret budget plan" not in response.content


def test_deleted_link_row_is_not_found(client, link):
    url = preview_url(link)
    PreviewLink.objects.all().delete()
    assert client.get(url).status_code == 404


def test_editor_creates_and_revokes_links_from_the_story(editor_client):
    story = factories.make_story()
    create = reverse("admin:stories_story_preview_create", args=[story.pk])
    response = editor_client.post(create, {"preview_note": "Fact-checker"}, follow=True)
    link = story.preview_links.get()
    assert link.note == "Fact-checker"
    assert preview_url(link) in response.content.decode()
    revoke = reverse("admin:stories_story_preview_revoke", args=[story.pk, link.pk])
    editor_client.post(revoke)
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_reporter_cannot_revoke_a_preview_of_a_published_story(reporter_client, editor):
    story = factories.make_story()
    link = preview_link_create(story=story, user=editor)
    Story.objects.filter(pk=story.pk).update(status="published", published_at=timezone.now())
    revoke = reverse("admin:stories_story_preview_revoke", args=[story.pk, link.pk])
    assert reporter_client.post(revoke).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
