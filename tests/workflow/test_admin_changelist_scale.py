"""The story changelist at archive scale: approximate counts said as such, filters and the date
drill-down answering as Django's own would, without reading every story."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.stories.models import Story
from articles.workflow import changelist
from articles.workflow.changelist import periods_of, periods_with_rows
from tests import factories

CHANGELIST = reverse("admin:stories_story_changelist")


def local(*parts):
    return timezone.make_aware(datetime(*parts))


def test_a_short_list_says_its_exact_count(editor_client):
    factories.make_published_stories(3)

    response = editor_client.get(CHANGELIST)

    assertContains(response, "3 stories")
    assertNotContains(response, "about")
    assertNotContains(response, "more than")


def test_a_filtered_list_counts_up_to_the_cap_and_says_so(editor_client, monkeypatch):
    monkeypatch.setattr(changelist, "COUNT_CAP", 2)
    section = factories.make_section()
    factories.make_published_stories(3, section=section)

    response = editor_client.get(CHANGELIST, {"section__id__exact": section.pk})

    assertContains(response, "more than 2 stories (only the first 2 are listed")
    # "Select all" no longer promises a number it does not know.
    assertContains(response, "Select all matching stories")


def test_the_whole_archive_is_estimated_on_postgresql_and_counted_elsewhere(editor_client, monkeypatch):
    """On PostgreSQL a large table's unfiltered list takes the planner's row estimate; SQLite counts."""
    monkeypatch.setattr(changelist, "ESTIMATE_FROM", 2)
    factories.make_published_stories(3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stories_story")

    response = editor_client.get(CHANGELIST)

    if connection.vendor == "postgresql":
        assertContains(response, "about 3 stories (an estimate")
    else:
        assertContains(response, "3 stories")
        assertNotContains(response, "an estimate")


def test_the_byline_filter_lists_only_authors_with_a_byline(editor_client):
    bylined, unused = factories.make_author(name="Maya Okafor"), factories.make_author(name="Nobody Yet")
    factories.make_published_stories(1, bylines=[bylined])

    response = editor_client.get(CHANGELIST)

    assertContains(response, f'href="?authors__id__exact={bylined.pk}"')
    assertNotContains(response, f'href="?authors__id__exact={unused.pk}"')
    filtered = editor_client.get(CHANGELIST, {"authors__id__exact": bylined.pk})
    assertContains(filtered, "1 story")


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "Draft story"), ("published", "Live story"), ("scheduled", "Future story")],
)
def test_the_status_and_section_filters_still_filter(editor_client, state, expected):
    section = factories.make_section()
    factories.make_story(headline="Draft story", section=section)
    factories.make_story(headline="Live story", section=section, status=Story.Status.PUBLISHED)
    factories.make_story(
        headline="Future story",
        section=section,
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    factories.make_story(headline="Elsewhere", status=Story.Status.PUBLISHED)

    response = editor_client.get(CHANGELIST, {"state": state, "section__id__exact": section.pk})

    assertContains(response, expected)
    assertContains(response, "1 story")
    assertNotContains(response, "Elsewhere")


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [
        ("year", local(2019, 3, 1), local(2023, 6, 1)),
        ("month", local(2023, 1, 1), local(2023, 12, 31, 23, 59)),
        ("day", local(2023, 5, 1), local(2023, 5, 31, 23, 59)),
    ],
)
def test_periods_with_rows_are_those_django_finds_by_scanning(db, kind, first, last):
    """Empty periods in between are left out, and each period is in the current time zone."""
    for at in (
        local(2019, 3, 1, 0, 30),
        local(2021, 7, 4, 12),
        local(2023, 1, 1, 0, 0),
        local(2023, 5, 17, 23, 59),
        local(2023, 5, 31, 23, 59),
        local(2023, 6, 1),
    ):
        factories.make_story(status=Story.Status.PUBLISHED, published_at=at)
    queryset = Story.objects.filter(published_at__gte=first, published_at__lte=last)

    assert periods_with_rows(queryset, "published_at", kind, first, last) == list(
        queryset.datetimes("published_at", kind)
    )


def test_an_archive_going_back_decades_is_probed_in_one_query(db, django_assert_num_queries):
    for year in (2001, 2009, 2026):
        factories.make_story(status=Story.Status.PUBLISHED, published_at=local(year, 3, 1))
        factories.make_story(status=Story.Status.DRAFT, published_at=None)
    queryset = Story.objects.filter(status=Story.Status.PUBLISHED)

    with django_assert_num_queries(1):
        years = periods_with_rows(queryset, "published_at", "year", local(2001, 3, 1), local(2026, 3, 1))

    assert years == [local(2001, 1, 1), local(2009, 1, 1), local(2026, 1, 1)]
    assert years == list(queryset.datetimes("published_at", "year"))


def test_the_date_drill_down_links_only_years_with_stories(editor_client):
    for year in (2019, 2022):
        factories.make_story(status=Story.Status.PUBLISHED, published_at=local(year, 5, 1))

    years = editor_client.get(CHANGELIST)
    months = editor_client.get(CHANGELIST, {"published_at__year": 2022})

    assertContains(years, 'href="?published_at__year=2019"')
    assertContains(years, 'href="?published_at__year=2022"')
    assertNotContains(years, 'href="?published_at__year=2020"')
    assertContains(months, 'href="?published_at__month=5&amp;published_at__year=2022"')
    assertNotContains(months, 'href="?published_at__month=4&amp;published_at__year=2022"')


def test_a_searched_list_drills_down_into_the_years_of_its_matches_only(editor_client):
    factories.make_story(
        headline="Ferry strike", status=Story.Status.PUBLISHED, published_at=local(2019, 5, 1)
    )
    factories.make_story(headline="Tram works", status=Story.Status.PUBLISHED, published_at=local(2022, 5, 1))
    factories.make_story(
        headline="Ferry timetable", status=Story.Status.PUBLISHED, published_at=local(2023, 5, 1)
    )

    years = editor_client.get(CHANGELIST, {"q": "ferry"})
    months = editor_client.get(CHANGELIST, {"q": "ferry", "published_at__year": 2019})

    assert years.status_code == months.status_code == 200
    assertContains(years, 'href="?published_at__year=2019&amp;q=ferry"')
    assertContains(years, 'href="?published_at__year=2023&amp;q=ferry"')
    assertNotContains(years, "published_at__year=2022")
    assertContains(months, 'href="?published_at__month=5&amp;published_at__year=2019&amp;q=ferry"')
    assert [story.headline for story in months.context["cl"].result_list] == ["Ferry strike"]


@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_periods_of_a_searchs_times_are_those_django_finds(db, kind, zone):
    """Local periods, distinct and in order, with drafts (no time) left out; near midnight too."""
    for at in (
        local(2019, 3, 1, 0, 30),
        local(2023, 5, 17, 23, 59),
        local(2023, 5, 17, 11, 0),
        local(2023, 12, 31, 23, 30),
        local(2024, 1, 1, 0, 15),
    ):
        factories.make_story(status=Story.Status.PUBLISHED, published_at=at)
    factories.make_story(status=Story.Status.DRAFT, published_at=None)

    with timezone.override(zone):
        times = list(Story.objects.values_list("published_at", flat=True))
        assert periods_of(times, kind) == list(Story.objects.datetimes("published_at", kind))


def test_a_searched_list_is_counted_and_drilled_down_from_its_matches_without_more_queries(editor_client):
    for year, month, headline in (
        (2019, 5, "Ferry strike"),
        (2023, 2, "Ferry timetable"),
        (2023, 9, "Ferry fares"),
    ):
        factories.make_story(
            headline=headline, status=Story.Status.PUBLISHED, published_at=local(year, month, 1)
        )
    factories.make_story(headline="Ferry plans", status=Story.Status.DRAFT, published_at=None)
    factories.make_story(headline="Tram works", status=Story.Status.PUBLISHED, published_at=local(2021, 5, 1))

    with CaptureQueriesContext(connection) as queries:
        years = editor_client.get(CHANGELIST, {"q": "ferry"})
    months = editor_client.get(CHANGELIST, {"q": "ferry", "published_at__year": 2023})

    assertContains(years, "4 stories")
    assertContains(years, 'href="?published_at__year=2019&amp;q=ferry"')
    assertContains(years, 'href="?published_at__year=2023&amp;q=ferry"')
    assertNotContains(years, "published_at__year=2021")
    assertContains(months, "2 stories")
    assertContains(months, 'href="?published_at__month=2&amp;published_at__year=2023&amp;q=ferry"')
    assertContains(months, 'href="?published_at__month=9&amp;published_at__year=2023&amp;q=ferry"')
    statements = [" ".join(query["sql"].split()).upper() for query in queries]
    assert not [sql for sql in statements if "COUNT(" in sql and "STORIES_STORY" in sql]
    assert not [sql for sql in statements if "MIN(" in sql or "DATE_TRUNC" in sql or "DJANGO_DATETIME" in sql]


def test_show_counts_leaves_a_searched_lists_count_its_own(editor_client):
    """The facet counts build the list again with one filter left out; the list's count stays its own."""
    section = factories.make_section(name="Harbour")
    factories.make_story(headline="Ferry strike", section=section, status=Story.Status.PUBLISHED)
    factories.make_story(headline="Ferry fares", status=Story.Status.PUBLISHED)

    response = editor_client.get(
        CHANGELIST, {"q": "ferry", "section__id__exact": section.pk, "_facets": "True"}
    )

    assert [story.headline for story in response.context["cl"].result_list] == ["Ferry strike"]
    assert response.context["cl"].result_count == 1
    assertContains(response, "1 story")
