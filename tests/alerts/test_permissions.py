"""Breaking-news alerts are Editors' decisions: a Reporter cannot send one by any route (the change
form, a crafted POST, the add form, the services), and Editors can, from the story form."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.alerts.models import Alert
from articles.alerts.story_alerts import story_alert_plan
from articles.stories.models import Story
from articles.workflow.services import story_publish, story_schedule
from tests import factories
from tests.admin_forms import admin_form_data
from tests.alerts.conftest import make_followers

pytestmark = pytest.mark.django_db


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def test_a_reporters_story_form_has_no_alert_field(reporter_client, reporter):
    story = factories.make_story(created_by=reporter, desk_byline="Staff")
    response = reporter_client.get(change_url(story))
    assert response.status_code == 200
    assertNotContains(response, 'name="breaking_alert"')
    assertNotContains(response, "Breaking-news alert")


@pytest.mark.parametrize("url_name", ["change", "add"])
def test_a_reporters_crafted_alert_post_is_refused(reporter_client, reporter, url_name):
    story = factories.make_story(created_by=reporter, desk_byline="Staff")
    if url_name == "change":
        url = change_url(story)
        data = admin_form_data(reporter_client.get(url))
    else:
        url = reverse("admin:stories_story_add")
        data = {"headline": "Crafted", "slug": "crafted", "section": story.section_id, "desk_byline": "Staff"}
    data.update(breaking_alert="on", alert_text="Crafted alert")

    response = reporter_client.post(url, data)

    assert response.status_code == 403
    assert b"Only editors can send breaking-news alerts." in response.content
    assert not Alert.objects.exists()
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_the_services_refuse_a_reporter(reporter):
    story = factories.make_story(created_by=reporter, desk_byline="Staff")
    with pytest.raises(PermissionDenied):
        story_publish(story=story, user=reporter, alert_text="")
    with pytest.raises(PermissionDenied):
        story_schedule(
            story=story, user=reporter, at=timezone.now() + timezone.timedelta(hours=1), alert_text=""
        )
    story.status, story.published_at = Story.Status.PUBLISHED, timezone.now()
    with pytest.raises(PermissionDenied, match="Only editors can send breaking-news alerts"):
        story_alert_plan(story=story, user=reporter, breaking_text="Sneaky")
    assert not Alert.objects.exists()


def test_reporters_do_not_see_the_alerts_admin(reporter_client):
    assert reporter_client.get(reverse("admin:alerts_alert_changelist")).status_code == 403


def test_an_editor_sends_a_breaking_alert_from_the_story_form(
    editor_client, editor, django_capture_on_commit_callbacks
):
    make_followers(2, prefix="reader")
    story = factories.make_story(desk_byline="Staff", headline="Dam bursts")
    page = editor_client.get(change_url(story))
    assertContains(page, 'name="breaking_alert"')
    data = admin_form_data(page, status="published", breaking_alert="on", alert_text="Dam bursts upstream")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(story), data)

    assert response.status_code == 302
    alert = Alert.objects.get(story=story)
    assert (alert.kind, alert.text, alert.requested_by, alert.status) == (
        "breaking",
        "Dam bursts upstream",
        editor,
        "sent",
    )
    assert alert.deliveries.filter(state="sent").count() == 2


def test_the_form_refuses_an_alert_without_a_publication(editor_client):
    story = factories.make_story(desk_byline="Staff")
    data = admin_form_data(editor_client.get(change_url(story)), breaking_alert="on")
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 400
    assertContains(response, "A breaking-news alert goes out when the story is published", status_code=400)
    assert not Alert.objects.exists()


def test_the_alerts_admin_shows_audience_sent_failed_and_timing(
    editor_client, editor, django_capture_on_commit_callbacks
):
    make_followers(3, prefix="reader")
    story = factories.make_story(desk_byline="Staff", headline="Quake")
    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=story, user=editor, alert_text="")
    response = editor_client.get(reverse("admin:alerts_alert_changelist"))
    assert response.status_code == 200
    assertContains(response, '<td class="field-audience_size">3</td>', html=True)
    assertContains(response, '<td class="field-sent_count">3</td>', html=True)
    assertContains(response, '<td class="field-failed_count">0</td>', html=True)
