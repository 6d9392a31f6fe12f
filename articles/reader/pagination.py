"""Pages of a story list that never count the archive.

Django's Paginator counts every matching story to print "page 3 of 812"; at 100,000 stories
that COUNT is the slowest query of a section or author page, and readers only ever want
newer or older stories. This paginator fetches one story more than a page holds: if it
comes back, there is an older page. A page past the end is empty, and answers 404.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


class UncountedPaginator(Paginator):
    uncounted = True  # the pagination template prints no "of N"

    def validate_number(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return UncountedPage(rows[: self.per_page], number, self, has_older=len(rows) > self.per_page)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_older):
        super().__init__(object_list, number, paginator)
        self.has_older = has_older

    def has_next(self):
        return self.has_older

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)
