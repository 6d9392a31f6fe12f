"""Admin for the newsroom's directory: its sections and its authors."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.photos.widgets import PhotoChooserMixin
from articles.refusals import RefusalStatusMixin
from articles.stories.models import Author, Section


@admin.register(Section)
class SectionAdmin(RefusalStatusMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "position", "description")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Author)
class AuthorAdmin(RefusalStatusMixin, PhotoChooserMixin, admin.ModelAdmin):
    list_display = ("name", "job_title", "user")
    list_select_related = ("user",)
    search_fields = ("name", "job_title")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "job_title", "bio")}),
        (_("Portrait and account"), {"fields": ("portrait", "user")}),
    )


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
