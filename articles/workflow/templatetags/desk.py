"""The desk on the admin index: `{% desk %}` renders the lists of articles/workflow/desk.py for the user."""

from django import template

from articles.workflow.desk import desk_lists

register = template.Library()


@register.inclusion_tag("admin/workflow/includes/desk.html", takes_context=True)
def desk(context):
    # Like the admin's own {% get_admin_log %} on this page: the index view has no hook for extra context.
    return {"desk": desk_lists(user=context["request"].user)}
