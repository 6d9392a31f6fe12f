"""Model rules that must hold in the database itself, not only in forms."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from articles.photos.models import Photo, caption_with_credit
from articles.stories.models import Byline, Contribution, RelatedStory, Story, photos_used_in_stories
from tests import factories


def refused_by_database(write):
    """True when the database itself rejects `write` (run in its own savepoint)."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
class TestStoryConstraints:
    def test_slugs_are_unique(self):
        factories.make_story(slug="harbour-fire")

        assert refused_by_database(lambda: factories.make_story(slug="harbour-fire"))

    def test_a_published_story_has_a_publication_time(self):
        story = factories.make_story()

        assert refused_by_database(
            lambda: Story.objects.filter(pk=story.pk).update(status=Story.Status.PUBLISHED, published_at=None)
        )

    def test_headline_and_slug_may_not_be_empty(self):
        story = factories.make_story()

        assert refused_by_database(lambda: Story.objects.filter(pk=story.pk).update(headline=""))
        assert refused_by_database(lambda: Story.objects.filter(pk=story.pk).update(slug=""))

    @pytest.mark.parametrize("model", [Byline, Contribution])
    def test_credit_positions_are_unique_positive_and_name_an_author_once(self, model):
        story = factories.make_story()
        first, second = factories.make_author(), factories.make_author()
        model.objects.create(story=story, author=first, position=1)

        assert refused_by_database(lambda: model.objects.create(story=story, author=second, position=1))
        assert refused_by_database(lambda: model.objects.create(story=story, author=first, position=2))
        assert refused_by_database(lambda: model.objects.create(story=story, author=second, position=0))
        model.objects.create(story=story, author=second, position=2)
        assert list(model.objects.filter(story=story).values_list("author", flat=True)) == [
            first.pk,
            second.pk,
        ]

    def test_a_story_is_not_related_to_itself_and_related_positions_are_unique(self):
        story, other, third = factories.make_story(), factories.make_story(), factories.make_story()
        RelatedStory.objects.create(story=story, related=other, position=1)

        assert refused_by_database(
            lambda: RelatedStory.objects.create(story=story, related=story, position=2)
        )
        assert refused_by_database(
            lambda: RelatedStory.objects.create(story=story, related=third, position=1)
        )

    def test_a_section_or_author_in_use_cannot_be_deleted(self):
        author = factories.make_author()
        story = factories.make_story(bylines=[author])

        with pytest.raises(ProtectedError):
            story.section.delete()
        with pytest.raises(ProtectedError):
            author.delete()


@pytest.mark.django_db
class TestPhotoConstraints:
    def test_alt_text_may_wait_in_the_library(self):
        # Batch uploads arrive without alt text (the desk adds it later, see the
        # "missing alt text" filter); a photo without it cannot be put in a story
        # (tests/photodesk/test_photo_admin.py).
        photo = factories.make_photo()

        assert not refused_by_database(lambda: Photo.objects.filter(pk=photo.pk).update(alt_text=""))

    def test_the_same_file_content_is_stored_once(self):
        photo = factories.make_photo()

        assert refused_by_database(
            lambda: Photo.objects.filter(pk=factories.make_photo().pk).update(checksum=photo.checksum)
        )

    def test_file_is_stored_under_its_content_hash_and_original_name_kept_as_metadata(self):
        photo = factories.make_photo(image=factories.image_upload("../../etc/Évènement final.JPG"))

        assert photo.image.name.endswith(f"/{photo.checksum}.jpg")
        assert photo.image.name.startswith("photos/")
        assert ".." not in photo.image.name
        assert photo.original_filename.endswith("Évènement_final.JPG")
        assert (photo.width, photo.height) == (640, 427)

    def test_a_photo_used_by_a_story_cannot_be_deleted(self):
        lead, inline, unused = factories.make_photo(), factories.make_photo(), factories.make_photo()
        story = factories.make_story(lead_photo=lead)
        factories.add_inline_photo(story, photo=inline)

        for photo in (lead, inline):
            with pytest.raises(ProtectedError):
                photo.delete()
        unused.delete()
        assert set(Photo.objects.values_list("pk", flat=True)) == {lead.pk, inline.pk}

    def test_used_and_unused_photos(self):
        lead, inline, unused = factories.make_photo(), factories.make_photo(), factories.make_photo()
        story = factories.make_story(lead_photo=lead)
        factories.add_inline_photo(story, photo=inline)

        assert set(photos_used_in_stories()) == {lead, inline}
        assert list(Photo.objects.exclude(pk__in=photos_used_in_stories().values("pk"))) == [unused]
        assert list(Story.objects.using_photo(inline)) == [story]

    def test_a_photo_used_many_times_is_listed_once(self):
        photo = factories.make_photo()
        for _ in range(2):
            story = factories.make_story(lead_photo=photo)
            factories.add_inline_photo(story, photo=photo)

        assert list(photos_used_in_stories()) == [photo]
        assert photos_used_in_stories().count() == 1


class TestCaptionWithCredit:
    @pytest.mark.parametrize(
        ("caption", "credit", "printed"),
        [
            ("Firefighters at the pier", "Courtesy", "Firefighters at the pier. (Courtesy)"),
            ("Who won?", "Jane Doe/Reuters", "Who won? (Jane Doe/Reuters)"),
            ("The mayor speaks.", "AP Photo/John Roe", "The mayor speaks. (AP Photo/John Roe)"),
            ("  Spaces around  ", "  Courtesy ", "Spaces around. (Courtesy)"),
            ("", "Courtesy", "(Courtesy)"),
            ("No credit", "", "No credit."),
        ],
    )
    def test_newsroom_style(self, caption, credit, printed):
        assert caption_with_credit(caption, credit) == printed

    @pytest.mark.django_db
    def test_a_story_overrides_the_caption_but_never_the_credit(self):
        photo = factories.make_photo(caption="Library caption", credit="Jane Doe/Agency")
        story = factories.make_story(lead_photo=photo, lead_photo_caption="Caption for this story")
        block = factories.add_inline_photo(story, photo=photo)

        assert story.lead_caption_with_credit == "Caption for this story. (Jane Doe/Agency)"
        assert block.caption_with_credit == "Library caption. (Jane Doe/Agency)"

        Photo.objects.filter(pk=photo.pk).update(credit="Jane Doe/Reuters")
        story.refresh_from_db()
        block.refresh_from_db()
        assert story.lead_caption_with_credit.endswith("(Jane Doe/Reuters)")
        assert block.caption_with_credit.endswith("(Jane Doe/Reuters)")


@pytest.mark.django_db
class TestVisibility:
    def test_published_scheduled_and_drafts(self):
        now = timezone.now()
        live = factories.make_story(status=Story.Status.PUBLISHED, published_at=now - timedelta(minutes=1))
        due_now = factories.make_story(status=Story.Status.PUBLISHED, published_at=now)
        later = factories.make_story(status=Story.Status.PUBLISHED, published_at=now + timedelta(hours=1))
        draft = factories.make_story()

        assert set(Story.objects.published()) == {live, due_now}
        assert list(Story.objects.scheduled()) == [later]
        assert list(Story.objects.drafts()) == [draft]
        assert [s.is_published() for s in (live, due_now, later, draft)] == [True, True, False, False]
        assert later.is_scheduled() is True and live.is_scheduled() is False

    def test_bylines_come_in_their_set_order_not_insertion_order(self):
        first, second, third = (factories.make_author() for _ in range(3))
        story = factories.make_story()
        Byline.objects.create(story=story, author=third, position=3)
        Byline.objects.create(story=story, author=first, position=1)
        Byline.objects.create(story=story, author=second, position=2)

        loaded = Story.objects.with_bylines().get(pk=story.pk)

        assert [byline.author for byline in loaded.ordered_bylines] == [first, second, third]
