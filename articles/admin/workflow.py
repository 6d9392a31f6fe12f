"""The workflow parts of the story admin: conflict detection, presence, photo checks,
notes, audit trail, revision history/diff/restore and preview links."""

from __future__ import annotations

import time

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.models import AuditEntry, PreviewLink, Story, StoryNote, StoryRevision
from articles.previews import preview_url
from articles.revisions import SnapshotNotRestorable, snapshot_diff
from articles.services import (
    preview_link_create,
    preview_link_revoke,
    story_publication_problems,
    story_revision_create,
    story_revision_restore,
    user_can_publish,
)

# "NAME is editing this story": each open change form pings every HEARTBEAT seconds;
# someone not seen for PRESENCE_TIMEOUT seconds has left.
HEARTBEAT_SECONDS = 20
PRESENCE_TIMEOUT = 60


def _presence_key(story_pk) -> str:
    return f"story-presence:{story_pk}"


def presence_touch(*, story_pk, user) -> list[str]:
    """Record that `user` has the story open; return the names of the others who have it open."""
    now = time.time()
    seen = {
        user_id: entry
        for user_id, entry in (cache.get(_presence_key(story_pk)) or {}).items()
        if now - entry["seen"] < PRESENCE_TIMEOUT
    }
    seen[user.pk] = {"name": user.get_full_name() or user.get_username(), "seen": now}
    cache.set(_presence_key(story_pk), seen, PRESENCE_TIMEOUT)
    return sorted(entry["name"] for user_id, entry in seen.items() if user_id != user.pk)


def latest_revision_number(story_pk) -> int:
    return StoryRevision.objects.filter(story_id=story_pk).aggregate(last=Max("number"))["last"] or 0


class StoryAdminForm(forms.ModelForm):
    """The story form, refusing to save over changes made since the editor opened it."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Story
        fields = "__all__"  # noqa: DJ007 - StoryAdmin.fieldsets choose the fields shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict_changes = None
        if self.instance.pk and not self.is_bound:
            self.initial["opened_revision"] = latest_revision_number(self.instance.pk)

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        opened = cleaned_data.get("opened_revision") or 0
        latest = StoryRevision.objects.filter(story_id=self.instance.pk).order_by("-number").first()
        if latest is not None and latest.number != opened:
            opened_revision = StoryRevision.objects.filter(story_id=self.instance.pk, number=opened).first()
            if opened_revision is not None:
                self.conflict_changes = snapshot_diff(opened_revision.snapshot, latest.snapshot)
            else:
                self.conflict_changes = []
            # The next save, made after reading what changed, is a deliberate overwrite.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_revision")] = latest.number
            raise ValidationError(
                "Changed by %(name)s at %(time)s since you opened it. Your edits are kept below; "
                "check what changed, then save again to keep your version.",
                code="stale",
                params={
                    "name": latest.user_name or "someone",
                    "time": f"{timezone.localtime(latest.created_at):%Y-%m-%d %H:%M:%S}",
                },
            )
        return cleaned_data


class InlinePhotoFormSet(forms.BaseInlineFormSet):
    """Refuse to publish while the lead photo or any inline photo lacks caption, credit or alt text."""

    def clean(self):
        super().clean()
        story = self.instance
        if story.status != Story.Status.PUBLISHED:
            return
        inline_photos = [
            (form.cleaned_data["photo"], form.cleaned_data.get("caption", ""))
            for form in sorted(self.forms, key=lambda form: form.cleaned_data.get("ordering") or 0)
            if form.cleaned_data.get("photo") and not (self.can_delete and self._should_delete_form(form))
        ]
        problems = story_publication_problems(story=story, inline_photos=inline_photos)
        if problems:
            raise ValidationError(["This story cannot be published yet.", *problems], code="publish_blocked")


class StoryNoteInline(admin.TabularInline):
    model = StoryNote
    fields = ("kind", "text", "created_at")
    readonly_fields = ("created_at",)
    extra = 0
    verbose_name_plural = _("Corrections and updates (printed at the end of the story)")

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return obj is not None and user_can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditEntryInline(admin.TabularInline):
    model = AuditEntry
    fields = ("at", "action", "user_name", "detail")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("Audit trail")
    classes = ("collapse",)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "story", "user_name", "detail")
    list_filter = ("action",)
    list_select_related = ("story",)
    search_fields = ("story__headline", "user_name", "detail")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class StoryWorkflowAdminMixin:
    """Story admin views for presence, history, diff, restore and preview links."""

    object_history_template = "admin/articles/story/object_history.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/presence/", wrap(self.presence_view), name="articles_story_presence"),
            path(
                "<int:object_id>/history/compare/",
                wrap(self.revision_compare_view),
                name="articles_story_revision_compare",
            ),
            path(
                "<int:object_id>/history/<int:number>/restore/",
                wrap(self.revision_restore_view),
                name="articles_story_revision_restore",
            ),
            path(
                "<int:object_id>/previews/",
                wrap(self.preview_create_view),
                name="articles_story_preview_create",
            ),
            path(
                "<int:object_id>/previews/<int:link_id>/revoke/",
                wrap(self.preview_revoke_view),
                name="articles_story_preview_revoke",
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            # Stories written before revisions existed (or by scripts) get a baseline
            # revision when first opened, so a later conflict can show what changed.
            story = Story.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
            if (
                story is not None
                and not story.revisions.exists()
                and self.has_view_permission(request, story)
            ):
                story_revision_create(story=story, user=None, comment="Baseline: the story as first opened")
        return super().change_view(request, object_id, form_url, extra_context)

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
        return TemplateResponse(request, "admin/articles/story/revision_compare.html", context)

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
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

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
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    def preview_revoke_view(self, request, object_id, link_id):
        if request.method != "POST":
            return require_POST(lambda request: None)(request)
        story = self._story_or_404(request, object_id, change=True)
        link = get_object_or_404(PreviewLink, pk=link_id, story=story)
        preview_link_revoke(link=link, user=request.user)
        self.message_user(request, "The preview link no longer works.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    def workflow_context(self, request, story, form):
        """What the change form shows above the fields: presence, banners, conflicts, problems."""
        context = {"heartbeat_seconds": HEARTBEAT_SECONDS}
        if story is None or story.pk is None:
            return context
        context["editing_others"] = presence_touch(story_pk=story.pk, user=request.user)
        context["presence_url"] = reverse("admin:articles_story_presence", args=[story.pk])
        context["is_scheduled"] = story.is_scheduled()
        context["conflict_changes"] = getattr(form, "conflict_changes", None)
        links = story.preview_links.prefetch_related("openings")
        context["preview_links"] = [(link, request.build_absolute_uri(preview_url(link))) for link in links]
        context["current_snapshot_number"] = latest_revision_number(story.pk)
        return context
