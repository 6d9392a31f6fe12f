"""The story form's autosave: the endpoint its script posts to, the offer to restore, restore and discard.

A restore renders the change form bound to the copy's data, as if the editor had just posted it
and it had been refused: every field, inline and body block comes back exactly, and nothing is
saved until the editor presses Save, which is the normal admin save with its stale-save check.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.stories.models import Story
from articles.workflow.autosave import (
    AUTOSAVE_MAX_BYTES,
    autosave_form_data,
    autosave_query_dict,
    story_autosave_discard,
    story_autosave_for,
    story_autosave_save,
)
from articles.workflow.models import StoryRevision

# "?autosave=restore" on the add or change form brings the editor's copy back into it.
RESTORE_PARAMETER = "autosave"
# How often the form's script looks for unsaved edits to send.
AUTOSAVE_SECONDS = 5
SIGNED_OUT = (
    "You are signed out, so no draft copy was kept just now. Sign in again in another tab: "
    "your edits are still in this form, and copies are kept again once you are back."
)


def _clock(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def _refusal(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class StoryAutosaveAdminMixin:
    """Story admin views and hooks for the per-editor autosaved copy of the change form."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "add/autosave/", self._signed_in_or_401(self.autosave_view), name="stories_story_autosave_new"
            ),
            path(
                "add/autosave/discard/",
                wrap(self.autosave_discard_view),
                name="stories_story_autosave_new_discard",
            ),
            path(
                "<int:object_id>/autosave/",
                self._signed_in_or_401(self.autosave_view),
                name="stories_story_autosave",
            ),
            path(
                "<int:object_id>/autosave/discard/",
                wrap(self.autosave_discard_view),
                name="stories_story_autosave_discard",
            ),
            *super().get_urls(),
        ]

    def _signed_in_or_401(self, view):
        """`view` behind the admin's sign-in; a signed-out script gets a sentence, not the login page.

        Redirected to the login page, the script's request would end in a 200 page of HTML and
        the editor would never learn that the copies stopped.
        """
        admin_view = self.admin_site.admin_view(view)  # its CSRF check runs once signed in

        # Exempt from the CSRF middleware only so that the sign-in is asked first: a signed-out
        # browser may have lost its CSRF cookie too, and would get the middleware's HTML 403.
        @csrf_exempt
        @wraps(view)
        def signed_in_view(request, *args, **kwargs):
            if not self.admin_site.has_permission(request):
                return _refusal(SIGNED_OUT, 401)
            return admin_view(request, *args, **kwargs)

        return signed_in_view

    def autosave_view(self, request, object_id=None):
        """Keep the posted form as the editor's copy; JSON either way, a refusal with a sentence."""
        if request.method != "POST":
            return _refusal("Send the draft copy with POST.", 405)
        story = None
        if object_id is not None:
            story = Story.objects.filter(pk=object_id).first()
            if story is None:
                return _refusal("This story no longer exists, so its draft copy was not kept.", 404)
        too_large = f"This draft copy is larger than {AUTOSAVE_MAX_BYTES // 1000} kB and was not kept."
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            return _refusal("The request's length could not be read.", 400)
        if length > AUTOSAVE_MAX_BYTES:
            return _refusal(too_large, 413)  # refused before the body is read
        try:
            form_data = autosave_form_data(request.body)
        except RequestDataTooBig:
            return _refusal(too_large, 413)
        except ValidationError as error:
            return _refusal(" ".join(error.messages), 413 if error.code == "too_large" else 400)
        try:
            autosave = story_autosave_save(story=story, user=request.user, form_data=form_data)
        except PermissionDenied as error:
            return _refusal(str(error) or "You may not change this story.", 403)
        return JsonResponse(
            {
                "saved_at": autosave.saved_at.isoformat(),
                "status": f"Saved draft copy at {_clock(autosave.saved_at)}",
            }
        )

    def autosave_discard_view(self, request, object_id=None):
        if request.method != "POST":
            return require_POST(lambda request: None)(request)
        story = None
        if object_id is not None:
            story = self._story_or_404(request, object_id)
        autosave = story_autosave_for(story=story, user=request.user)
        story_autosave_discard(story=story, user=request.user)
        if autosave is not None:
            self.message_user(
                request,
                f"Your unsaved changes from {_clock(autosave.saved_at)} were discarded.",
                messages.SUCCESS,
            )
        if story is None:
            return HttpResponseRedirect(reverse("admin:stories_story_add"))
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and request.GET.get(RESTORE_PARAMETER) == "restore":
            story = (
                Story.objects.filter(pk=object_id).first() if object_id and object_id.isdecimal() else None
            )
            autosave = None
            if object_id is None or story is not None:
                autosave = story_autosave_for(story=story, user=request.user)
            if autosave is None:
                self.message_user(request, "There are no unsaved changes to restore.", messages.WARNING)
                return HttpResponseRedirect(request.path)
            # Read by get_form and get_formset_kwargs below, for this request only.
            request.story_autosave_restoring = autosave
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        autosave = getattr(request, "story_autosave_restoring", None)
        if autosave is None:
            return form
        data = autosave_query_dict(autosave)

        class RestoredForm(form):
            # Bound on a GET, so the form shows the copy; the stale check waits for the real save.
            restoring_autosave = True

            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)

        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        autosave = getattr(request, "story_autosave_restoring", None)
        editable = inline.has_change_permission(request, obj) or inline.has_add_permission(request, obj)
        # View-only inlines (the audit trail) show what is stored now, not what the copy saw.
        if autosave is not None and editable and f"{prefix}-TOTAL_FORMS" in autosave.form_data:
            kwargs["data"] = autosave_query_dict(autosave)
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self._autosave_context(request, obj, add))
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def _autosave_context(self, request, story, add):
        may_write = self.has_add_permission(request) if add else self.has_change_permission(request, story)
        if not may_write:
            return {}
        if add:
            urls = (
                reverse("admin:stories_story_autosave_new"),
                reverse("admin:stories_story_autosave_new_discard"),
            )
        else:
            urls = (
                reverse("admin:stories_story_autosave", args=[story.pk]),
                reverse("admin:stories_story_autosave_discard", args=[story.pk]),
            )
        autosave_context = {
            "autosave_url": urls[0],
            "autosave_discard_url": urls[1],
            "autosave_seconds": AUTOSAVE_SECONDS,
        }
        restoring = getattr(request, "story_autosave_restoring", None)
        if restoring is not None:
            autosave_context["autosave_restored"] = restoring
            if story is not None and restoring.base_revision is not None:
                autosave_context["autosave_saved_since"] = (
                    StoryRevision.objects.filter(story=story, number__gt=restoring.base_revision)
                    .order_by("-number")
                    .first()
                )
        elif request.method == "GET":
            offer = story_autosave_for(story=story, user=request.user)
            if offer is not None:
                autosave_context["autosave_offer"] = offer
                autosave_context["autosave_offer_is_older"] = (
                    story is not None and offer.saved_at < story.updated_at
                )
                autosave_context["autosave_restore_url"] = f"{request.path}?{RESTORE_PARAMETER}=restore"
        return autosave_context

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved for real: the editor's copy (of this story, or of the new story just created) has served.
        story_autosave_discard(story=form.instance if change else None, user=request.user)
