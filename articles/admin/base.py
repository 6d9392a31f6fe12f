"""Pieces shared by the newsroom's admin classes."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from articles.admin.widgets import PhotoChooserWidget
from articles.models import Photo


class RefusalStatusMixin:
    """Answer refused admin submissions with a 4xx status, not 200.

    Django re-renders an invalid form (or a refused delete) with status 200; the
    newsroom's rule is that every refusal is a 4xx, which also keeps monitoring and
    tests honest. The page and the editor's input are unchanged.
    """

    def changeform_view(self, request, *args, **kwargs):
        response = super().changeform_view(request, *args, **kwargs)
        if (
            request.method == "POST"
            and isinstance(response, TemplateResponse)
            and response.context_data.get("errors")
        ):
            response.status_code = 400
        return response

    def changelist_view(self, request, extra_context=None):
        # Django silently re-renders the list for an action the user may not run;
        # a crafted POST for one (say, publishing by a reporter) is refused instead.
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied(f"You are not allowed to run the action “{action}”.")
        return super().changelist_view(request, extra_context)

    def delete_view(self, request, *args, **kwargs):
        return self._conflict_if_protected(request, super().delete_view(request, *args, **kwargs))

    def response_action(self, request, queryset, **kwargs):
        return self._conflict_if_protected(request, super().response_action(request, queryset, **kwargs))

    @staticmethod
    def _conflict_if_protected(request, response):
        if (
            request.method == "POST"
            and isinstance(response, TemplateResponse)
            and response.context_data.get("protected")
        ):
            response.status_code = 409
        return response


class UsablePhotoField(forms.ModelChoiceField):
    """A photo choice that refuses photos whose licence has expired or that lack alt text.

    A photo marked decorative needs no alt text (screen readers skip it).
    """

    def validate(self, value):
        super().validate(value)
        if value is not None and not value.alt_text.strip() and not value.decorative:
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


class PositionedInlineFormSet(forms.BaseInlineFormSet):
    """Number rows left without a position after the highest one, in the order shown."""

    def clean(self):
        forms_kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
            if not form.errors
        ]
        taken = [form.cleaned_data.get("position") for form in forms_kept]
        next_position = max([p for p in taken if p] or [0]) + 1
        for form in forms_kept:
            if not form.cleaned_data.get("position"):
                form.cleaned_data["position"] = next_position
                form.instance.position = next_position
                next_position += 1
        super().clean()


class PositionedInline(admin.TabularInline):
    formset = PositionedInlineFormSet
    extra = 1
    min_num = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.required = False
            field.help_text = "Leave empty to add at the end."
            field.widget.attrs["style"] = "width: 4em"
        return field
