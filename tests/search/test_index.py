"""The stored search documents follow every write that changes what is searched."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from articles.search.matching import stories_matching
from articles.search.models import StoryDocument
from articles.search.services import search_index_rebuild
from articles.stories.models import Byline, RichText, Story
from articles.workflow.revisions import story_revision_restore
from articles.workflow.services import story_create, story_publish, story_unpublish
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def matches(query):
    """Every story (any status) whose document matches `query`: what the admin search sees."""
    return set(stories_matching(Story.objects.all(), query))


def change_url(story):
    return reverse("admin:stories_story_change", args=[story.pk])


def save_in_admin(client, story, **changes):
    data = admin_form_data(client.get(change_url(story)), **changes)
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_the_admin_form_indexes_a_new_story(editor_client):
    section = factories.make_section()
    author = factories.make_author(name="Maria Lopez")
    form_page = editor_client.get(reverse("admin:stories_story_add"))
    data = admin_form_data(
        form_page,
        headline="Harbour bridge to close",
        deck="Commuters face detours.",
        section=str(section.pk),
        slug="harbour-bridge",
        tags="Transport",
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(author.pk),
            "bylines-0-position": "1",
            "stories_richtext_set-TOTAL_FORMS": "1",
            "stories_richtext_set-0-region": "body",
            "stories_richtext_set-0-ordering": "10",
            "stories_richtext_set-0-text": "<p>Engineers found rust in the cables.</p>",
        },
    )

    assert editor_client.post(reverse("admin:stories_story_add"), data).status_code == 302

    story = Story.objects.get(slug="harbour-bridge")
    for query in ("harbour bridge", "detours", "rust cables", "Lopez", "transport"):
        assert matches(query) == {story}, query


def test_admin_edits_of_body_bylines_and_topics_follow(editor_client):
    before, after = factories.make_author(name="Maria Lopez"), factories.make_author(name="Ada Okafor")
    story = factories.make_story(
        headline="Council votes", bylines=[before], tags=["Budget"], with_revision=True
    )
    factories.add_text(story, "<p>The zeppelin question.</p>")
    block = RichText.objects.get(parent=story)
    byline = Byline.objects.get(story=story)
    assert matches("zeppelin lopez budget") == {story}

    save_in_admin(
        editor_client,
        story,
        headline="Council votes on ferries",
        tags="Lighthouses",
        **{
            "stories_richtext_set-0-id": str(block.pk),
            "stories_richtext_set-0-text": "<p>The airship question.</p>",
            "bylines-0-id": str(byline.pk),
            "bylines-0-author": str(after.pk),
        },
    )

    assert (matches("zeppelin"), matches("lopez"), matches("budget")) == (set(), set(), set())
    for query in ("airship", "okafor", "lighthouse", "ferries"):
        assert matches(query) == {story}, query


def test_a_body_block_removed_in_the_admin_leaves_the_index(editor_client):
    story = factories.make_story(headline="Council votes", with_revision=True)
    factories.add_text(story, "<p>The zeppelin question.</p>")
    block = RichText.objects.get(parent=story)

    save_in_admin(
        editor_client,
        story,
        **{"stories_richtext_set-0-id": str(block.pk), "stories_richtext_set-0-DELETE": "on"},
    )

    assert not RichText.objects.filter(parent=story).exists()
    assert matches("zeppelin") == set()


def test_service_writes_follow(editor):
    story = story_create(
        story=Story(
            headline="Ferry crew strike", slug="ferry", section=factories.make_section(), desk_byline="Staff"
        ),
        user=editor,
    )
    assert matches("ferry crew") == {story}

    Story.objects.filter(pk=story.pk).update(headline="Tram drivers strike")  # a write around the services…
    story_publish(story=story, user=editor)  # …that the next service step picks up
    assert matches("tram") == {story}
    assert set(stories_matching(Story.objects.published(), "tram")) == {story}

    story_unpublish(story=story, user=editor)
    assert set(stories_matching(Story.objects.published(), "tram")) == set()


def test_restoring_a_revision_restores_the_searched_words(editor):
    story = story_create(
        story=Story(
            headline="Ferry crew strike", slug="ferry", section=factories.make_section(), desk_byline="Staff"
        ),
        user=editor,
    )
    first = story.revisions.get()
    Story.objects.filter(pk=story.pk).update(headline="Tram drivers strike")
    story_publish(story=story, user=editor)

    story_revision_restore(revision=first, user=editor)

    assert matches("ferry") == {story}
    assert matches("tram") == set()


def test_renaming_an_author_in_the_admin_follows(editor_client):
    author = factories.make_author(name="Maria Lopez")
    bylined = factories.make_story(bylines=[author])
    contributed = factories.make_story(contributors=[author])
    factories.make_story(bylines=[factories.make_author(name="Someone Else")])
    url = reverse("admin:stories_author_change", args=[author.pk])

    response = editor_client.post(url, admin_form_data(editor_client.get(url), name="Maria Lopez-Garcia"))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert matches("garcia") == {bylined, contributed}


def test_renaming_a_topic_in_the_admin_follows(admin_client):
    story = factories.make_story(tags=["Lighthouses"])
    factories.make_story(tags=["Sport"])
    tag = Tag.objects.get(name="Lighthouses")
    url = reverse("admin:taggit_tag_change", args=[tag.pk])

    response = admin_client.post(url, admin_form_data(admin_client.get(url), name="City finances"))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert matches("finances") == {story}
    assert matches("lighthouse") == set()


def test_rebuild_indexes_stories_written_around_the_services(capsys):
    story = factories.make_story(headline="Ferry crew strike")
    StoryDocument.objects.all().delete()  # as a bulk load or an import leaves them
    assert matches("ferry") == set()

    call_command("rebuild_search_index")

    assert matches("ferry") == {story}
    assert "Search index rebuilt: 1 stories." in capsys.readouterr().out


def test_rebuild_in_batches(settings, monkeypatch):
    monkeypatch.setattr("articles.search.services.BATCH_SIZE", 3)
    stories = [factories.make_story(headline=f"Ferry {number}") for number in range(7)]
    StoryDocument.objects.all().delete()
    seen = []

    assert search_index_rebuild(progress=lambda done, total: seen.append((done, total))) == 7

    assert seen == [(3, 7), (6, 7), (7, 7)]
    assert matches("ferry") == set(stories)


def test_deleting_a_story_deletes_its_document():
    story = factories.make_story(headline="Ferry crew strike")

    story.delete()

    assert not StoryDocument.objects.exists()
    assert matches("ferry") == set()


def test_the_demo_is_searchable(client, demo):
    published = Story.objects.published().order_by("-published_at").first()
    word = max(published.headline.split(), key=len).strip(",.:;'’\"")

    response = client.get(reverse("articles:search"), {"q": word})

    assert published in response.context["stories"]
    assert StoryDocument.objects.count() == Story.objects.count()
