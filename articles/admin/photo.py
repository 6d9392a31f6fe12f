from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.admin.base import RefusalStatusMixin
from articles.models import Photo, Story
from articles.photo_metadata import read_metadata
from articles.photo_services import (
    EXPIRY_WARNING_DAYS,
    IngestResult,
    IngestStatus,
    house_credit,
    photo_ingest,
    photo_swap,
    published_stories_using_expiring_photos,
)
from articles.services import photo_create


class PhotoAdminForm(forms.ModelForm):
    """Batch uploads may arrive without alt text; whoever edits a photo supplies it,
    unless they mark the photo decorative."""

    def clean(self):
        cleaned_data = super().clean()
        if "alt_text" in self.fields and not cleaned_data.get("alt_text", "").strip():
            if not cleaned_data.get("decorative"):
                self.add_error(
                    "alt_text",
                    ValidationError(
                        "Describe the picture, or mark the photo as decorative.", code="alt_text_required"
                    ),
                )
        return cleaned_data


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


class AltTextFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing alt text")), ("present", _("Has alt text"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.missing_alt_text()
        if self.value() == "present":
            return queryset.exclude(alt_text="")
        return queryset


class LicenceFilter(admin.SimpleListFilter):
    title = _("licence")
    parameter_name = "licence"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("Expires within %(days)s days") % {"days": EXPIRY_WARNING_DAYS}),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "expiring":
            return queryset.expiring_within(EXPIRY_WARNING_DAYS)
        if self.value() == "expired":
            return queryset.exclude(pk__in=Photo.objects.usable().values("pk"))
        return queryset


@admin.register(Photo)
class PhotoAdmin(RefusalStatusMixin, admin.ModelAdmin):
    change_list_template = "admin/articles/photo/change_list.html"
    list_display = (
        "thumbnail",
        "caption_and_credit",
        "photographer",
        "source",
        "dimensions",
        "usable_until",
        "uploaded_at",
    )
    list_display_links = ("thumbnail", "caption_and_credit")
    list_filter = (
        UsageFilter,
        AltTextFilter,
        LicenceFilter,
        "source",
        ("uploaded_by", admin.RelatedOnlyFieldListFilter),
        "uploaded_at",
    )
    search_fields = (
        "caption",
        "credit",
        "photographer",
        "source",
        "headline",
        "alt_text",
        "original_filename",
        "tags__name",
    )
    date_hierarchy = "uploaded_at"
    list_per_page = 40
    readonly_fields = (
        "focal_point_picker",
        "dimensions",
        "original_filename",
        "provenance",
        "uploaded_by",
        "uploaded_at",
        "used_in",
    )
    fieldsets = (
        (None, {"fields": ("image", "focal_point_picker", ("focal_x", "focal_y"))}),
        (_("For readers"), {"fields": ("caption", "credit", "alt_text", "decorative", "headline", "tags")}),
        (
            _("Rights"),
            {"fields": ("photographer", "source", "copyright_notice", "usable_until", "provenance")},
        ),
        (
            _("File"),
            {
                "fields": (
                    "date_taken",
                    "dimensions",
                    "original_filename",
                    "uploaded_by",
                    "uploaded_at",
                    "used_in",
                )
            },
        ),
    )

    class Media:
        css = {"all": ["articles/admin/newsroom_admin.css"]}
        js = ["articles/admin/focal_point.js"]

    def get_urls(self):
        def view(function, *, atomic=True):
            wrapped = self.admin_site.admin_view(function)
            # Each uploaded file is its own transaction inside photo_ingest, so a
            # stored file is removed when its row is not written.
            return wrapped if atomic else transaction.non_atomic_requests(wrapped)

        return [
            path("<int:pk>/preview/", view(self.preview_view), name="articles_photo_preview"),
            path(
                "batch-upload/",
                view(self.batch_upload_view, atomic=False),
                name="articles_photo_batch_upload",
            ),
            path(
                "batch-upload/file/",
                view(self.batch_upload_file_view, atomic=False),
                name="articles_photo_batch_upload_file",
            ),
            path("licences/", view(self.licences_view), name="articles_photo_licences"),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, form=PhotoAdminForm, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").with_renditions()

    # --- views -----------------------------------------------------------------------------------

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
                "usable": photo.is_usable(),
            }
        )

    def batch_upload_view(self, request):
        """The batch upload page; without JavaScript its form posts every file here at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        results = []
        status = 200
        if request.method == "POST":
            allow_similar = bool(request.POST.get("allow_similar"))
            results = [self._ingest(request, file, allow_similar) for file in request.FILES.getlist("files")]
            if not results or all(result["status"] == "refused" for result in results):
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload photos"),
            "results": results,
            "max_megabytes": settings.PHOTO_MAX_UPLOAD_BYTES // (1024 * 1024),
        }
        return TemplateResponse(request, "admin/articles/photo/batch_upload.html", context, status=status)

    def batch_upload_file_view(self, request):
        """One file of a batch, posted by the page's script; answers JSON with the result."""
        if not self.has_add_permission(request):
            return JsonResponse({"status": "refused", "message": "You may not add photos."}, status=403)
        if request.method != "POST":
            return JsonResponse({"status": "refused", "message": "Send the file with POST."}, status=405)
        files = request.FILES.getlist("file")
        if len(files) != 1:
            return JsonResponse({"status": "refused", "message": "Send exactly one file."}, status=400)
        result = self._ingest(request, files[0], bool(request.POST.get("allow_similar")))
        return JsonResponse(result, status=result.pop("http_status"))

    def licences_view(self, request):
        """Published stories whose photos' licences end within a week, each with a one-step swap."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        status = 200
        if request.method == "POST":
            status = self._swap_from_post(request)
            if status == 302:
                return HttpResponseRedirect(request.path)
        expiring = list(
            Photo.objects.expiring_within(EXPIRY_WARNING_DAYS).used().order_by("usable_until", "pk")
        )
        rows = [
            (photo, list(Story.objects.published().using_photo(photo).only("pk", "headline")))
            for photo in expiring
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Licences expiring within %(days)s days") % {"days": EXPIRY_WARNING_DAYS},
            "rows": [(photo, stories) for photo, stories in rows if stories],
        }
        return TemplateResponse(request, "admin/articles/photo/licences.html", context, status=status)

    def changelist_view(self, request, extra_context=None):
        warnings = 0
        if self.has_change_permission(request):
            warnings = published_stories_using_expiring_photos().count()
        extra_context = {**(extra_context or {}), "expiry_warnings": warnings}
        return super().changelist_view(request, extra_context)

    def _ingest(self, request, file, allow_similar: bool) -> dict:
        try:
            result = photo_ingest(
                file=file,
                uploaded_by=request.user,
                original_filename=file.name,
                allow_similar=allow_similar,
            )
        except ValidationError as refusal:
            return {
                "status": "refused",
                "name": file.name,
                "message": " ".join(refusal.messages),
                "code": refusal.code,
                "http_status": 413 if refusal.code == "too_large" else 400,
            }
        return self._result_json(result)

    def _result_json(self, result: IngestResult) -> dict:
        data = {"status": str(result.status), "name": result.original_filename, "message": result.message}
        if result.photo is not None:
            data["photo"] = _photo_json(result.photo)
        data["similar"] = [
            {
                **_photo_json(similar.photo),
                "message": similar.message,
                "stories": [
                    {"headline": s.headline, "url": reverse("admin:articles_story_change", args=[s.pk])}
                    for s in similar.stories
                ],
            }
            for similar in result.similar
        ]
        data["notes"] = result.notes
        data["http_status"] = 201 if result.status == IngestStatus.CREATED else 409
        return data

    def _swap_from_post(self, request) -> int:
        old = Photo.objects.filter(pk=request.POST.get("old")).first()
        new_pk = request.POST.get("new", "").strip()
        new = Photo.objects.filter(pk=new_pk).first() if new_pk.isdigit() else None
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

    # --- saving ----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            _fill_blanks_from_metadata(obj)
            photo_create(photo=obj, uploaded_by=request.user)

    # --- columns and read-only fields ------------------------------------------------------------

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return format_html(
            '<img class="photo-thumbnail" src="{}" alt="{}" width="96" loading="lazy">',
            _thumbnail_url(photo),
            photo.alt_text,
        )

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, photo):
        if not photo.pk:
            return "—"
        return format_html(
            '<div class="focal-point-picker" data-x="{}" data-y="{}">'
            '<img src="{}" alt="{}"><span class="focal-point-marker" hidden></span></div>'
            '<p class="help">Click on the most important point of the picture; crops keep it in frame.</p>',
            "" if photo.focal_x is None else photo.focal_x,
            "" if photo.focal_y is None else photo.focal_y,
            photo.image.url,
            photo.alt_text,
        )

    @admin.display(description=_("caption (credit)"))
    def caption_and_credit(self, photo):
        return photo.caption_with_credit()

    @admin.display(description=_("provenance"))
    def provenance(self, photo):
        return photo.provenance_label or photo.digital_source_type or "—"

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else "—"

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
                        reverse("admin:articles_story_change", args=[story.pk]),
                        story.headline,
                        _("lead photo") if story.lead_photo_id == photo.pk else _("in the body"),
                    )
                    for story in stories
                ),
            ),
        )


def _thumbnail_url(photo: Photo) -> str:
    """The smallest whole-picture rendition (prefetched by with_renditions), else the original."""
    renditions = [rendition for rendition in getattr(photo, "rendition_list", []) if not rendition.crop]
    return renditions[0].file.url if renditions else photo.image.url


def _photo_json(photo: Photo) -> dict:
    return {
        "id": photo.pk,
        "url": reverse("admin:articles_photo_change", args=[photo.pk]),
        "thumbnail_url": photo.image.url,
        "caption_with_credit": photo.caption_with_credit(),
    }


def _fill_blanks_from_metadata(photo: Photo) -> None:
    """The single-photo form: fill what the editor left empty from the file's IPTC/XMP."""
    metadata = read_metadata(photo.image.file)
    for name in ("caption", "photographer", "source", "copyright_notice", "headline", "digital_source_type"):
        if not getattr(photo, name):
            setattr(photo, name, getattr(metadata, name)[: Photo._meta.get_field(name).max_length or None])
    if not photo.credit:
        photo.credit = metadata.credit or house_credit(photographer=photo.photographer, agency=photo.source)
    photo.date_taken = photo.date_taken or metadata.date_taken
