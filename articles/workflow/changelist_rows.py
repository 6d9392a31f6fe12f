"""The rows of the story changelist, written out column by column.

Django's admin builds every cell alike: it looks the column up by name, picks a display
function for the value, translates the empty-value dash and formats the markup, for each of
the 300 cells of a 50-row page; that was 13 ms of a 35 ms page at 100,000 stories. The
columns of StoryAdmin.list_display are known, so each is written out here, with the markup
Django's own `items_for_result` gives (tests/workflow/test_changelist_rows.py compares the two).
A list whose columns are not those, or one with editable fields, keeps Django's rows.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import ResultList, result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.utils import dateformat, formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.stories.models import Story

# Stands for a row's primary key in the change address (letters only: admin's quote() keeps them).
PK_PLACEHOLDER = "ROWPRIMARYKEY"
COLUMNS = ("action_checkbox", "headline", "section", "status_badge", "byline_names", "published_at")


def story_result_list(cl: ChangeList) -> dict:
    """The context of admin/change_list_results.html for `cl`, as Django's `result_list` tag gives it."""
    if tuple(cl.list_display) != COLUMNS or tuple(cl.list_display_links) != ("headline",) or cl.formset:
        return result_list(cl)
    rows = cl.result_list
    cl.result_list = []  # the headers and hidden fields from Django, without its rows
    try:
        context = result_list(cl)
    finally:
        cl.result_list = rows
    context["results"] = [ResultList(None, cells) for cells in _RowWriter(cl).rows(rows)]
    return context


class _RowWriter:
    """Writes the cells of each row; what every row shares is worked out once per page.

    Once per page rather than once per row: the change address with the list's filters kept
    (reverse() and the query merge were 25 µs a row), the date format, the status badges, the
    checkbox label and the clock that tells scheduled stories apart.
    """

    def __init__(self, cl: ChangeList):
        self.admin, self.popup = cl.model_admin, cl.is_popup
        self.empty = str(self.admin.get_empty_value_display())
        change_url = cl.url_for_result(SimpleNamespace(**{cl.pk_attname: PK_PLACEHOLDER}))
        self.change_url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, change_url
        )
        self.date_format = formats.get_format("DATETIME_FORMAT")
        self.checkbox_label = str(_("Select this object for an action - {}"))
        self.now = timezone.now()
        self.badges = {}

    def rows(self, stories) -> list[list[str]]:
        return [self.cells(story) for story in stories]

    def cells(self, story: Story) -> list[str]:
        empty, pk = self.empty, str(story.pk)
        url = self.change_url.replace(PK_PLACEHOLDER, quote(pk), 1)
        opener = f' data-popup-opener="{escape(pk)}"' if self.popup else ""
        published_at = (
            dateformat.format(timezone.template_localtime(story.published_at), self.date_format)
            if story.published_at
            else empty
        )
        label = self.checkbox_label.format(escape(str(story)))  # the translation itself is trusted
        section = escape(story.section) if story.section_id else empty
        return [
            mark_safe(  # noqa: S308 - every value is escaped above or here
                f'<td class="action-checkbox"><input type="checkbox" name="{ACTION_CHECKBOX_NAME}" '
                f'value="{escape(pk)}" class="action-select" aria-label="{label}"></td>'
            ),
            mark_safe(  # noqa: S308
                f'<th class="field-headline"><a href="{escape(url)}"{opener}>'
                f"{escape(story.headline) if story.headline else empty}</a></th>"
            ),
            mark_safe(f'<td class="field-section nowrap">{section}</td>'),  # noqa: S308
            mark_safe(f'<td class="field-status_badge">{self.badge(story)}</td>'),  # noqa: S308
            mark_safe(  # noqa: S308
                f'<td class="field-byline_names">{escape(story_byline_names(story).strip()) or empty}</td>'
            ),
            mark_safe(f'<td class="field-published_at nowrap">{escape(published_at)}</td>'),  # noqa: S308
        ]

    def badge(self, story: Story) -> str:
        state = story_status_state(story, self.now)
        if state not in self.badges:
            self.badges[state] = story_status_badge(state)
        return self.badges[state]


def story_byline_names(story: Story) -> str:
    """The byline column: the authors' names in byline order, else the desk byline.

    Read from the annotated rows (`with_bylines()`) where the list has them, without building
    Byline objects.
    """
    if not hasattr(story, "byline_rows"):
        return ", ".join(byline.author.name for byline in story.ordered_bylines) or story.desk_byline
    rows = sorted(story.byline_rows or (), key=lambda row: row["position"])
    return ", ".join(row["author"]["name"] for row in rows) or story.desk_byline


def story_status_state(story: Story, now=None) -> str:
    """The story's status as the list shows it: "scheduled" for a published story still to come."""
    return "scheduled" if story.is_scheduled(now) else story.status


def story_status_badge(state: str) -> str:
    """The badge of the status column for a `story_status_state()`."""
    label = _("Scheduled") if state == "scheduled" else Story.Status(state).label
    return format_html('<span class="story-status story-status--{}">{}</span>', state, label)
