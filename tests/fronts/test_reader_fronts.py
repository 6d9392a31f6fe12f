"""The home page and section pages honour the live arrangement: pinned slots first, visibility from
published(), fall-back to the newest stories, no story twice, the scheduled change at its second
through the page cache, and the same number of queries however many slots are pinned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.fronts.models import Arrangement
from articles.fronts.services import front_arrange, front_schedule
from articles.stories.models import Story
from articles.workflow.services import story_unpublish
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, set by the test: `clock.now = moment`."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def live(hours_ago, **fields):
    return factories.make_story(
        status=Story.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def home_top(client):
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    context = response.context
    on_sections = [story for _, stories in context["sections_with_stories"] for story in stories]
    return [context["lead"], *context["top_stories"]], on_sections


def test_the_home_page_shows_the_pinned_lead_and_slots_then_the_rest_without_duplicates(client, editor):
    news = factories.make_section(name="News")
    newest, older, oldest = live(1, section=news), live(2, section=news), live(30, section=news)
    front_arrange(section=None, stories=[oldest, older], user=editor)

    top, rest = home_top(client)

    assert top == [oldest, older]
    assert rest == [newest]  # newest first, and neither pinned story twice
    content = client.get("/").content.decode()
    assert content.index(oldest.headline) < content.index(older.headline) < content.index(newest.headline)


def test_an_unarranged_home_page_leads_with_the_newest_story(client):
    newest = live(1)
    live(2)

    top, _rest = home_top(client)

    assert top == [newest]


@pytest.mark.parametrize(
    "hide",
    [
        lambda story, editor: story_unpublish(story=story, user=editor),
        lambda story, editor: Story.objects.filter(pk=story.pk).update(
            published_at=timezone.now() + timedelta(hours=1)
        ),
        lambda story, editor: Story.objects.filter(pk=story.pk).update(status=Story.Status.DRAFT),
    ],
    ids=["unpublished", "scheduled", "back-to-draft"],
)
def test_a_pinned_story_readers_may_not_see_never_shows_and_its_slot_falls_back(client, editor, hide):
    from articles.reader.content_version import content_changed

    section = factories.make_section()
    pinned, second, newest = live(5, section=section), live(6, section=section), live(1, section=section)
    front_arrange(section=None, stories=[pinned, second], user=editor)
    front_arrange(section=section, stories=[pinned, second], user=editor)

    hide(pinned, editor)
    content_changed()  # the bulk updates send no signal

    top, rest = home_top(client)
    assert top == [newest, second]  # the lead slot falls back to the newest story
    assert pinned not in rest
    page = client.get(section.get_absolute_url())
    assert page.context["top_stories"] == [newest, second]
    assert pinned.headline not in page.content.decode()


def test_a_section_front_leads_its_first_page_and_the_list_continues_newest_first(client, editor, settings):
    settings.READER_STORIES_PER_PAGE = 3
    section = factories.make_section(name="Sport")
    stories = [live(hours, section=section) for hours in range(1, 9)]  # newest first
    front_arrange(section=section, stories=[stories[5], stories[6]], user=editor)

    first = client.get(section.get_absolute_url())
    second = client.get(section.get_absolute_url() + "?page=2")
    third = client.get(section.get_absolute_url() + "?page=3")

    assert first.context["top_stories"] == [stories[5], stories[6]]
    assert list(first.context["stories"]) == stories[0:3]
    assert list(second.context["stories"]) == stories[3:5] + [stories[7]]
    assert second.context["top_stories"] == [] and third.status_code == 404
    shown = [*first.context["top_stories"], *first.context["stories"], *second.context["stories"]]
    assert sorted(story.pk for story in shown) == sorted(story.pk for story in stories)


def test_an_empty_slot_of_a_section_front_takes_the_newest_story(client, editor, settings):
    settings.READER_STORIES_PER_PAGE = 3
    section = factories.make_section()
    newest, *others = [live(hours, section=section) for hours in range(1, 6)]
    front_arrange(section=section, stories=[others[3], others[2]], user=editor)
    story_unpublish(story=others[3], user=editor)

    page = client.get(section.get_absolute_url())

    assert page.context["top_stories"] == [newest, others[2]]
    assert list(page.context["stories"]) == [others[0], others[1]]  # a full page: 3 minus the one filled
    assert not page.context["page_obj"].has_next()


def test_an_unarranged_section_page_is_the_plain_newest_first_list(client):
    section = factories.make_section()
    stories = [live(hours, section=section) for hours in range(1, 4)]

    page = client.get(section.get_absolute_url())

    assert page.context["top_stories"] == []
    assert list(page.context["stories"]) == stories


def test_the_scheduled_change_shows_at_its_time_to_the_second_through_the_page_cache(client, clock, editor):
    """Cached pages live under the content version; a front change scheduled later must end it."""
    section = factories.make_section()
    was_lead, becomes_lead = live(1, section=section), live(3, section=section, headline="Bridge opens")
    at = clock.now + timedelta(hours=2)
    home, section_page = reverse("articles:home"), section.get_absolute_url()
    for url in (home, section_page):
        client.get(url)  # cached before the change is scheduled: the version must still roll at `at`
    front_schedule(section=None, stories=[becomes_lead], user=editor, takes_effect_at=at)
    front_schedule(section=section, stories=[becomes_lead], user=editor, takes_effect_at=at)

    clock.now = at - timedelta(seconds=1)
    assert client.get(home).context["lead"] == was_lead
    cached = client.get(home)
    assert cached.context is None  # served from the page cache
    assert 'class="lead-story"' not in client.get(section_page).content.decode()
    shares = int(cached["Cache-Control"].rpartition("s-maxage=")[2])
    assert shares <= 1  # shared caches may not keep the page past the change either

    clock.now = at
    response = client.get(home)
    assert response.context["lead"] == becomes_lead
    lead_section = client.get(section_page).content.decode().split('class="lead-story"')[1]
    assert "Bridge opens" in lead_section.split("</section>")[0]


def test_arranging_a_front_retires_the_cached_pages_at_once(client, editor):
    live(1)
    pinned = live(4, headline="Pinned at once")
    client.get("/")
    assert client.get("/").context is None  # cached

    front_arrange(section=None, stories=[pinned], user=editor)

    assert client.get("/").context["lead"] == pinned
    assert Arrangement.objects.count() == 1


def test_the_home_page_surrogate_key_names_the_pinned_stories(client, editor):
    pinned = live(10)
    live(1)
    front_arrange(section=None, stories=[pinned], user=editor)

    keys = client.get("/")["Surrogate-Key"].split()

    assert f"story-{pinned.pk}" in keys and "page-home" in keys


# Query counts: the arrangement travels inside the page's one story query.


@pytest.mark.parametrize("pinned", [1, 6])
def test_home_page_queries_stay_at_two_however_many_slots(
    client, uncached, django_assert_num_queries, editor, pinned
):
    sections = [factories.make_section() for _ in range(3)]
    stories = [
        live(hours, section=sections[hours % 3], lead_photo=factories.make_photo()) for hours in range(1, 10)
    ]
    front_arrange(section=None, stories=stories[-pinned:], user=editor)

    # 1 the stories (each section's latest plus the live pinned ones, with their slots, sections,
    # lead photos and renditions), 2 navigation.
    with django_assert_num_queries(2):
        response = client.get("/")

    assert [response.context["lead"], *response.context["top_stories"]] == stories[-pinned:]


@pytest.mark.parametrize("pinned", [1, 6])
def test_section_front_queries_stay_at_three_however_many_slots(
    client, uncached, django_assert_num_queries, editor, pinned
):
    section = factories.make_section()
    stories = [live(hours, section=section, lead_photo=factories.make_photo()) for hours in range(1, 12)]
    front_arrange(section=section, stories=stories[-pinned:], user=editor)

    # 1 the section, 2 the page's newest stories and the live pinned ones (one query), 3 navigation.
    with django_assert_num_queries(3):
        response = client.get(section.get_absolute_url())

    assert response.context["top_stories"] == stories[-pinned:]
    assert len(response.context["stories"]) == len(stories) - pinned


def test_the_demo_home_page_is_curated_with_a_change_scheduled(demo, client):
    from articles.demo import content

    response = client.get(reverse("articles:home"))

    top = [response.context["lead"], *response.context["top_stories"]]
    assert [story.slug for story in top] == list(content.HOME_FRONT)
    scheduled = Arrangement.objects.of_front(None).scheduled().get()
    assert scheduled.slots.get(position=1).story.slug == content.HOME_FRONT_CHANGE_LEAD
