from articles.models import Story
from tests import factories


def test_story_with_photo_and_bylines(db):
    author = factories.make_author()
    story = factories.make_story(bylines=[author], lead_photo=factories.make_photo(), tags=["Budget"])
    assert list(Story.objects.with_bylines().get(pk=story.pk).ordered_bylines)[0].author == author
