"""The photo library as the newsroom sees it: which stories use each photo, the licence-expiry page
with its one-step swap, and edits that keep the descriptions live stories print. Extends the photos
app's PhotoAdmin from here, so photos never depends on stories."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.photos.admin import EXPIRY_WARNING_DAYS, PhotoAdmin
from articles.photos.models import Photo
from articles.stories.models import InlinePhoto, Story, photos_used_in_stories
from articles.workflow.photo_services import live_story_description_gaps
from articles.workflow.services import photo_swap


def published_stories_using_expiring_photos(days: int = EXPIRY_WARNING_DAYS):
    """Published stories showing a photo whose licence ends within `days` days (lead or inline)."""
    expiring = Photo.objects.expiring_within(days).values("pk")
    # One "pk IN (… UNION ALL …)" from the photos' side: written "lead IN … OR inline IN …" over a
    # join, PostgreSQL read every published story to test each (50 ms at 100,000 stories).
    showing = (
        Story.objects.filter(lead_photo__in=expiring)
        .values("pk")
        .union(InlinePhoto.objects.filter(photo__in=expiring).values("parent_id"), all=True)
    )
    return Story.objects.published().filter(pk__in=showing)


class UsageFilter(admin.SimpleListFilter):
    title = _("use in stories")
    parameter_name = "usage"

    def lookups(self, request, model_admin):
        return [("used", _("Used in a story")), ("unused", _("Not used"))]

    def queryset(self, request, queryset):
        used = photos_used_in_stories().values("pk")
        if self.value() == "used":
            return queryset.filter(pk__in=used)
        if self.value() == "unused":
            return queryset.exclude(pk__in=used)
        return queryset


class NewsroomPhotoAdmin(PhotoAdmin):
    # The form and the save (photo_update) refuse to let a live story lose a photo's descriptions.
    check_uses = staticmethod(live_story_description_gaps)
    list_filter = (UsageFilter, *PhotoAdmin.list_filter)
    readonly_fields = (*PhotoAdmin.readonly_fields, "used_in")
    fieldsets = (
        *PhotoAdmin.fieldsets[:-1],
        (PhotoAdmin.fieldsets[-1][0], {"fields": (*PhotoAdmin.fieldsets[-1][1]["fields"], "used_in")}),
    )

    def get_urls(self):
        licences = self.admin_site.admin_view(self.licences_view)
        return [path("licences/", licences, name="photos_photo_licences"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        warnings = 0
        if self.has_change_permission(request):
            warnings = published_stories_using_expiring_photos().count()
        extra_context = {**(extra_context or {}), "expiry_warnings": warnings}
        return super().changelist_view(request, extra_context)

    def licences_view(self, request):
        """Published stories whose photos' licences end within a week, each with a one-step swap."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        status = 200
        if request.method == "POST":
            status = self._swap_from_post(request)
            if status == 302:
                return HttpResponseRedirect(request.path)
        expiring = photos_used_in_stories().expiring_within(EXPIRY_WARNING_DAYS)
        rows = [
            (photo, list(Story.objects.published().using_photo(photo).only("pk", "headline")))
            for photo in expiring.order_by("usable_until", "pk")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Licences expiring within %(days)s days") % {"days": EXPIRY_WARNING_DAYS},
            "rows": [(photo, stories) for photo, stories in rows if stories],
        }
        return TemplateResponse(request, "admin/photos/photo/licences.html", context, status=status)

    def _swap_from_post(self, request) -> int:
        old, new = _photo_numbered(request.POST.get("old")), _photo_numbered(request.POST.get("new"))
        if old is None or new is None:
            messages.error(request, _("Give the number of a photo in the library to swap in."))
            return 400
        try:
            stories = photo_swap(old=old, new=new, user=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return 400
        messages.success(
            request,
            _("Photo %(new)s now replaces photo %(old)s in %(count)s stories.")
            % {"new": new.pk, "old": old.pk, "count": len(stories)},
        )
        return 302

    @admin.display(description=_("used in"))
    def used_in(self, photo):
        if not photo.pk:
            return _("No story uses this photo.")
        stories = Story.objects.using_photo(photo).only("pk", "headline", "lead_photo_id")
        if not stories:
            return _("No story uses this photo.")
        return format_html(
            '<ul class="photo-usage">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:stories_story_change", args=[story.pk]),
                        story.headline,
                        _("lead photo") if story.lead_photo_id == photo.pk else _("in the body"),
                    )
                    for story in stories
                ),
            ),
        )


def _photo_numbered(number: str | None) -> Photo | None:
    """The library photo a form field names by number; None for an unknown number or anything else typed."""
    number = (number or "").strip()
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    return Photo.objects.filter(pk=int(number)).first() if number.isdecimal() else None


admin.site.unregister(Photo)
admin.site.register(Photo, NewsroomPhotoAdmin)
