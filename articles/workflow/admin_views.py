"""The story admin's workflow pages: presence pings, revision history, diffs, restores and preview links
(made from the form only after its edits are saved)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.stories.models import Story
from articles.workflow.models import PreviewLink, StoryRevision
from articles.workflow.presence import HEARTBEAT_SECONDS, presence_touch
from articles.workflow.previews import preview_link_create, preview_link_revoke, preview_url
from articles.workflow.revisions import (
    SnapshotNotRestorable,
    snapshot_diff,
    story_revision_restore,
)


class StoryWorkflowAdminMixin:
    """Story admin views for presence, history, diff, restore and preview links."""

    object_history_template = "admin/stories/story/object_history.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/presence/", wrap(self.presence_view), name="stories_story_presence"),
            path(
                "<int:object_id>/history/compare/",
                wrap(self.revision_compare_view),
                name="stories_story_revision_compare",
            ),
            path(
                "<int:object_id>/history/<int:number>/restore/",
                wrap(self.revision_restore_view),
                name="stories_story_revision_restore",
            ),
            path(
                "<int:object_id>/previews/",
                wrap(self.preview_create_view),
                name="stories_story_preview_create",
            ),
            path(
                "<int:object_id>/previews/<int:link_id>/revoke/",
                wrap(self.preview_revoke_view),
                name="stories_story_preview_revoke",
            ),
            *super().get_urls(),
        ]

    def _story_or_404(self, request, object_id, *, change=False):
        story = get_object_or_404(Story, pk=object_id)
        allowed = (
            self.has_change_permission(request, story) if change else self.has_view_permission(request, story)
        )
        if not allowed:
            raise PermissionDenied("You do not have permission to do this to this story.")
        return story

    def presence_view(self, request, object_id):
        story = self._story_or_404(request, object_id)
        return JsonResponse({"others": presence_touch(story_pk=story.pk, user=request.user)})

    def history_view(self, request, object_id, extra_context=None):
        story = self._story_or_404(request, object_id)
        revisions = story.revisions.order_by("-number")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": story,
            "revisions": revisions,
            "can_restore": self.has_change_permission(request, story),
            "title": f"History: {story}",
            "subtitle": None,
        }
        return TemplateResponse(request, self.object_history_template, context)

    def revision_compare_view(self, request, object_id):
        story = self._story_or_404(request, object_id)
        try:
            first, second = int(request.GET["a"]), int(request.GET["b"])
        except (KeyError, ValueError):
            return self._refuse(request, story, "Choose two revisions to compare.")
        old, new = sorted((first, second))
        revisions = {revision.number: revision for revision in story.revisions.filter(number__in=(old, new))}
        if old not in revisions or new not in revisions:
            raise Http404("No such revision of this story.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": story,
            "old": revisions[old],
            "new": revisions[new],
            "changes": snapshot_diff(revisions[old].snapshot, revisions[new].snapshot),
            "can_restore": self.has_change_permission(request, story),
            "title": f"Revision {old} → {new}: {story}",
            "subtitle": None,
        }
        return TemplateResponse(request, "admin/stories/story/revision_compare.html", context)

    def _refuse(self, request, story, message, status=400):
        self.message_user(request, message, messages.ERROR)
        response = self.history_view(request, str(story.pk))
        response.status_code = status
        return response

    def revision_restore_view(self, request, object_id, number):
        if request.method != "POST":
            return require_POST(lambda request: None)(request)
        story = self._story_or_404(request, object_id, change=True)
        revision = get_object_or_404(StoryRevision, story=story, number=number)
        try:
            new = story_revision_restore(revision=revision, user=request.user)
        except (SnapshotNotRestorable, ValidationError) as error:
            message = error.messages if isinstance(error, ValidationError) else [str(error)]
            return self._refuse(request, story, " ".join(message), status=409)
        self.message_user(
            request,
            f"Restored revision {revision.number}; it is now revision {new.number}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))

    def preview_create_view(self, request, object_id):
        if request.method != "POST":
            return require_POST(lambda request: None)(request)
        story = self._story_or_404(request, object_id, change=True)
        if story.is_published():
            self.message_user(request, "This story is already public; share its address.", messages.WARNING)
        else:
            link = preview_link_create(
                story=story, user=request.user, note=request.POST.get("preview_note", "")
            )
            self.message_user(
                request,
                f"Preview link created, valid until {timezone.localtime(link.expires_at):%Y-%m-%d %H:%M}: "
                f"{request.build_absolute_uri(preview_url(link))}",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))

    def response_change(self, request, obj):
        if "_save_and_preview" not in request.POST:
            return super().response_change(request, obj)
        # "Save and create preview link": the edits were saved by the normal save; now the link shows them.
        if obj.is_published():
            self.message_user(
                request,
                "Your edits were saved. This story is public, so share its address.",
                messages.WARNING,
            )
        else:
            link = preview_link_create(
                story=obj, user=request.user, note=request.POST.get("preview_note", "")
            )
            self.message_user(
                request,
                f"Your edits were saved and a preview link made, valid until "
                f"{timezone.localtime(link.expires_at):%Y-%m-%d %H:%M}: "
                f"{request.build_absolute_uri(preview_url(link))}",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[obj.pk]))

    def preview_revoke_view(self, request, object_id, link_id):
        if request.method != "POST":
            return require_POST(lambda request: None)(request)
        story = self._story_or_404(request, object_id, change=True)
        link = get_object_or_404(PreviewLink, pk=link_id, story=story)
        preview_link_revoke(link=link, user=request.user)
        self.message_user(request, "The preview link no longer works.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))

    def workflow_context(self, request, story, form):
        """What the change form shows above the fields: presence, banners, conflicts, problems."""
        context = {"heartbeat_seconds": HEARTBEAT_SECONDS}
        if story is None or story.pk is None:
            return context
        context["editing_others"] = presence_touch(story_pk=story.pk, user=request.user)
        context["presence_url"] = reverse("admin:stories_story_presence", args=[story.pk])
        context["is_scheduled"] = story.is_scheduled()
        embargo = story.embargo_ends_at
        context["under_embargo"] = embargo is not None and embargo > timezone.now()
        context["conflict_changes"] = getattr(form, "conflict_changes", None)
        links = story.preview_links.prefetch_related("openings")
        # A working link shares the story outside the newsroom: its address is for those who may change it.
        can_share = self.has_change_permission(request, story)
        context["can_create_preview"] = can_share and not story.is_published()
        if request.method == "POST" and "_save_and_preview" in request.POST:
            # Shown again because the save was refused: a link made now would show the old version.
            context["preview_refused"] = (
                "No preview link was made: a preview shows the saved story, and your edits could not be "
                "saved. Correct what is marked below, then press “Save and create preview link” again."
            )
        context["preview_links"] = [
            (link, request.build_absolute_uri(preview_url(link)) if can_share else "") for link in links
        ]
        return context
