"""The story changelist at archive scale: counts, the byline filter and the date drill-down, none
of which reads the whole archive.

Django's defaults each scan every story once per page view: the paginator counts them,
`RelatedOnlyFieldListFilter` collects the distinct authors of all bylines, and `date_hierarchy`
truncates every publication time to find which years (months, days) have stories. At 100,000
stories each costs tens of milliseconds on PostgreSQL; here each is answered from an index or the
planner's statistics, in the same number of queries at any size.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from articles.search.matching import stories_among
from articles.stories.models import Byline

# A filtered list is counted up to this many stories; beyond it the list says "more than 10,000".
COUNT_CAP = 10_000
# The unfiltered list of a table at least this large takes PostgreSQL's estimate of its size.
ESTIMATE_FROM = 10_000
# More candidate periods than this (a stray publication time in year 1) and the drill-down scans.
MAX_PERIOD_PROBES = 100
# Period bounds no story has, compiled into the probe and replaced by each period's own.
_PROBE_START = datetime(1, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
_PROBE_END = datetime(1, 1, 3, 4, 5, 6, 7, tzinfo=UTC)


class ArchivePaginator(Paginator):
    """A paginator whose count costs the same at 100 stories as at 100,000.

    The unfiltered list on PostgreSQL takes the table's row estimate (`pg_class.reltuples`, kept
    by autovacuum's ANALYZE) once the table is large; any other list counts up to COUNT_CAP rows.
    `count_is_estimate` and `count_is_capped` tell the templates to say so. Both are one query.
    """

    count_is_estimate = False
    count_is_capped = False
    # Set when the list's size is already known (a search's matches): then no query counts it.
    known_count: int | None = None

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        queryset = self.object_list
        # LIMIT inside the count: the database stops after COUNT_CAP + 1 rows.
        capped = queryset.order_by().values("pk")[: COUNT_CAP + 1]
        connection = connections[queryset.db]
        if queryset.query.where or connection.vendor != "postgresql":
            counted = capped.count()
        else:
            counted = self._estimate_or_count(connection, capped)
        if counted > COUNT_CAP and not self.count_is_estimate:
            self.count_is_capped = True
            return COUNT_CAP
        return counted

    def _estimate_or_count(self, connection, capped: QuerySet) -> int:
        # The CASE runs the capped count only when the estimate says the table is small (or was
        # never analyzed: reltuples is -1), so this stays one query whichever branch answers.
        sql, params = capped.query.sql_with_params()  # the ORM's SQL; values stay parameters
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "  # noqa: S608 - values are parameters
                f"ELSE (SELECT COUNT(*) FROM ({sql}) capped) END, reltuples >= %s "
                "FROM pg_class WHERE oid = %s::regclass",
                [
                    ESTIMATE_FROM,
                    *params,
                    ESTIMATE_FROM,
                    connection.ops.quote_name(capped.model._meta.db_table),
                ],
            )
            counted, estimated = cursor.fetchone()
        self.count_is_estimate = bool(estimated)
        return int(counted)


class BylinedAuthorFilter(admin.RelatedFieldListFilter):
    """The authors with at least one byline, as RelatedOnlyFieldListFilter lists them.

    Asked author by author through the byline table's author index (a few probes), where
    RelatedOnlyFieldListFilter reads the distinct authors of every story's bylines. Every
    reader of the story list reads every story (permissions.py), so the choices are the same.
    """

    def field_choices(self, field, request, model_admin):
        bylined = Q(Exists(Byline.objects.filter(author=OuterRef("pk"))))
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=bylined, ordering=ordering)


def _period_starts(first: datetime, last: datetime, kind: str) -> list[datetime]:
    """The local starts of every year, month or day from `first` to `last` (both local), in order."""
    starts, current = (
        [],
        first.replace(
            month=1 if kind == "year" else first.month,
            day=1 if kind in ("year", "month") else first.day,
            hour=0,
            minute=0,
            second=0,
            microsecond=0,
            tzinfo=None,
        ),
    )
    while current <= last.replace(tzinfo=None) and len(starts) <= MAX_PERIOD_PROBES:
        starts.append(current)
        current = _next_period(current, kind)
    return starts


def _next_period(start: datetime, kind: str) -> datetime:
    if kind == "year":
        return start.replace(year=start.year + 1)
    if kind == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return datetime.fromordinal(start.toordinal() + 1)


def periods_with_rows(
    queryset: QuerySet, field_name: str, kind: str, first: datetime, last: datetime
) -> list[datetime]:
    """The starts of the years, months or days between `first` and `last` in which `queryset` has a row.

    One query: a UNION of one branch per candidate period, each asking the index on `field_name`
    for the first row of that period (`SELECT n FROM (… ORDER BY field LIMIT 1)`: PostgreSQL
    drops the ORDER BY of an EXISTS and may then scan the table, and SQLite refuses a bare LIMIT
    in a compound query). The branch is compiled once and its period bounds swapped in per
    period: compiled by the ORM for each period it cost 0.6 ms a period, 13 ms for an archive
    that goes back 22 years. Like QuerySet.datetimes(), periods are in the current time zone and
    returned aware.
    """
    starts = _period_starts(timezone.localtime(first), timezone.localtime(last), kind)
    if len(starts) > MAX_PERIOD_PROBES:
        return list(queryset.datetimes(field_name, kind))
    if not starts:
        return []
    connection = connections[queryset.db]
    field = queryset.model._meta.get_field(field_name)
    bounds = [
        (timezone.make_aware(start), timezone.make_aware(_next_period(start, kind))) for start in starts
    ]
    # Ordered by the field, so the planner walks its index: unordered, LIMIT 1 may seq-scan a
    # table whose rows of that period all sit at the far end.
    probe = (
        queryset.filter(**{f"{field_name}__gte": _PROBE_START, f"{field_name}__lt": _PROBE_END})
        .order_by(field_name)
        .values("pk")[:1]
    )
    sql, params = probe.query.sql_with_params()
    prepared = [field.get_db_prep_value(value, connection) for value in (_PROBE_START, _PROBE_END)]
    at = [params.index(value) for value in prepared]
    branches, branch_params = [], []
    for number, (start, end) in enumerate(bounds):
        params_of_period = list(params)
        for index, value in zip(at, (start, end), strict=True):
            params_of_period[index] = field.get_db_prep_value(value, connection)
        branches.append(f"SELECT {number} FROM ({sql}) probe")  # noqa: S608 - values are parameters
        branch_params.extend(params_of_period)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), branch_params)
        found = {number for (number,) in cursor.fetchall()}
    return [timezone.make_aware(start) for number, start in enumerate(starts) if number in found]


class StoryChangeList(ChangeList):
    """The story list, keeping the keys and publication times its search found (if any).

    StoryAdmin.get_search_results leaves them on the request as `story_search_matches`; they
    are taken from the list's own queryset only, not from the ones "Show counts" builds with a
    filter left out. The date drill-down of a search is then worked out from them.
    """

    search_matches: list[tuple[int, datetime | None]] | None = None

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if exclude_parameters is None:
            self.search_matches = getattr(request, "story_search_matches", None)
        return queryset

    def get_results(self, request):
        super().get_results(request)
        window = self._search_page_window(request)
        if window is not None:
            # Only the matches this page can hold are read, not all of them sorted for their
            # newest 50 (a search keeps up to 500: 3.5 of its 5 ms at 100,000 stories).
            start, keys = window
            offset = (self.page_num - 1) * self.list_per_page - start
            self.result_list = stories_among(self.queryset, keys)[offset : offset + self.list_per_page]

    def _search_page_window(self, request) -> tuple[int, list[int]] | None:
        """Where this page's share of a search's matches starts, and their keys, or None to read them all.

        The matches are in publication order, newest first, so in a list in that order this page
        holds those at its own positions, widened over any published at the same moment as the
        first or last (the list breaks such ties its own way).
        """
        matches = self.search_matches
        if matches is None or not self.multi_page or (self.show_all and self.can_show_all):
            return None
        if self.get_ordering(request, self.queryset)[:1] != ["-published_at"]:
            return None
        start = (self.page_num - 1) * self.list_per_page
        end = min(start + self.list_per_page, len(matches))
        first, last = matches[start][1], matches[end - 1][1]
        while start > 0 and matches[start - 1][1] == first:
            start -= 1
        while end < len(matches) and matches[end][1] == last:
            end += 1
        return start, [key for key, _ in matches[start:end]]


def periods_of(times: list[datetime | None], kind: str) -> list[datetime]:
    """The distinct local starts of the years, months or days of `times`, in order, as
    QuerySet.datetimes() gives them."""
    zone = timezone.get_current_timezone()
    starts = set()
    for time in times:
        if time is not None:
            local = time.astimezone(zone)  # 500 times: timezone.localtime() took 3 ms
            starts.add((local.year, 1 if kind == "year" else local.month, local.day if kind == "day" else 1))
    return [timezone.make_aware(datetime(*start)) for start in sorted(starts)]


class _IndexedPeriods:
    """The changelist's queryset as Django's date_hierarchy reads it, finding periods by index probes.

    date_hierarchy asks `aggregate(first=Min, last=Max)` at the top level (two index lookups),
    then `datetimes(field, kind)` (a scan of every row); the latter is answered by
    periods_with_rows within the range date_hierarchy has already narrowed to.
    """

    def __init__(self, changelist):
        self._changelist = changelist
        self._range = None

    def aggregate(self, **aggregates):
        times = self._search_times()
        if times is not None and set(aggregates) == {"first", "last"}:
            known = [time for time in times if time is not None]
            self._range = {"first": min(known, default=None), "last": max(known, default=None)}
        else:
            self._range = self._changelist.queryset.aggregate(**aggregates)
        return self._range

    def datetimes(self, field_name, kind):
        times = self._search_times()
        if times is not None and field_name == "published_at":
            return periods_of(times, kind)
        if self._changelist.query.strip():
            # A search keeps at most NEWEST_MATCHES stories (StoryAdmin.get_search_results): their
            # periods are read from them directly. Probed period by period, each probe would
            # join those matches to every story of its period.
            return self._changelist.queryset.datetimes(field_name, kind)
        params = self._changelist.params
        if self._range and self._range["first"] is not None:
            first, last = self._range["first"], self._range["last"]
        elif f"{field_name}__year" not in params:
            return []  # nothing to list: no story has a publication time
        else:
            # A drilled-down year, or month of a year, chosen in the address.
            year = int(params[f"{field_name}__year"])
            month = int(params.get(f"{field_name}__month", 0)) or None
            start = datetime(year, month or 1, 1)
            first = timezone.make_aware(start)
            last = timezone.make_aware(
                _next_period(start, "month" if month else "year") - timedelta(microseconds=1)
            )
        return periods_with_rows(self._changelist.queryset, field_name, kind, first, last)

    def _search_times(self) -> list[datetime | None] | None:
        """The publication times of a search's matches (the whole list), when the list has them."""
        matches = getattr(self._changelist, "search_matches", None)
        if matches is None or self._changelist.date_hierarchy != "published_at":
            return None
        return [time for _, time in matches]


class _DateHierarchyChangeList:
    """A changelist whose queryset answers date_hierarchy through _IndexedPeriods."""

    def __init__(self, changelist):
        self._changelist = changelist
        self.queryset = _IndexedPeriods(changelist)

    def __getattr__(self, name):
        return getattr(self._changelist, name)


def story_date_hierarchy(changelist) -> dict:
    """Django's date_hierarchy context for `changelist`, with its periods found from the index."""
    return date_hierarchy(_DateHierarchyChangeList(changelist))
