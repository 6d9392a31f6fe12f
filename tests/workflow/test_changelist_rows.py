"""The story changelist's rows, written out column by column, are the rows Django's admin would write."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.contrib.messages.storage.fallback import FallbackStorage
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.stories.models import Story
from articles.workflow.changelist_rows import story_result_list
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    section = factories.make_section(name="Harbour & Coast")
    now = timezone.now()
    return [
        factories.make_story(
            headline="Ferry <strike> & crew",
            section=section,
            status=Story.Status.PUBLISHED,
            published_at=now - timedelta(hours=1),
            bylines=[factories.make_author(name="Maya Okafor"), factories.make_author(name="Ben Li")],
        ),
        factories.make_story(
            headline="Tomorrow's vote", status=Story.Status.PUBLISHED, published_at=now + timedelta(hours=5)
        ),
        factories.make_story(headline="A draft with a desk byline", desk_byline="Staff and wires"),
        factories.make_story(headline="Submitted", status=Story.Status.SUBMITTED, desk_byline=""),
        factories.make_story(
            headline="Withdrawn", status=Story.Status.UNPUBLISHED, published_at=now - timedelta(days=3)
        ),
    ]


def changelist(rf, user, query=""):
    request = rf.get(reverse("admin:stories_story_changelist") + query)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return admin.site._registry[Story].get_changelist_instance(request)


@pytest.mark.parametrize(
    "query",
    ["", "?section__id__exact={section}", "?q=ferry", "?_popup=1&_to_field=id", "?o=-5"],
    ids=["whole list", "filtered", "searched", "popup", "sorted"],
)
def test_the_rows_are_djangos_rows(rf, editor, stories, query):
    cl = changelist(rf, editor, query.format(section=stories[0].section_id))
    assert cl.result_list, "the list shows stories"

    written = [list(row) for row in story_result_list(cl)["results"]]

    assert written == [list(row) for row in results(cl)]


def test_headers_and_hidden_fields_are_djangos(rf, editor, stories):
    cl = changelist(rf, editor)
    context = story_result_list(cl)

    texts = [str(header["text"]).lower() for header in context["result_headers"]]
    assert texts[1:] == ["headline", "section", "status", "byline", "publication time"]
    assert all(len(row) == len(texts) for row in context["results"])
    assert context["result_hidden_fields"] == []
    assert len(context["results"]) == len(stories)


def test_a_list_with_other_columns_keeps_djangos_rows(rf, editor, stories, monkeypatch):
    model_admin = admin.site._registry[Story]
    monkeypatch.setattr(model_admin, "list_display", ("headline", "published_at"))
    cl = changelist(rf, editor)

    assert [list(row) for row in story_result_list(cl)["results"]] == [list(row) for row in results(cl)]


def test_the_page_shows_the_rows(editor_client, stories):
    response = editor_client.get(reverse("admin:stories_story_changelist"))

    assertContains(response, "Ferry &lt;strike&gt; &amp; crew")
    assertContains(response, "Maya Okafor, Ben Li")
    assertContains(response, 'class="story-status story-status--scheduled"')
    assertContains(response, 'class="action-select"', count=len(stories))
