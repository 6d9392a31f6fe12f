"""The photo chooser: a thumbnail picker for every foreign key to a library photo."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.admin_widgets import LoadedObjectBoundField
from articles.photos.chooser import chooser_problems
from articles.photos.models import Photo


class PhotoChooserWidget(ForeignKeyRawIdWidget):
    """Pick a photo from the library: search as you type, the pop-up list, a typed number, or an upload.

    The chosen photo's thumbnail, caption and credit show as soon as it is chosen, and are
    rendered on the server when the form opens. `can_search` and `can_upload` say what the
    user may do (the admin decides per request; the endpoints check again).
    """

    template_name = "admin/photos/widgets/photo_chooser.html"
    # The photo the form's instance holds, set by LoadedObjectBoundField before each rendering.
    loaded_object = None

    def __init__(self, rel, admin_site, attrs=None, using=None, *, can_search=True, can_upload=False):
        super().__init__(rel, admin_site, attrs, using)
        self.can_search = can_search
        self.can_upload = can_upload

    class Media:
        css = {"all": ["photos/admin/newsroom_admin.css"]}
        js = ["admin/js/jquery.init.js", "photos/admin/photo_chooser.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = self.photo_for_value(value)
        context["photo"] = photo
        context["photo_problems"] = chooser_problems(photo) if photo is not None else []
        site = self.admin_site.name
        # The script asks for a photo by ?id=, so no address is ever rewritten.
        context["photo_url"] = reverse(f"{site}:photos_photo_chooser_photo")
        context["search_url"] = reverse(f"{site}:photos_photo_chooser_search") if self.can_search else ""
        context["upload_url"] = reverse(f"{site}:photos_photo_chooser_upload") if self.can_upload else ""
        context["max_megabytes"] = settings.PHOTO_MAX_UPLOAD_BYTES // (1024 * 1024)
        return context

    def label_and_url_for_value(self, value):
        # Django's raw-id widget would look the photo up once more for its label.
        photo = self.photo_for_value(value)
        if photo is None:
            return "", ""
        try:
            url = reverse(f"{self.admin_site.name}:photos_photo_change", args=[photo.pk])
        except NoReverseMatch:
            url = ""
        return Truncator(photo).words(14), url

    def photo_for_value(self, value) -> Photo | None:
        """The chosen photo: the one the form's instance holds if it is that one, else from the library."""
        if not value:
            return None
        if self.loaded_object is not None and str(self.loaded_object.pk) == str(value):
            return self.loaded_object
        try:
            photo = Photo.objects.filter(pk=value).first()
        except (ValueError, ValidationError):
            return None
        self.loaded_object = photo  # the label and the preview both ask: look it up once
        return photo


class UsablePhotoField(forms.ModelChoiceField):
    """A photo choice that refuses photos whose licence has expired or that lack alt text.

    A photo marked decorative needs no alt text (screen readers skip it).
    """

    def validate(self, value):
        super().validate(value)
        if value is not None and not value.is_accessible():
            raise ValidationError(
                "Photo %(pk)s has no alt text yet; add it in the photo library (or mark it "
                "decorative) before using the photo.",
                code="photo_without_alt_text",
                params={"pk": value.pk},
            )
        if value is not None and not value.is_usable():
            raise ValidationError(
                "Photo %(pk)s's licence ended on %(date)s; it cannot be used in a story. "
                "Choose another photo.",
                code="photo_expired",
                params={"pk": value.pk, "date": value.usable_until},
            )


class PhotoChooserMixin:
    """Every foreign key to a Photo gets the thumbnail chooser, and only usable photos.

    The rows come with their photos, which the choosers show without asking for them again.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        photo_fields = [field.name for field in self.model._meta.fields if field.related_model is Photo]
        # select_related() with no names would follow every foreign key.
        return queryset.select_related(*photo_fields) if photo_fields else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Photo:
            library = self.admin_site.get_model_admin(Photo)
            kwargs["widget"] = PhotoChooserWidget(
                db_field.remote_field,
                self.admin_site,
                can_search=library.has_view_permission(request),
                can_upload=library.has_add_permission(request),
            )
            kwargs["form_class"] = UsablePhotoField
            kwargs["bound_field_class"] = LoadedObjectBoundField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def photo_for_viewers_html(photo: Photo, *, site_name: str) -> str:
    """A chosen photo for whoever may only view the form: its thumbnail, caption and credit, linked to it."""
    return format_html(
        '<a class="photo-for-viewers" href="{}"><img src="{}" alt="{}" width="160" loading="lazy"><br>{}</a>',
        reverse(f"{site_name}:photos_photo_change", args=[photo.pk]),
        reverse(f"{site_name}:photos_photo_thumbnail", args=[photo.pk]),
        photo.alt_text,
        photo,
    )
