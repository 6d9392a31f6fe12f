"""Admin refusals answer with a 4xx status, shared by every app's ModelAdmin."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


class RefusalStatusMixin:
    """Answer refused admin submissions with a 4xx status, not 200.

    Django re-renders an invalid form (or a refused delete) with status 200; the
    newsroom's rule is that every refusal is a 4xx, which also keeps monitoring and
    tests honest. The page and the editor's input are unchanged.
    """

    def changeform_view(self, request, *args, **kwargs):
        response = super().changeform_view(request, *args, **kwargs)
        if (
            request.method == "POST"
            and isinstance(response, TemplateResponse)
            and response.context_data.get("errors")
        ):
            response.status_code = 400
        return response

    def changelist_view(self, request, extra_context=None):
        # Django silently re-renders the list for an action the user may not run;
        # a crafted POST for one (say, publishing by a reporter) is refused instead.
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied(f"You are not allowed to run the action “{action}”.")
        return super().changelist_view(request, extra_context)

    def delete_view(self, request, *args, **kwargs):
        return self._conflict_if_protected(request, super().delete_view(request, *args, **kwargs))

    def response_action(self, request, queryset, **kwargs):
        return self._conflict_if_protected(request, super().response_action(request, queryset, **kwargs))

    @staticmethod
    def _conflict_if_protected(request, response):
        if (
            request.method == "POST"
            and isinstance(response, TemplateResponse)
            and response.context_data.get("protected")
        ):
            response.status_code = 409
        return response
