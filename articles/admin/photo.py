from django.contrib import admin
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.admin.base import RefusalStatusMixin
from articles.models import Photo, Story
from articles.services import photo_create


class UsageFilter(admin.SimpleListFilter):
    title = _("use in stories")
    parameter_name = "usage"

    def lookups(self, request, model_admin):
        return [("used", _("Used in a story")), ("unused", _("Not used"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.used()
        if self.value() == "unused":
            return queryset.unused()
        return queryset


@admin.register(Photo)
class PhotoAdmin(RefusalStatusMixin, admin.ModelAdmin):
    list_display = ("thumbnail", "caption_and_credit", "photographer", "source", "dimensions", "uploaded_at")
    list_display_links = ("thumbnail", "caption_and_credit")
    list_filter = (UsageFilter, "source", "uploaded_at")
    search_fields = ("caption", "credit", "photographer", "source", "alt_text", "original_filename")
    date_hierarchy = "uploaded_at"
    list_per_page = 40
    readonly_fields = ("preview", "dimensions", "original_filename", "uploaded_by", "uploaded_at", "used_in")
    fieldsets = (
        (None, {"fields": ("image", "preview")}),
        (_("For readers"), {"fields": ("caption", "credit", "alt_text", "decorative")}),
        (_("Rights"), {"fields": ("photographer", "source", "copyright_notice")}),
        (
            _("File"),
            {"fields": ("dimensions", "original_filename", "uploaded_by", "uploaded_at", "used_in")},
        ),
    )

    class Media:
        css = {"all": ["articles/admin/newsroom_admin.css"]}

    def get_urls(self):
        preview = path(
            "<int:pk>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_photo_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, pk):
        """Thumbnail and printed caption for the photo chooser, as JSON."""
        if not self.has_view_permission(request):
            raise Http404
        photo = Photo.objects.filter(pk=pk).first()
        if photo is None:
            raise Http404("No such photo.")
        return JsonResponse(
            {
                "id": photo.pk,
                "thumbnail_url": photo.image.url,
                "alt_text": photo.alt_text,
                "caption_with_credit": photo.caption_with_credit(),
            }
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            photo_create(photo=obj, uploaded_by=request.user)

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return format_html(
            '<img class="photo-thumbnail" src="{}" alt="{}" width="96" loading="lazy">',
            photo.image.url,
            photo.alt_text,
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width: 480px; height: auto">', photo.image.url, photo.alt_text
        )

    @admin.display(description=_("caption (credit)"))
    def caption_and_credit(self, photo):
        return photo.caption_with_credit()

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else "—"

    @admin.display(description=_("used in"))
    def used_in(self, photo):
        stories = Story.objects.using_photo(photo).only("pk", "headline") if photo.pk else []
        if not stories:
            return _("No story uses this photo.")
        return format_html(
            '<ul class="photo-usage">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (reverse("admin:articles_story_change", args=[story.pk]), story.headline)
                    for story in stories
                ),
            ),
        )
