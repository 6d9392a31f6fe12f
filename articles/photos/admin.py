"""The photo library in the admin: search and filters, batch upload, the single-photo form, focal points.

Every new file goes through `photo_ingest` and every replaced file through
`photo_replace_file`, so each upload is inspected, hashed and decoded once.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.availability.disk import DiskFull, is_disk_full
from articles.photos.chooser import (
    chooser_photo_view,
    chooser_search_view,
    chooser_upload_view,
    original_url,
    photo_json,
    refusal,
    thumbnail_url,
)
from articles.photos.inspection import inspect_image
from articles.photos.metadata import DIGITAL_SOURCE_TYPE_BASE, DIGITAL_SOURCE_TYPES
from articles.photos.models import Photo
from articles.photos.services import (
    IngestResult,
    IngestStatus,
    live_story_refusal,
    photo_delete,
    photo_descriptions_lost,
    photo_ingest,
    photo_renditions_retry,
    photo_replace_file,
    photo_update,
    photos_similar_to,
)
from articles.refusals import RefusalStatusMixin

logger = logging.getLogger(__name__)

PHOTO_NOT_SAVED_DISK_FULL = (
    "The server's disk is full; the photo was not saved. Tell the newsroom's administrator."
)

# The desk is warned this many days before a licence ends.
EXPIRY_WARNING_DAYS = 7


class PhotoAdminForm(forms.ModelForm):
    """The single-photo form. A new or replaced file is inspected here, once, and refused with a
    message when it is not an acceptable image, is already in the library, or looks like a library
    photo (unless "save anyway" is ticked). Whoever edits a photo supplies alt text, unless they
    mark it decorative, and keeps the descriptions that stories readers see print (`check_uses`,
    set by the admin)."""

    check_uses = None

    image = forms.FileField(
        label=_("image file"),
        help_text=_("A JPEG, PNG or WebP file. The original is kept; readers get resized copies."),
    )
    allow_similar = forms.BooleanField(
        label=_("Save even if it looks like a library photo"),
        required=False,
        help_text=_("Tick to keep a second copy of a picture the library already has."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facts = None
        if self.instance.pk:
            self.fields["image"].required = False
            # A plain file input: the default one links the stored file's private address, and the
            # picture is already shown by the focal point picker.
            self.fields["image"].widget = forms.FileInput()
            self.fields["image"].help_text = _("Choose a new file to replace the picture in every story.")
        if "digital_source_type" in self.fields:
            self.fields["digital_source_type"] = _digital_source_type_field(
                self.fields["digital_source_type"], self.instance.digital_source_type
            )

    def clean_image(self):
        file = self.cleaned_data.get("image")
        if not file or file == self.initial.get("image"):
            return self.instance.image if self.instance.pk else file
        self.facts = inspect_image(file)
        duplicate = Photo.objects.exclude(pk=self.instance.pk).filter(checksum=self.facts.checksum).first()
        if duplicate is not None:
            raise ValidationError(
                "This file is already in the library as photo %(pk)s: %(photo)s.",
                code="duplicate",
                params={"pk": duplicate.pk, "photo": duplicate},
            )
        return file

    def clean(self):
        cleaned_data = super().clean()
        if self.facts is not None and not self.instance.pk and not cleaned_data.get("allow_similar"):
            similar = photos_similar_to(self.facts.perceptual_hash)
            if similar:
                self.add_error(
                    "image",
                    ValidationError(
                        "%(messages)s Tick “Save even if it looks like a library photo” to keep it anyway.",
                        code="similar",
                        params={"messages": " ".join(match.message for match in similar)},
                    ),
                )
        typed = Photo(
            alt_text=cleaned_data.get("alt_text", ""), decorative=bool(cleaned_data.get("decorative"))
        )
        if "alt_text" in self.fields and not typed.is_accessible():
            self.add_error(
                "alt_text",
                ValidationError(
                    "Describe the picture, or mark the photo as decorative.", code="alt_text_required"
                ),
            )
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what the desk typed
        lost = photo_descriptions_lost(photo=self.instance, check_uses=self.check_uses)
        if lost:
            self.add_error(
                None,
                ValidationError(live_story_refusal(self.instance, lost), code="photo_in_live_story"),
            )


def _digital_source_type_field(model_field: forms.Field, current: str) -> forms.ChoiceField:
    """A choice of the IPTC vocabulary; a value from a file that is not in it stays choosable."""
    choices = [
        ("", _("Not stated")),
        *((DIGITAL_SOURCE_TYPE_BASE + code, label) for code, label in DIGITAL_SOURCE_TYPES.items()),
    ]
    if current and current not in dict(choices):
        choices.append((current, current))
    return forms.ChoiceField(
        label=model_field.label, help_text=model_field.help_text, choices=choices, required=False
    )


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
    change_list_template = "admin/photos/photo/change_list.html"
    list_display = (
        "thumbnail",
        "caption_and_credit",
        "photographer",
        "source",
        "dimensions",
        "renditions_state",
        "usable_until",
        "uploaded_at",
    )
    list_display_links = ("thumbnail", "caption_and_credit")
    actions = ["retry_renditions"]
    list_filter = (
        "renditions_status",
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
        "keywords__name",
    )
    date_hierarchy = "uploaded_at"
    list_per_page = 40
    readonly_fields = (
        "focal_point_picker",
        "renditions_state",
        "dimensions",
        "original_filename",
        "provenance",
        "uploaded_by",
        "uploaded_at",
    )
    fieldsets = (
        (None, {"fields": ("image", "focal_point_picker", ("focal_x", "focal_y"))}),
        (
            _("For readers"),
            {"fields": ("caption", "credit", "alt_text", "decorative", "headline", "keywords")},
        ),
        (
            _("Rights"),
            {
                "fields": (
                    "photographer",
                    "source",
                    "copyright_notice",
                    "usable_until",
                    "digital_source_type",
                    "provenance",
                )
            },
        ),
        (
            _("File"),
            {
                "fields": (
                    "renditions_state",
                    "date_taken",
                    "dimensions",
                    "original_filename",
                    "uploaded_by",
                    "uploaded_at",
                )
            },
        ),
    )

    # "Add photo": the file, then what the desk wants to say; the rest comes from the file's metadata.
    add_fieldsets = (
        (None, {"fields": ("image", "allow_similar")}),
        (_("For readers"), {"fields": ("caption", "credit", "alt_text", "decorative", "headline")}),
        (
            _("Rights"),
            {"fields": ("photographer", "source", "copyright_notice", "usable_until", "digital_source_type")},
        ),
    )

    # Given the photo as it would be saved, one sentence per story use it would leave undescribed.
    # The photos app knows no stories: the workflow app's admin supplies it.
    check_uses = None

    class Media:
        css = {"all": ["photos/admin/newsroom_admin.css"]}
        js = ["photos/admin/focal_point.js"]

    def get_urls(self):
        def view(function, *, atomic=True):
            wrapped = self.admin_site.admin_view(function)
            # Each uploaded file is its own transaction inside photo_ingest, so a
            # stored file is removed when its row is not written.
            return wrapped if atomic else transaction.non_atomic_requests(wrapped)

        return [
            path("<int:pk>/preview/", view(self.preview_view), name="photos_photo_preview"),
            path("chooser/photo/", view(self.chooser_photo_view), name="photos_photo_chooser_photo"),
            path("chooser/search/", view(self.chooser_search_view), name="photos_photo_chooser_search"),
            path(
                "chooser/upload/",
                view(self.chooser_upload_view, atomic=False),
                name="photos_photo_chooser_upload",
            ),
            path("<int:pk>/original/", view(self.original_view), name="photos_photo_original"),
            path("<int:pk>/thumbnail/", view(self.thumbnail_view), name="photos_photo_thumbnail"),
            path(
                "batch-upload/",
                view(self.batch_upload_view, atomic=False),
                name="photos_photo_batch_upload",
            ),
            path(
                "batch-upload/file/",
                view(self.batch_upload_file_view, atomic=False),
                name="photos_photo_batch_upload_file",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, form=PhotoAdminForm, **kwargs)
        form.check_uses = None if self.check_uses is None else staticmethod(self.check_uses)
        return form

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").with_renditions()

    # --- views -----------------------------------------------------------------------------------

    def original_view(self, request, pk):
        """The original file, for the desk only: originals live in private storage readers never reach."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        photo = Photo.objects.filter(pk=pk).first()
        if photo is None:
            raise Http404("No such photo.")
        return FileResponse(photo.image.open("rb"), content_type=f"image/{photo.image_format}")

    def thumbnail_view(self, request, pk):
        """A redirect to the photo's smallest whole-picture rendition (the original until one is made).

        The chooser of a reopened story shows each chosen photo through it: the original itself
        may be tens of megabytes, read through Django, for a preview 160 pixels wide.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        photo = Photo.objects.filter(pk=pk).first()
        if photo is None:
            raise Http404("No such photo.")
        return HttpResponseRedirect(thumbnail_url(photo))

    def preview_view(self, request, pk):
        """Thumbnail and printed caption of photo `pk`, as JSON (the chooser asks chooser/photo/?id=)."""
        if not self.has_view_permission(request):
            return refusal("You may not see the photo library.", 403)
        photo = Photo.objects.filter(pk=pk).first()
        if photo is None:
            return refusal(f"There is no photo {pk} in the library.", 404)
        return JsonResponse(photo_json(photo))

    # The chooser's endpoints (articles/photos/chooser.py).

    def chooser_photo_view(self, request):
        return chooser_photo_view(self, request)

    def chooser_search_view(self, request):
        return chooser_search_view(self, request)

    def chooser_upload_view(self, request):
        try:
            return chooser_upload_view(self, request)
        except OSError as error:
            if not is_disk_full(error):
                raise
            # The file is spooled to FILE_UPLOAD_TEMP_DIR while the request is read.
            logger.warning("Disk full while reading a chooser upload: %s", error)
            return JsonResponse(_disk_full_result(""), status=507)

    def batch_upload_view(self, request):
        """The batch upload page; without JavaScript its form posts every file here at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        results = []
        status = 200
        if request.method == "POST":
            try:
                files = request.FILES.getlist("files")
                allow_similar = bool(request.POST.get("allow_similar"))
            except OSError as error:
                if not is_disk_full(error):
                    raise
                # The files are spooled to FILE_UPLOAD_TEMP_DIR while the request is read.
                logger.warning("Disk full while reading a batch upload: %s", error)
                self.message_user(request, PHOTO_NOT_SAVED_DISK_FULL, messages.ERROR)
                files, allow_similar, status = [], False, 507
            results = [self.ingest_file(request, file, allow_similar) for file in files]
            if any(result.get("code") == "disk_full" for result in results):
                status = 507
            elif status == 200 and (not results or all(result["status"] == "refused" for result in results)):
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload photos"),
            "results": results,
            "max_megabytes": settings.PHOTO_MAX_UPLOAD_BYTES // (1024 * 1024),
        }
        return TemplateResponse(request, "admin/photos/photo/batch_upload.html", context, status=status)

    def batch_upload_file_view(self, request):
        """One file of a batch, posted by the page's script; answers JSON with the result."""
        if not self.has_add_permission(request):
            return JsonResponse({"status": "refused", "message": "You may not add photos."}, status=403)
        if request.method != "POST":
            return JsonResponse({"status": "refused", "message": "Send the file with POST."}, status=405)
        try:
            files = request.FILES.getlist("file")
            allow_similar = bool(request.POST.get("allow_similar"))
        except OSError as error:
            if not is_disk_full(error):
                raise
            logger.warning("Disk full while reading an upload: %s", error)
            return JsonResponse(_disk_full_result(""), status=507)
        if len(files) != 1:
            return JsonResponse({"status": "refused", "message": "Send exactly one file."}, status=400)
        result = self.ingest_file(request, files[0], allow_similar)
        return JsonResponse(result, status=result.pop("http_status"))

    def ingest_file(self, request, file, allow_similar: bool, photo: Photo | None = None) -> dict:
        """Add one uploaded file through `photo_ingest`; the result as JSON data with its "http_status".

        `photo` is an unsaved photo with what the desk typed (the chooser's alt text).
        """
        try:
            result = photo_ingest(
                file=file,
                uploaded_by=request.user,
                original_filename=file.name,
                allow_similar=allow_similar,
                photo=photo,
            )
        except ValidationError as refusal:
            if is_disk_full(refusal):  # reading the upload failed for want of room, not a bad file
                logger.warning("Disk full while reading %s: %s", file.name, refusal.__cause__)
                return {**_disk_full_result(file.name), "http_status": 507}
            return {
                "status": "refused",
                "name": file.name,
                "message": " ".join(refusal.messages),
                "code": refusal.code,
                "http_status": 413 if refusal.code == "too_large" else 400,
            }
        except OSError as error:
            if not is_disk_full(error):
                raise
            logger.warning("Disk full while storing %s: %s", file.name, error)
            return {**_disk_full_result(file.name), "http_status": 507}
        return self._result_json(result)

    def _result_json(self, result: IngestResult) -> dict:
        data = {"status": str(result.status), "name": result.original_filename, "message": result.message}
        if result.status == IngestStatus.CREATED:
            # In-process tasks have run by now: say what became of the renditions, never just "created".
            result.photo.refresh_from_db(fields=["renditions_status", "renditions_error"])
            data["renditions"] = result.photo.renditions_status
            if result.photo.renditions_status == Photo.RenditionsStatus.FAILED:
                data["message"] += (
                    " Its resized copies could not be made; retry them from the photo's page"
                    f" ({result.photo.renditions_error})."
                )
            elif result.photo.renditions_status == Photo.RenditionsStatus.PENDING:
                data["message"] += " Its resized copies are being made."
        if result.photo is not None:
            data["photo"] = photo_json(result.photo)
        data["similar"] = [
            {
                **photo_json(similar.photo),
                "message": similar.message,
                "stories": [
                    {"headline": s.headline, "url": reverse("admin:stories_story_change", args=[s.pk])}
                    for s in similar.stories
                ],
            }
            for similar in result.similar
        ]
        data["notes"] = result.notes
        data["http_status"] = 201 if result.status == IngestStatus.CREATED else 409
        return data

    # --- saving ----------------------------------------------------------------------------------

    def delete_model(self, request, obj):
        photo_delete(photo=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for photo in queryset:
            photo_delete(photo=photo, user=request.user)

    @admin.action(description=_("Make the selected photos' resized copies again"), permissions=["change"])
    def retry_renditions(self, request, queryset):
        photos = list(queryset.exclude(renditions_status=Photo.RenditionsStatus.READY))
        for photo in photos:
            photo_renditions_retry(photo=photo, user=request.user)
        self.message_user(
            request, f"Queued the resized copies of {len(photos)} photos again.", messages.SUCCESS
        )

    @admin.display(description=_("renditions"), ordering="renditions_status")
    def renditions_state(self, photo):
        label = photo.get_renditions_status_display()
        if photo.renditions_status == Photo.RenditionsStatus.FAILED and photo.renditions_error:
            return format_html('<span class="renditions-failed">{}</span>: {}', label, photo.renditions_error)
        return label

    def save_model(self, request, obj, form, change):
        file = form.cleaned_data.get("image")
        if not change:
            try:
                result = photo_ingest(
                    file=file,
                    uploaded_by=request.user,
                    original_filename=file.name,
                    allow_similar=True,  # the form has asked already
                    photo=obj,
                    facts=form.facts,
                )
            except OSError as error:
                if not is_disk_full(error):
                    raise
                # The availability middleware answers 507; the admin's transaction is rolled back.
                raise DiskFull(PHOTO_NOT_SAVED_DISK_FULL) from error
            if result.photo is not obj:  # the same file won a race from another upload
                raise ValidationError(result.message, code=str(result.status))
        elif form.facts is not None:
            photo_replace_file(photo=obj, file=file, user=request.user, facts=form.facts)
        else:
            photo_update(photo=obj, user=request.user, fields=form.changed_data, check_uses=self.check_uses)

    # --- columns and read-only fields ------------------------------------------------------------

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return format_html(
            '<img class="photo-thumbnail" src="{}" alt="{}" width="96" loading="lazy">',
            thumbnail_url(photo),
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
            original_url(photo),
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


def _disk_full_result(name: str) -> dict:
    return {"status": "refused", "code": "disk_full", "name": name, "message": PHOTO_NOT_SAVED_DISK_FULL}
