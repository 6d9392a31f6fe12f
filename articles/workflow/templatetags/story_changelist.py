"""The story changelist's date drill-down, overridable per model like Django's own admin tags."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from articles.workflow.changelist import story_date_hierarchy

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
