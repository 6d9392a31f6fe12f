"""An author's page and feed list the stories they contributed to beside their bylined ones,
newest first, the contributions labelled, paginated, in the same three queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.stories.models import Contribution, Story
from tests import factories
from tests.reader.test_feeds import parse

pytestmark = pytest.mark.django_db


def live(hours_ago, **fields):
    return factories.make_story(
        status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def test_contributions_appear_in_date_order_with_the_bylines_and_say_so(client):
    author = factories.make_author(name="Ana Reyes")
    bylined = live(1, bylines=[author], headline="Council votes")
    contributed = live(2, contributors=[author], headline="Ferry fares rise")
    both = live(3, bylines=[author], contributors=[author], headline="Harbour reopens")
    live(4, headline="Someone else's story")
    factories.make_story(contributors=[author], headline="Draft contribution")

    response = client.get(author.get_absolute_url())

    assert list(response.context["stories"]) == [bylined, contributed, both]  # each once
    cards = response.content.decode().split('<article class="card')[1:]
    assert ['card-label">Contributed<' in card for card in cards] == [False, True, False]
    assert "Draft contribution" not in response.content.decode()


def test_a_new_contribution_reaches_the_cached_author_page_at_once(client):
    author = factories.make_author()
    story = live(1, headline="Late contribution")
    client.get(author.get_absolute_url())

    Contribution.objects.create(story=story, author=author, position=1)

    assert "Late contribution" in client.get(author.get_absolute_url()).content.decode()


def test_the_author_feed_carries_the_contributions_too(client):
    author = factories.make_author()
    live(1, bylines=[author], headline="Bylined")
    live(2, contributors=[author], headline="Contributed")

    channel = parse(client.get(reverse("articles:author-feed", args=[author.slug, "rss"]))).find("channel")

    assert [item.findtext("title") for item in channel.findall("item")] == ["Bylined", "Contributed"]


def test_contributions_page_like_the_rest(client, settings):
    settings.READER_STORIES_PER_PAGE = 2
    author = factories.make_author()
    stories = [
        live(hours, **({"bylines": [author]} if hours % 2 else {"contributors": [author]}))
        for hours in range(1, 6)
    ]

    pages = [client.get(author.get_absolute_url() + f"?page={number}") for number in (1, 2, 3)]

    assert [list(page.context["stories"]) for page in pages] == [stories[0:2], stories[2:4], stories[4:]]
    assert client.get(author.get_absolute_url() + "?page=4").status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_author_page_queries_stay_at_three_with_contributions(
    client, uncached, django_assert_num_queries, count
):
    author = factories.make_author(portrait=factories.make_photo())
    for number in range(count):
        credit = {"bylines": [author]} if number % 2 else {"contributors": [author, factories.make_author()]}
        live(number + 1, **credit)

    # 1 the author with the portrait and its renditions, 2 the page's stories (bylined or
    # contributed, each with whether it is bylined), 3 navigation.
    with django_assert_num_queries(3):
        response = client.get(author.get_absolute_url())

    assert len(response.context["stories"]) == min(count, 20)
