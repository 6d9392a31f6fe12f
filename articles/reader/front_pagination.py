"""Pages of a section front: the editors' top slots on the first page, then the stories newest first.

Still one story query per page, index-friendly: the page's newest stories are picked by a
LIMIT subquery over the section's index (pinned stories left out, so none shows twice), and
the first page's pinned stories join them by primary key (`with_front`).
"""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import EmptyPage

from articles.fronts.composition import front_compose, newest_first
from articles.fronts.models import Slot, live_arrangement_id, with_front
from articles.reader.pagination import UncountedPage, UncountedPaginator
from articles.stories.models import Section, Story


class FrontPaginator(UncountedPaginator):
    """`object_list` (filtered and ordered newest first) picks each page's stories; its rows are loaded
    here with `for_listing()`. Each page has `top_stories`: the front's slots on page 1, else empty."""

    def __init__(self, object_list, per_page, *, section: Section, now: datetime) -> None:
        super().__init__(object_list, per_page)
        self.section = section
        self.now = now

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        pinned = Slot.objects.filter(arrangement_id=live_arrangement_id(self.section, now=self.now))
        newest = self.object_list.exclude(pk__in=pinned.values("story_id")).values("pk")
        rows = Story.objects.filter(pk__in=newest[bottom : bottom + self.per_page + 1])
        if number == 1:
            front = front_compose(
                with_front(rows, section=self.section, now=self.now).for_listing(), unarranged_lead=False
            )
            fetched = sum(1 for story in front.top if not story.front_position) + len(front.rest)
            top, listed = front.top, front.rest[: self.per_page - (fetched - len(front.rest))]
        else:
            top, listed = [], newest_first(rows.for_listing())
            fetched = len(listed)
            if not listed:
                raise EmptyPage(self.error_messages["no_results"])
        page = UncountedPage(listed[: self.per_page], number, self, has_older=fetched > self.per_page)
        page.top_stories = top
        return page
