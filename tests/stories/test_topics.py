"""The story form refuses topics that could not have a page, or too many of them, and loses nothing."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.stories.models import Story
from articles.stories.topics import topic_slug
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def save(client, story, **changes):
    data = admin_form_data(client.get(change_url(story)), **changes)
    return client.post(change_url(story), data)


@pytest.fixture
def story(db):
    return factories.make_story(with_revision=True, tags=["Budget"], headline="Council approves budget")


def assert_refused(response, story, message):
    """A 400 naming the problem, the editor's words still in the form, the stored story untouched."""
    assert response.status_code == 400
    assert message in response.text
    assert "A typed new headline" in response.text
    stored = Story.objects.get(pk=story.pk)
    assert stored.headline == "Council approves budget"
    assert list(stored.tags.names()) == ["Budget"]


def test_topic_slugs_keep_the_names_script():
    assert [topic_slug(name) for name in ("Élections 2026", "Москва", "北京", "😀", "!!!")] == [
        "élections-2026",
        "москва",
        "北京",
        "",
        "",
    ]


@pytest.mark.parametrize("name", ["😀", "🇫🇷 🎉", "—"])
def test_a_topic_without_letters_or_digits_is_refused(editor_client, story, name):
    response = save(editor_client, story, headline="A typed new headline", tags=f'"{name}", Budget')

    assert_refused(response, story, "needs at least one letter or digit")
    assert not Tag.objects.filter(name=name).exists()


def test_topics_in_other_scripts_are_saved(editor_client, story):
    response = save(editor_client, story, tags="Élections, Москва, 北京")

    assert response.status_code == 302
    assert set(Story.objects.get(pk=story.pk).tags.slugs()) == {"élections", "москва", "北京"}


@pytest.mark.parametrize("length", [51, 101, 300])
def test_an_over_long_topic_is_refused(editor_client, story, settings, length):
    assert settings.TOPIC_MAX_LENGTH == 50
    name = "x" * length

    response = save(editor_client, story, headline="A typed new headline", tags=f"{name}, Budget")

    assert_refused(response, story, f"is too long: a topic has at most 50 characters (this one has {length})")
    assert not Tag.objects.filter(name=name).exists()


def test_a_topic_of_the_longest_length_is_saved(editor_client, story):
    name = "x" * 50

    assert save(editor_client, story, tags=name).status_code == 302

    assert list(Story.objects.get(pk=story.pk).tags.names()) == [name]


@pytest.mark.parametrize("count", [26, 5000])
def test_more_topics_than_a_story_can_use_are_refused_at_once(editor_client, story, settings, count):
    """Thousands of topics are refused by counting them, before any topic is created."""
    assert settings.STORY_MAX_TOPICS == 25
    names = ", ".join(f"Topic {number}" for number in range(count))

    response = save(editor_client, story, headline="A typed new headline", tags=names)

    assert_refused(response, story, f"A story can have at most 25 topics; this one has {count}.")
    assert Tag.objects.count() == 1


def test_as_many_topics_as_the_limit_are_saved(editor_client, story):
    names = [f"Topic {number}" for number in range(25)]

    assert save(editor_client, story, tags=", ".join(names)).status_code == 302

    assert sorted(Story.objects.get(pk=story.pk).tags.names()) == sorted(names)


def test_a_topic_with_control_characters_is_refused(editor_client, story):
    response = save(editor_client, story, headline="A typed new headline", tags="Bud\x07get, Budget")

    assert_refused(response, story, "contains invisible control characters")
