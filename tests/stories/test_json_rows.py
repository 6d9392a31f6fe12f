"""Related rows loaded as JSON columns of the story row (articles/json_rows.py) read back exactly."""

from datetime import timedelta

import pytest
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone

from articles.json_rows import JSONRow
from articles.stories.models import Section, Story
from articles.workflow.services import story_note_add
from tests import factories

pytestmark = pytest.mark.django_db


def test_notes_come_back_with_their_exact_aware_times(editor):
    story = factories.make_story(
        status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    first = story_note_add(
        story=story, user=editor, kind="correction", text="An earlier version misspelt a name."
    )
    second = story_note_add(story=story, user=editor, kind="update", text="The council has voted.")

    loaded = Story.objects.for_detail().get(pk=story.pk)

    assert [(note.pk, note.kind, note.text) for note in loaded.ordered_notes] == [
        (first.pk, "correction", first.text),
        (second.pk, "update", second.text),
    ]
    assert [note.created_at for note in loaded.ordered_notes] == [first.created_at, second.created_at]
    assert all(timezone.is_aware(note.created_at) for note in loaded.ordered_notes)


def test_topics_keep_the_order_they_were_given():
    story = factories.make_story(tags=["Zebra crossings", "Budget", "Mayor"])

    loaded = Story.objects.for_detail().get(pk=story.pk)

    assert [topic.name for topic in loaded.topics] == ["Zebra crossings", "Budget", "Mayor"]
    assert all(topic.slug for topic in loaded.topics)


def test_an_inline_photo_past_its_licence_is_left_out():
    story = factories.make_story()
    kept = factories.add_inline_photo(story, ordering=10)
    expired = factories.make_photo(usable_until=timezone.localdate() - timedelta(days=1))
    factories.add_inline_photo(story, photo=expired, ordering=20)

    loaded = Story.objects.for_detail().get(pk=story.pk)

    assert [block.pk for kind, block in loaded.body_blocks if kind == "photo"] == [kept.pk]


def test_loaded_photos_carry_their_renditions_and_nothing_extra_costs_a_query(django_assert_num_queries):
    story = factories.make_story(lead_photo=factories.make_photo(), bylines=[factories.make_author()])
    factories.add_inline_photo(story)

    with django_assert_num_queries(1):
        loaded = Story.objects.for_detail().get(pk=story.pk)
        inline = next(block for kind, block in loaded.body_blocks if kind == "photo")
        assert inline.photo.rendition_list
        lead_crops = {rendition.crop for rendition in loaded.lead_photo_for_readers.rendition_list}
        assert "" in lead_crops and lead_crops <= {"", "social"}
        assert loaded.ordered_bylines[0].author.name
    # A column the row did not carry is deferred: reading it is a query, which budgets catch.
    with django_assert_num_queries(1):
        assert loaded.ordered_bylines[0].author.bio is not None


def test_a_story_loaded_without_the_columns_answers_from_queries():
    story = factories.make_story(tags=["Budget"], bylines=[factories.make_author(name="Ana Ruiz")])

    plain = Story.objects.get(pk=story.pk)

    assert [byline.author.name for byline in plain.ordered_bylines] == ["Ana Ruiz"]
    assert [topic.name for topic in plain.topics] == ["Budget"]


def test_a_json_row_is_the_object_jsonobject_builds_with_its_keys_written_into_the_sql():
    story = factories.make_story(headline="It's a “quoted” headline", kicker="")
    columns = {"id": "pk", "headline": "headline", "kicker": "kicker", "section_name": "section__name"}

    row = Story.objects.annotate(row=JSONRow(**columns)).values_list("row", flat=True).get(pk=story.pk)
    reference = (
        Story.objects.annotate(row=JSONObject(**columns)).values_list("row", flat=True).get(pk=story.pk)
    )

    assert (
        row
        == reference
        == {
            "id": story.pk,
            "headline": story.headline,
            "kicker": "",
            "section_name": story.section.name,
        }
    )
    sql = str(Story.objects.annotate(row=JSONRow(**columns)).query)
    assert "'headline'" in sql  # a literal, not a bound parameter


@pytest.mark.parametrize("key", ["it's", "Headline", "a-b", "", "1st", "x y"])
def test_a_json_row_refuses_a_key_that_is_not_a_plain_name(key):
    with pytest.raises(ValueError, match="plain lower-case names"):
        JSONRow(**{key: "headline"})


def test_json_rows_compiled_once_still_follow_the_outer_query_they_sit_in():
    """The memoised SQL of a row subquery is kept per place: top level, or one level deeper."""
    first = factories.make_story(bylines=[factories.make_author(name="Ana Ruiz")])
    second = factories.make_story(bylines=[factories.make_author(name="Ben Ode")])
    names = {
        story.pk: [b.author.name for b in story.ordered_bylines] for story in Story.objects.with_bylines()
    }
    # The same byline rows inside a subquery of the sections: their aliases and outer column move.
    newest = Story.objects.with_bylines().filter(section=OuterRef("pk")).values("byline_rows")[:1]
    by_section = Section.objects.annotate(rows=Subquery(newest, output_field=JSONField()))
    nested_rows = {
        pk: [row["author"]["name"] for row in rows] for pk, rows in by_section.values_list("pk", "rows")
    }
    again = {
        story.pk: [b.author.name for b in story.ordered_bylines] for story in Story.objects.with_bylines()
    }

    assert names == again == {first.pk: ["Ana Ruiz"], second.pk: ["Ben Ode"]}
    assert nested_rows == {first.section_id: ["Ana Ruiz"], second.section_id: ["Ben Ode"]}
