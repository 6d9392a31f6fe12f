"""Forms of the photo library outside its own admin page (the single-photo form is in admin.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.photos.models import Photo


def _model_char_field(name: str, **kwargs) -> forms.CharField:
    model_field = Photo._meta.get_field(name)
    return forms.CharField(
        label=model_field.verbose_name, max_length=model_field.max_length, required=False, **kwargs
    )


class ChooserUploadForm(forms.Form):
    """A photo uploaded from a story's photo chooser: the file and what the desk must say about it.

    Caption and credit left empty come from the file's IPTC/XMP metadata. Alt text is asked for
    here because no metadata standard carries it reliably, and a story refuses a photo without it.
    """

    file = forms.FileField(
        label=_("image file"),
        error_messages={"required": _("Choose a picture file to upload."), "empty": _("The file is empty.")},
    )
    alt_text = _model_char_field("alt_text")
    decorative = forms.BooleanField(required=False)
    caption = forms.CharField(label=_("caption"), required=False, max_length=2000)
    credit = _model_char_field("credit")
    allow_similar = forms.BooleanField(required=False)

    def clean(self):
        cleaned_data = super().clean()
        typed = Photo(
            alt_text=cleaned_data.get("alt_text", ""), decorative=cleaned_data.get("decorative", False)
        )
        if "alt_text" not in self.errors and not typed.is_accessible():
            self.add_error(
                "alt_text",
                ValidationError(
                    "Describe the picture in the alt text, or mark the photo decorative.",
                    code="alt_text_required",
                ),
            )
        return cleaned_data

    def typed_photo(self) -> Photo:
        """An unsaved photo holding what the desk typed, which wins over the file's metadata."""
        return Photo(
            **{name: self.cleaned_data[name] for name in ("alt_text", "decorative", "caption", "credit")}
        )

    def refusal(self) -> str:
        """Every error of the form as one sentence-per-error line, for the chooser to print."""
        return " ".join(message for errors in self.errors.values() for message in errors)
