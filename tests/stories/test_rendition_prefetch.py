"""Pages load only the renditions they print: cards the whole picture, og:image also the social crop."""

import pytest

from articles.photos.models import Photo
from articles.stories.models import Author, Story
from tests import factories
from tests.factories import make_full_story, make_published_stories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _crops(settings):
    settings.PHOTO_RENDITION_CROPS = {"social": (40, 21), "square": (1, 1), "teaser": (16, 9)}
    settings.PHOTO_RENDITION_CROP_WIDTHS = {"social": [1200]}
    settings.PHOTO_RENDITION_CROP_FORMATS = {"social": ["jpeg"]}


def crops(photo):
    return sorted({rendition.crop for rendition in photo.rendition_list})


def whole_picture_count(photo):
    return photo.renditions.filter(crop="").count()


def test_cards_load_only_the_whole_picture_renditions():
    make_published_stories(2)

    stories = list(Story.objects.published().for_listing())

    for story in stories:
        assert crops(story.lead_photo_for_readers) == [""]
        assert len(story.lead_photo_for_readers.rendition_list) == whole_picture_count(story.lead_photo) == 4


def test_home_page_cards_load_only_the_whole_picture_renditions(client):
    make_published_stories(3, section=factories.make_section())

    response = client.get("/")

    cards = [response.context["lead"]] + [
        s for _, stories in response.context["sections_with_stories"] for s in stories
    ]
    assert len(cards) == 3
    assert all(crops(story.lead_photo_for_readers) == [""] for story in cards)


def test_story_page_adds_only_the_social_crop_and_only_for_the_lead_photo(client):
    story = make_full_story(2)

    response = client.get(story.get_absolute_url())

    shown = response.context["story"]
    assert crops(shown.lead_photo_for_readers) == ["", "social"]
    assert len(shown.lead_photo_for_readers.rendition_list) == whole_picture_count(shown.lead_photo) + 1
    photos = [block.photo for kind, block in shown.body_blocks if kind == "photo"]
    assert len(photos) == 2
    assert all(crops(photo) == [""] for photo in photos)
    social = story.lead_photo.renditions.get(crop="social")
    assert f'property="og:image" content="http://testserver{social.file.url}"' in response.content.decode()


def test_author_portrait_loads_only_the_whole_picture_renditions():
    factories.make_author(portrait=factories.make_photo())

    author = Author.objects.with_portrait().get()

    assert crops(author.portrait_for_readers) == [""]


def test_the_photo_desk_still_gets_every_crop():
    factories.make_photo()

    photo = Photo.objects.with_renditions().get()

    assert crops(photo) == ["", "social", "square", "teaser"]
