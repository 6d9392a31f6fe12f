"""The fronts admin: editors arrange, schedule and cancel; everyone else gets 403 on every route;
refusals are sentences with a 4xx and keep the editor's choices; pages cost constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.fronts.models import Arrangement
from articles.fronts.services import front_arrange, front_schedule
from articles.stories.models import Story
from tests import factories

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("admin:fronts_arrangement_changelist")


def arrange_url(front="home"):
    return reverse("admin:fronts_arrangement_arrange", args=[front])


def live(**fields):
    return factories.make_story(status=Story.Status.PUBLISHED, **fields)


def test_an_editor_arranges_the_home_page_now(editor_client, editor):
    first, second = live(headline="Ferry strike ends"), live(headline="Budget passes")

    page = editor_client.get(arrange_url())
    assert page.status_code == 200
    assert page.content.decode().count('name="slots"') == 6
    assert 'data-model-name="slot"' in page.content.decode()  # the story autocomplete
    response = editor_client.post(arrange_url(), {"slots": [second.pk, "", first.pk], "live_id": ""})

    assert response.status_code == 302 and response["Location"] == OVERVIEW
    arrangement = Arrangement.objects.get()
    assert arrangement.section is None and arrangement.created_by == editor
    assert [slot.story for slot in arrangement.slots.order_by("position")] == [second, first]
    overview = editor_client.get(OVERVIEW).content.decode()
    assert "The Home page front is live." in overview
    assert overview.index("Budget passes") < overview.index("Ferry strike ends")


def test_an_editor_schedules_a_section_change_and_cancels_it(editor_client):
    section = factories.make_section(name="Sport")
    story = live(section=section, headline="Rovers promoted")
    at = timezone.localtime(timezone.now() + timedelta(hours=3)).replace(microsecond=0)

    response = editor_client.post(
        arrange_url(section.pk), {"slots": [story.pk], "takes_effect_at": at.strftime("%Y-%m-%dT%H:%M:%S")}
    )

    assert response.status_code == 302
    scheduled = Arrangement.objects.get()
    assert scheduled.takes_effect_at == at and scheduled.section == section
    overview = editor_client.get(OVERVIEW).content.decode()
    assert "Scheduled changes" in overview and f"At {at:%Y-%m-%d %H:%M:%S}" in overview
    assert (
        editor_client.get(reverse("admin:fronts_arrangement_cancel", args=[scheduled.pk])).status_code == 405
    )
    cancelled = editor_client.post(reverse("admin:fronts_arrangement_cancel", args=[scheduled.pk]))
    assert cancelled.status_code == 302 and not Arrangement.objects.exists()


@pytest.mark.parametrize(
    ("data", "status", "sentence"),
    [
        (lambda s: {"slots": [s["draft"].pk]}, 400, "is draft, so it cannot go on a front"),
        (lambda s: {"slots": [s["live"].pk, s["live"].pk]}, 400, "a story can fill only one slot"),
        (lambda s: {"slots": ["not-a-story"]}, 400, "That is not a story"),
        (lambda s: {"slots": [987654]}, 400, "no longer exists"),
        (
            lambda s: {"slots": [s["live"].pk], "takes_effect_at": "2001-01-01T09:00"},
            400,
            "time in the future",
        ),
        (lambda s: {"slots": [s["live"].pk], "takes_effect_at": "tomorrow-ish"}, 400, "Enter a valid date"),
        (
            lambda s: {"slots": [s["live"].pk], "live_id": s["seen"].pk - 1},
            409,
            "Someone else changed this front",
        ),
    ],
    ids=["draft", "twice", "garbage", "gone", "past", "bad-time", "stale"],
)
def test_refusals_are_sentences_with_a_4xx_and_keep_the_choices(
    editor_client, editor, data, status, sentence
):
    stories = {"live": live(headline="Kept choice"), "draft": factories.make_story(headline="Draft")}
    stories["seen"] = front_arrange(section=None, stories=[stories["live"]], user=editor)
    before = Arrangement.objects.count()
    posted = {"live_id": stories["seen"].pk, **data(stories)}

    response = editor_client.post(arrange_url(), posted)

    assert response.status_code == status
    content = response.content.decode()
    assert sentence in content.replace("&#x27;", "'")
    assert "Kept choice" in content  # what the editor chose is shown again
    assert Arrangement.objects.count() == before


def test_cancelling_a_change_that_already_took_effect_is_a_409(editor_client, editor):
    arrangement = front_arrange(section=None, stories=[live()], user=editor)

    response = editor_client.post(reverse("admin:fronts_arrangement_cancel", args=[arrangement.pk]))

    assert response.status_code == 409
    assert "can no longer be cancelled" in response.content.decode()
    assert Arrangement.objects.filter(pk=arrangement.pk).exists()


def test_unknown_fronts_are_404(editor_client):
    assert editor_client.get(arrange_url("987654")).status_code == 404
    assert editor_client.get(arrange_url("sports")).status_code == 404


@pytest.mark.parametrize("role", ["reporter", "photo_desk", "staff_without_role"])
def test_everyone_but_editors_gets_403_on_every_route(request, client, editor, role):
    client.force_login(request.getfixturevalue(role))
    story, section = live(), factories.make_section()
    scheduled = front_schedule(
        section=None, stories=[story], user=editor, takes_effect_at=timezone.now() + timedelta(hours=1)
    )

    for method, url, data in [
        ("get", OVERVIEW, None),
        ("get", reverse("admin:fronts_arrangement_add"), None),
        ("get", arrange_url(), None),
        ("get", arrange_url(section.pk), None),
        ("post", arrange_url(), {"slots": [story.pk]}),
        ("post", arrange_url(section.pk), {"slots": []}),
        ("post", reverse("admin:fronts_arrangement_cancel", args=[scheduled.pk]), None),
    ]:
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    assert list(Arrangement.objects.all()) == [scheduled]
    assert "fronts" not in client.get(reverse("admin:index")).content.decode().lower().split("<main")[-1]


def test_the_add_link_of_the_admin_index_opens_the_home_front(editor_client):
    response = editor_client.get(reverse("admin:fronts_arrangement_add"))

    assert response.status_code == 302 and response["Location"] == arrange_url()


def test_the_story_picker_offers_published_and_scheduled_stories_only(editor_client):
    live(headline="Harbour live")
    live(headline="Harbour later", published_at=timezone.now() + timedelta(hours=2))
    factories.make_story(headline="Harbour draft")
    url = reverse("admin:autocomplete")
    params = {"app_label": "fronts", "model_name": "slot", "field_name": "story", "term": "Harbour"}

    results = editor_client.get(url, params).json()["results"]

    assert sorted(result["text"] for result in results) == ["Harbour later", "Harbour live"]


# 1 session, 2 user, 3-4 the user's own and group permissions; 5 the sections, 6 the arrangements live or
# scheduled, 7 their slots with stories and sections (the arrange page: 5 is its one section).
ADMIN_PAGE_QUERIES = {"overview": 7, "arrange": 7}


@pytest.mark.parametrize("count", [1, 6])
def test_admin_pages_cost_the_same_queries_however_many_slots_and_changes(
    editor_client, editor, django_assert_num_queries, count
):
    sections = [factories.make_section() for _ in range(count)]
    for section in sections:
        stories = [live(section=section) for _ in range(count)]
        front_arrange(section=section, stories=stories, user=editor)
        front_schedule(
            section=section,
            stories=stories[::-1],
            user=editor,
            takes_effect_at=timezone.now() + timedelta(hours=1),
        )
    front_arrange(section=None, stories=[live() for _ in range(count)], user=editor)

    with django_assert_num_queries(ADMIN_PAGE_QUERIES["overview"]):
        overview = editor_client.get(OVERVIEW)
    with django_assert_num_queries(ADMIN_PAGE_QUERIES["arrange"]):
        arrange = editor_client.get(arrange_url(sections[0].pk))

    # Every slot printed with its story's state: the home page's, and each section's live and scheduled.
    assert overview.content.decode().count("front-state--live") == count + 2 * count * count
    assert arrange.content.decode().count("selected>") == count
