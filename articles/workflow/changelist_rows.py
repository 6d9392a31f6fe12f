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

from django.contrib.admin.templatetags.admin_list import ResultList, result_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html

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
    empty = str(cl.model_admin.get_empty_value_display())
    # Once per page rather than once per row: the change address (reverse() is 20 µs a row) and
    # the date format.
    change_url = cl.url_for_result(SimpleNamespace(**{cl.pk_attname: PK_PLACEHOLDER}))
    date_format = formats.get_format("DATETIME_FORMAT")
    context["results"] = [
        ResultList(None, _cells(cl, story, empty, change_url, date_format)) for story in rows
    ]
    return context


def _cells(cl: ChangeList, story: Story, empty: str, change_url: str, date_format: str) -> list[str]:
    admin = cl.model_admin
    url = change_url.replace(PK_PLACEHOLDER, quote(str(story.pk)), 1)
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    opener = format_html(' data-popup-opener="{}"', story.pk) if cl.is_popup else ""
    published_at = (
        dateformat.format(timezone.template_localtime(story.published_at), date_format)
        if story.published_at
        else empty
    )
    return [
        format_html('<td class="action-checkbox">{}</td>', admin.action_checkbox(story)),
        format_html(
            '<th class="field-headline"><a href="{}"{}>{}</a></th>', url, opener, story.headline or empty
        ),
        format_html('<td class="field-section nowrap">{}</td>', story.section if story.section_id else empty),
        format_html('<td class="field-status_badge">{}</td>', admin.status_badge(story)),
        format_html('<td class="field-byline_names">{}</td>', admin.byline_names(story).strip() or empty),
        format_html('<td class="field-published_at nowrap">{}</td>', published_at),
    ]
