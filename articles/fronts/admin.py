"""The fronts admin: every front at a glance, a page to arrange one now or at a time, and cancelling.

Arrangements are never edited in place (each is a moment of the front's history), so the admin
offers no change or delete form: every write goes through articles/fronts/services.py.
Editors only (the roles table grants fronts.add/delete/view_arrangement); anyone else gets 403
on every route, checked here on the server.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.fronts.forms import FrontArrangeForm
from articles.fronts.models import FRONT_SLOTS, Arrangement, Slot
from articles.fronts.overview import front_state, fronts_overview
from articles.fronts.services import front_arrange, front_schedule, front_schedule_cancel
from articles.stories.models import Section, Story


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    overview_template = "admin/fronts/arrangement/overview.html"
    arrange_template = "admin/fronts/arrangement/arrange.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.changelist_view), name="fronts_arrangement_changelist"),
            path("add/", wrap(self.add_view), name="fronts_arrangement_add"),
            path("arrange/<str:front>/", wrap(self.arrange_view), name="fronts_arrangement_arrange"),
            path("<int:arrangement_id>/cancel/", wrap(self.cancel_view), name="fronts_arrangement_cancel"),
        ]

    def has_change_permission(self, request, obj=None):
        return False  # an arrangement is history: a new one replaces it

    # The overview: every front, what is live and what is scheduled.

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied("Only editors may see and arrange the fronts.")
        return self._overview(request, fronts_overview(now=timezone.now()))

    def _overview(self, request, fronts, *, status=200, error=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Fronts",
            "subtitle": None,
            "fronts": fronts,
            "now": timezone.now(),
            "can_arrange": self.has_add_permission(request),
            "can_cancel": self.has_delete_permission(request),
            "error": error,
        }
        return TemplateResponse(request, self.overview_template, context, status=status)

    def add_view(self, request, form_url="", extra_context=None):
        # "Add" on the admin index: arranging starts from the home page's front.
        if not self.has_add_permission(request):
            raise PermissionDenied("Only editors may arrange the fronts.")
        return HttpResponseRedirect(reverse("admin:fronts_arrangement_arrange", args=["home"]))

    # Arranging one front.

    def arrange_view(self, request, front):
        if not self.has_add_permission(request):
            raise PermissionDenied("Only editors may arrange the fronts.")
        section = self._front_section(front)
        now = timezone.now()
        state = front_state(section=section, now=now)
        if request.method == "POST":
            form = FrontArrangeForm(request.POST)
            if form.is_valid():
                try:
                    arrangement = self._save(request, form, section)
                except ValidationError as error:
                    status = 409 if getattr(error, "code", None) == "stale" else 400
                    form.add_error(None, error)
                else:
                    messages.success(request, self._saved_message(arrangement))
                    return HttpResponseRedirect(reverse("admin:fronts_arrangement_changelist"))
            else:
                status = 400
            stories = self._posted_stories(request.POST.getlist("slots"))
        else:
            status = 200
            form = FrontArrangeForm(initial={"live_id": state.live.pk if state.live else None})
            stories = [slot.story for slot in state.live.slots.all()] if state.live else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Arrange the front: {state.name}",
            "subtitle": None,
            "front": state,
            "form": form,
            "rows": self._rows(stories),
            "now": now,
            "time_zone": settings.TIME_ZONE,
            "media": self.media + AutocompleteSelect(self._story_field(), self.admin_site).media,
        }
        return TemplateResponse(request, self.arrange_template, context, status=status)

    def _save(self, request, form, section):
        stories, takes_effect_at = form.cleaned_data["slots"], form.cleaned_data["takes_effect_at"]
        if takes_effect_at is not None:
            return front_schedule(
                section=section, stories=stories, user=request.user, takes_effect_at=takes_effect_at
            )
        return front_arrange(
            section=section,
            stories=stories,
            user=request.user,
            check_stale=True,
            expected_live_id=form.cleaned_data["live_id"],
        )

    @staticmethod
    def _saved_message(arrangement: Arrangement) -> str:
        if arrangement.takes_effect_at > timezone.now():
            when = f"{timezone.localtime(arrangement.takes_effect_at):%Y-%m-%d %H:%M:%S}"
            return f"The {arrangement.front_name} front will change at {when}."
        return f"The {arrangement.front_name} front is live."

    @staticmethod
    def _front_section(front: str) -> Section | None:
        if front == "home":
            return None
        if not front.isdigit():
            raise Http404("No such front.")
        return get_object_or_404(Section, pk=int(front))

    @staticmethod
    def _posted_stories(values: list[str]) -> list[Story | None]:
        """The stories an editor had chosen, to show them again with the refusal (nothing lost)."""
        ids = [int(value) for value in values if value.strip().isdigit()]
        found = Story.objects.in_bulk(ids)
        return [found.get(story_id) for story_id in ids]

    def _rows(self, stories: list[Story | None]) -> list[dict]:
        widget = AutocompleteSelect(self._story_field(), self.admin_site)
        stories = [story for story in stories if story is not None][:FRONT_SLOTS]
        stories += [None] * (FRONT_SLOTS - len(stories))
        return [
            {
                "position": position,
                "story": story,
                "attrs": widget.build_attrs(
                    {"id": f"id_slot_{position}", "aria-label": f"Story in slot {position}"}
                ),
            }
            for position, story in enumerate(stories, start=1)
        ]

    @staticmethod
    def _story_field():
        return Slot._meta.get_field("story")

    # Cancelling a scheduled change.

    def cancel_view(self, request, arrangement_id):
        return require_POST(self._cancel)(request, arrangement_id)

    def _cancel(self, request, arrangement_id):
        if not self.has_delete_permission(request):
            raise PermissionDenied("Only editors may cancel a scheduled change of a front.")
        arrangement = get_object_or_404(Arrangement.objects.select_related("section"), pk=arrangement_id)
        try:
            front_schedule_cancel(arrangement=arrangement, user=request.user)
        except ValidationError as error:
            return self._overview(
                request, fronts_overview(now=timezone.now()), status=409, error=" ".join(error.messages)
            )
        when = f"{timezone.localtime(arrangement.takes_effect_at):%Y-%m-%d %H:%M:%S}"
        messages.success(
            request, f"The change of the {arrangement.front_name} front at {when} was cancelled."
        )
        return HttpResponseRedirect(reverse("admin:fronts_arrangement_changelist"))
