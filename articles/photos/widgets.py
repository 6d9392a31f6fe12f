"""The photo chooser: a thumbnail picker for every foreign key to a library photo."""

from django import forms
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.photos.models import Photo


class PhotoChooserWidget(ForeignKeyRawIdWidget):
    """Pick a photo from the library: a searchable pop-up list and a thumbnail preview."""

    template_name = "admin/photos/widgets/photo_chooser.html"

    class Media:
        css = {"all": ["photos/admin/newsroom_admin.css"]}
        js = ["admin/js/jquery.init.js", "photos/admin/photo_chooser.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value:
            photo = Photo.objects.filter(pk=value).first()
        context["photo"] = photo
        # The script puts the chosen photo's number where the placeholder is.
        context["preview_url"] = reverse(f"{self.admin_site.name}:photos_photo_preview", args=[0]).replace(
            "/0/", "/{id}/"
        )
        return context


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
    """Every foreign key to a Photo gets the thumbnail chooser, and only usable photos."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Photo:
            kwargs["widget"] = PhotoChooserWidget(db_field.remote_field, self.admin_site)
            kwargs["form_class"] = UsablePhotoField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
