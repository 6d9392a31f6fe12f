"""Query budgets for the story admin: the same number of queries with one or ten of everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from articles.stories.models import Story
from articles.workflow.audit import audit_record
from articles.workflow.models import AuditEntry, StoryNote, StoryRevision
from articles.workflow.previews import preview_link_create, preview_link_log_opening
from tests import factories
from tests.admin_forms import admin_form_data

# Every admin page: 1 the session, 2 the user, 3 the user's own permissions, 4 their groups' permissions.
ADMIN_PAGE = 4

# Admin GETs run in no transaction (the admin opens one for POSTs only).
STORY_CHANGE_FORM_QUERIES = ADMIN_PAGE + 16
# 1 the story with its section and lead photo (the section autocomplete and the lead photo chooser
# show them) and its bylines with authors as a JSON column (the admin queryset's `with_bylines()`,
# read by the changelist), 2 its topics (the form's initial value), 3 the latest revision number
# (the form's opened revision), 4 correction/update notes, 5 audit entries with their story (each
# row's title names it), 6 bylines with authors, 7 text blocks, 8 quotes, 9 inline photos with
# photos and story, 10 contributions with authors, 11 related stories with the stories, 12 preview
# links, 13 their openings, 14 the reporters it is assigned to (the form's initial value), 15 the
# reporters it can be assigned to (the choices), 16 the editor's own autosaved copy (the offer to
# restore it). An editor's permissions need no ownership query.

STORY_ADD_FORM_QUERIES = ADMIN_PAGE + 2
# 1 the reporters a story can be assigned to, 2 the editor's autosaved copy of a new story. Nothing
# else: the autocompletes and the photo choosers are empty and list no choices.

STORY_CHANGELIST_QUERIES = ADMIN_PAGE + 6
# 1 the sections (section filter), 2 the authors with a byline (byline filter: one index probe per
# author), 3 the number of stories (counted up to a cap; on PostgreSQL the unfiltered list of a
# large table reads the planner's estimate instead, in the same query), 4 the page of stories with
# sections, lead photos and (a JSON column) their bylines with authors, 5 the first and last
# publication time and 6 the years, months or days that have stories (date hierarchy: one index
# probe per period, in one UNION). No count of all stories: show_full_result_count is off. Topics
# are not shown on the changelist and cost nothing. See articles/workflow/changelist.py.


def make_story_with_everything(count, user):
    """A published story with `count` of each thing its change form shows, including workflow rows."""
    story = factories.make_full_story(count, with_revision=True)
    for number in range(count):
        audit_record(story=story, action=AuditEntry.Action.UPDATED, user=user, detail=f"Step {number}")
        StoryNote.objects.create(
            story=story, kind=StoryNote.Kind.UPDATE, text=f"Update {number}", created_by=user
        )
        link = preview_link_create(story=story, user=user, note=f"Legal {number}")
        for _ in range(count):
            preview_link_log_opening(link=link, ip_address="192.0.2.1", user_agent="Browser")
    return story


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


@pytest.mark.parametrize("count", [1, 10])
def test_story_change_form_queries_are_constant(editor_client, editor, django_assert_num_queries, count):
    story = make_story_with_everything(count, editor)

    with django_assert_num_queries(STORY_CHANGE_FORM_QUERIES):
        response = editor_client.get(change_url(story))

    assert response.status_code == 200
    # The lead photo and each inline photo show their thumbnail (the empty row for a new block does not).
    assertContains(response, '<figure class="photo-chooser-preview">', count=count + 1)
    assertContains(response, "from 192.0.2.1", count=count * count)


@pytest.mark.parametrize("count", [1, 10])
def test_story_add_form_queries_are_constant(editor_client, django_assert_num_queries, count):
    """The add form lists no authors, stories or photos, however many the newsroom has."""
    factories.make_full_story(count)

    with django_assert_num_queries(STORY_ADD_FORM_QUERIES):
        response = editor_client.get(reverse("admin:stories_story_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_story_changelist_queries_are_constant(editor_client, django_assert_num_queries, count):
    section = factories.make_section()
    stories = [
        factories.make_story(
            section=section,
            status=Story.Status.PUBLISHED,
            bylines=[factories.make_author() for _ in range(4)],
            tags=["Budget", "Schools"],
        )
        for _ in range(count)
    ]

    with django_assert_num_queries(STORY_CHANGELIST_QUERIES):
        response = editor_client.get(reverse("admin:stories_story_changelist"))

    assert response.status_code == 200
    for story in stories:
        names = ", ".join(byline.author.name for byline in story.bylines.order_by("position"))
        assertContains(response, names, count=1)


@pytest.mark.parametrize("with_revision", [False, True])
def test_opening_the_change_form_writes_nothing(editor_client, with_revision):
    """Opening a story records no revision or audit entry, even for a story with no revision yet."""
    story = factories.make_full_story(3, with_revision=with_revision)
    revisions, audit_entries = StoryRevision.objects.count(), AuditEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(change_url(story))

    assert response.status_code == 200
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert StoryRevision.objects.count() == revisions
    assert AuditEntry.objects.count() == audit_entries


def test_change_form_widgets_show_the_chosen_objects(editor_client):
    """The autocompletes show the chosen names and the choosers each photo with caption and credit."""
    story = factories.make_full_story(3)

    response = editor_client.get(change_url(story))

    selected = '<option value="{}" selected>{}</option>'
    assertContains(response, selected.format(story.section.pk, escape(story.section.name)), html=True)
    for credit in (*story.bylines.all(), *story.contributions.all()):
        assertContains(response, selected.format(credit.author.pk, escape(credit.author.name)), html=True)
    for link in story.related_links.all():
        assertContains(response, selected.format(link.related.pk, escape(link.related.headline)), html=True)
    photos = [story.lead_photo, *(block.photo for block in story.stories_inlinephoto_set.all())]
    for photo in photos:
        # A thumbnail, never the original (tens of megabytes for a 160-pixel preview).
        thumbnail = reverse("admin:photos_photo_thumbnail", args=[photo.pk])
        assertContains(response, f'src="{thumbnail}" alt="{escape(photo.alt_text)}"')
        assertContains(response, f"<figcaption>{escape(photo.caption_with_credit())}</figcaption>", html=True)
    for block in story.stories_inlinephoto_set.all():
        assertContains(response, escape(str(block)))


def test_photo_chooser_shows_a_refused_photo_it_had_to_look_up(editor_client):
    """After a refused save the chooser shows the photo the editor picked, not the one stored."""
    story = factories.make_full_story(1, with_revision=True)
    stored = story.lead_photo
    undescribed = factories.make_photo(alt_text="", caption="A photo nobody described")
    data = admin_form_data(editor_client.get(change_url(story)), lead_photo=str(undescribed.pk))

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 400
    assertContains(response, f"Photo {undescribed.pk} has no alt text yet", status_code=400)
    assertContains(
        response,
        f"<figcaption>{escape(undescribed.caption_with_credit())}</figcaption>",
        html=True,
        status_code=400,
    )
    assertNotContains(response, escape(stored.caption_with_credit()), status_code=400)
