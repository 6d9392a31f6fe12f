"""Admin for the newsroom's directory: its sections and its authors."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin.base import PhotoChooserMixin, RefusalStatusMixin
from articles.models import Author, Section


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
