"""Refusals an editor can meet, each a plain sentence with a code: no constraint names, no 500s."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.stories.models import Author, Byline, Contribution, Quote, RelatedStory, Section, Story
from articles.stories.services import section_save
from articles.workflow.models import StoryNote
from articles.workflow.services import NO_BYLINE, story_publish
from tests import factories
from tests.admin_forms import admin_form_data


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


# Publishing needs a byline or a desk byline, whichever route asks.


def test_the_publish_service_refuses_a_story_with_no_byline(editor):
    story = factories.make_story(with_revision=True, desk_byline="")

    with pytest.raises(ValidationError) as refused:
        story_publish(story=story, user=editor)

    assert [error.code for error in refused.value.error_list] == ["no_byline"]
    assert refused.value.messages == [NO_BYLINE]
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


@pytest.mark.parametrize(
    "credit",
    [{"bylines": "author"}, {"desk_byline": "Agencies"}],
    ids=["a byline", "a desk byline"],
)
def test_a_byline_or_a_desk_byline_is_enough(editor, credit):
    fields = {"bylines": [factories.make_author()]} if "bylines" in credit else credit
    story = factories.make_story(with_revision=True, **fields)

    story_publish(story=story, user=editor)

    assert story.is_published()


def test_a_desk_byline_of_spaces_is_no_byline(editor):
    story = factories.make_story(with_revision=True, desk_byline="   ")

    with pytest.raises(ValidationError, match="needs a byline or a desk byline"):
        story_publish(story=story, user=editor)


def test_the_publish_action_names_the_story_and_the_reason(editor_client):
    story = factories.make_story(with_revision=True, headline="Ferry crew rescued", desk_byline="")

    response = editor_client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "publish_now", "_selected_action": [story.pk]},
        follow=True,
    )

    assertContains(response, f"“Ferry crew rescued” was not published: {NO_BYLINE}")
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_the_change_form_refuses_to_publish_with_no_byline_and_keeps_the_edits(editor_client):
    story = factories.make_story(with_revision=True, desk_byline="")
    data = admin_form_data(editor_client.get(change_url(story)), status="published", deck="A new deck.")

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 400
    assertContains(response, NO_BYLINE, status_code=400)
    assertContains(response, "A new deck.", status_code=400)  # the editor's edit is still in the form
    story.refresh_from_db()
    assert (story.status, story.deck) == (
        Story.Status.DRAFT,
        "The vote ends months of debate over school funding.",
    )


def test_the_change_form_publishes_with_a_byline_added_in_the_same_save(editor_client):
    """The check reads the bylines being saved, not only the stored ones."""
    story = factories.make_story(with_revision=True, desk_byline="")
    author = factories.make_author()
    data = admin_form_data(
        editor_client.get(change_url(story)),
        status="published",
        **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(author.pk), "bylines-0-position": ""},
    )

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.is_published()
    assert list(story.authors.all()) == [author]


def test_removing_the_last_byline_of_a_live_story_is_refused(editor_client):
    story = factories.make_story(
        with_revision=True, status=Story.Status.PUBLISHED, bylines=[factories.make_author()]
    )
    data = admin_form_data(editor_client.get(change_url(story)), **{"bylines-0-DELETE": "on"})

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 400
    assertContains(response, NO_BYLINE, status_code=400)
    assert story.bylines.count() == 1


# Publishing with no publication time, and every constraint an editor can reach: human sentences.


@pytest.mark.parametrize("time", [{}, {"published_at_0": "", "published_at_1": ""}], ids=["omitted", "empty"])
def test_publishing_with_no_time_publishes_now_with_no_constraint_name(editor_client, time):
    story = factories.make_story(with_revision=True, desk_byline="Staff")
    data = admin_form_data(editor_client.get(change_url(story)), status="published")
    data.update(time)

    response = editor_client.post(change_url(story), data, follow=True)

    assertNotContains(response, "Constraint")
    story.refresh_from_db()
    assert story.is_published()


def test_the_published_has_time_rule_is_a_sentence_with_a_code(db):
    story = factories.make_story(status=Story.Status.DRAFT)
    story.status = Story.Status.PUBLISHED  # as a form or an importer could ask, with no time

    with pytest.raises(ValidationError) as refused:
        story.full_clean()

    assert refused.value.messages == [
        "A published story needs a publication time: choose one, or leave it empty to publish now."
    ]
    assert [error.code for error in refused.value.error_dict["__all__"]] == ["published_without_time"]


def test_no_constraint_an_editor_can_reach_answers_with_its_name():
    """Each check (and each unique rule Django cannot word itself) has a sentence and a code."""
    models = [Story, Section, Author, Byline, Contribution, RelatedStory, Quote, StoryNote]
    unworded = [
        f"{model._meta.label}.{constraint.name}"
        for model in models
        for constraint in model._meta.constraints
        if (
            isinstance(constraint, CheckConstraint)
            or (isinstance(constraint, UniqueConstraint) and (constraint.expressions or constraint.condition))
        )
        and (
            constraint.violation_error_message == constraint.default_violation_error_message
            or constraint.violation_error_code is None
        )
    ]
    assert unworded == []


def test_a_quote_block_with_no_words_is_refused_in_words(editor_client):
    story = factories.make_story(with_revision=True, desk_byline="Staff")
    factories.add_quote(story)
    data = admin_form_data(editor_client.get(change_url(story)), **{"stories_quote_set-0-quote": "   "})

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 400
    assertNotContains(response, "Constraint", status_code=400)


# A new section goes last in the navigation.


def test_a_section_saved_with_no_position_goes_last(db):
    factories.make_section(position=3)
    factories.make_section(position=7)

    section = section_save(section=Section(name="Obituaries", slug="obituaries", position=None))

    assert section.position == 8
    assert list(Section.objects.values_list("name", flat=True))[-1] == "Obituaries"


def test_the_first_section_is_number_one(db):
    assert section_save(section=Section(name="News", slug="news", position=None)).position == 1


def test_a_new_section_added_in_the_admin_goes_last(editor_client):
    factories.make_section(position=4)

    response = editor_client.get(reverse("admin:stories_section_add"))
    assertContains(response, "Leave empty to add it last.")
    response = editor_client.post(
        reverse("admin:stories_section_add"), {"name": "Obituaries", "slug": "obituaries", "position": ""}
    )

    assert response.status_code == 302
    assert Section.objects.get(slug="obituaries").position == 5


def test_a_position_the_editor_chose_is_kept(editor_client):
    factories.make_section(position=4)

    editor_client.post(
        reverse("admin:stories_section_add"), {"name": "Front", "slug": "front", "position": "0"}
    )

    assert Section.objects.get(slug="front").position == 0


def test_emptying_a_position_in_the_section_list_moves_it_last_not_a_500(editor_client):
    first, second = factories.make_section(position=1), factories.make_section(position=2)

    response = editor_client.post(
        reverse("admin:stories_section_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(first.pk),
            "form-0-position": "",
            "form-1-id": str(second.pk),
            "form-1-position": "2",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.position == 3


# The author form's "Staff user" field, for an Editor.


def test_an_editor_links_an_author_to_a_staff_account(editor_client):
    reporter = factories.make_user(username="rita", is_staff=True)
    factories.make_user(username="reader", is_staff=False)

    form = editor_client.get(reverse("admin:stories_author_add"))
    assert form.status_code == 200
    assertContains(form, f'<option value="{reporter.pk}">rita</option>', html=True)
    assertNotContains(form, ">reader<")
    response = editor_client.post(
        reverse("admin:stories_author_add"),
        {"name": "Rita Reyes", "slug": "rita-reyes", "job_title": "Reporter", "bio": "", "user": reporter.pk},
    )

    assert response.status_code == 302
    assert Author.objects.get(slug="rita-reyes").user == reporter


def test_the_staff_user_field_refuses_an_account_outside_the_staff(editor_client):
    reader = factories.make_user(username="reader", is_staff=False)

    response = editor_client.post(
        reverse("admin:stories_author_add"),
        {"name": "Rita Reyes", "slug": "rita-reyes", "job_title": "", "bio": "", "user": reader.pk},
    )

    assert response.status_code == 400
    assertContains(response, "Select a valid choice", status_code=400)
    assert not Author.objects.filter(slug="rita-reyes").exists()


def test_editors_still_may_not_browse_the_accounts(editor_client):
    """The field needs no view permission on users, so Editors do not get one."""
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "stories", "model_name": "author", "field_name": "user", "term": ""},
    )
    assert response.status_code == 403


# Two editors taking one web address at the same moment.


@pytest.fixture
def slug_check_lost_once(monkeypatch):
    """The form's uniqueness check passes once, as when another editor saves the same slug between
    this form's check and its write; the database's unique constraint then refuses the write."""
    from articles.workflow.forms import StoryAdminForm

    checks = []
    validate_constraints = StoryAdminForm.validate_constraints

    def racing_validate_constraints(form):
        checks.append(form)
        if len(checks) > 1:
            validate_constraints(form)

    monkeypatch.setattr(StoryAdminForm, "validate_constraints", racing_validate_constraints)
    return checks


def test_a_slug_taken_during_an_edit_is_refused_with_the_reason_not_a_500(
    editor_client, slug_check_lost_once
):
    taken = factories.make_story(slug="ferry-crew-rescued")
    story = factories.make_story(with_revision=True)
    data = admin_form_data(editor_client.get(change_url(story)), slug=taken.slug, deck="A new deck.")

    response = editor_client.post(change_url(story), data, follow=True)

    # The slug service checks again inside the save: the whole save is refused with the reason.
    assertContains(response, "Story with this Slug already exists.")
    story.refresh_from_db()
    taken.refresh_from_db()
    assert story.slug != taken.slug and taken.slug == "ferry-crew-rescued"
    assert story.deck != "A new deck."  # the refused save was rolled back whole


def test_a_new_story_whose_slug_is_taken_during_the_save_keeps_the_editors_words(
    editor_client, slug_check_lost_once
):
    taken = factories.make_story(slug="council-votes")
    add_url = reverse("admin:stories_story_add")
    data = admin_form_data(
        editor_client.get(add_url),
        headline="Council votes again",
        slug=taken.slug,
        section=str(taken.section_id),
        desk_byline="Staff",
    )

    response = editor_client.post(add_url, data)

    assertContains(response, "Story with this Slug already exists.", status_code=400)
    assertContains(response, "Council votes again", status_code=400)
    assert list(Story.objects.filter(slug="council-votes")) == [taken]
