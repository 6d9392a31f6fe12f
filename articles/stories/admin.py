"""Admin for the newsroom's directory: its sections and its authors."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.photos.widgets import PhotoChooserMixin
from articles.refusals import RefusalStatusMixin
from articles.stories.models import Author, Section
from articles.stories.services import section_save


@admin.register(Section)
class SectionAdmin(RefusalStatusMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "position", "description")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            # Empty means last (section_save); the model's default 0 would put it first.
            field.required, field.initial = False, None
            field.help_text = _(
                "Sections are listed in this order in the navigation. Leave empty to add it last."
            )
        return field

    def save_model(self, request, obj, form, change):
        section_save(section=obj)


@admin.register(Author)
class AuthorAdmin(RefusalStatusMixin, PhotoChooserMixin, admin.ModelAdmin):
    list_display = ("name", "job_title", "user")
    list_select_related = ("user",)
    search_fields = ("name", "job_title")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "job_title", "bio")}),
        (_("Portrait and account"), {"fields": ("portrait", "user")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # A plain list of the staff accounts, not an autocomplete: that would search the user
            # admin, which editors may not browse (it shows every account and its permissions).
            # The list is the rule too: a posted id outside it is refused as an invalid choice.
            # An account already linked to an author stays choosable after it leaves the staff.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(is_staff=True, is_active=True) | Q(author__isnull=False))
                .order_by("username")
            )
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
