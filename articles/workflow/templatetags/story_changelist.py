"""The story changelist's date drill-down and rows, overridable per model like Django's own admin tags."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from articles.workflow.changelist import story_date_hierarchy
from articles.workflow.changelist_rows import story_result_list

register = template.Library()


@register.tag(name="story_date_hierarchy")
def story_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        "story_date_hierarchy",
        parser,
        token,
        func=story_date_hierarchy,
        template_name="date_hierarchy.html",
        takes_context=False,
    )


@register.tag(name="story_result_list")
def story_result_list_tag(parser, token):
    return InclusionAdminNode(
        "story_result_list",
        parser,
        token,
        func=story_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
