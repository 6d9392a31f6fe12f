"""The story form for whoever may only view it: text blocks formatted and photos shown, not as raw values.

Django's read-only fields print a text block's stored HTML as markup ("<p>…</p>") and a photo
as a bare link. For a user who may not edit the story (permissions.py), the admins below show
those fields through the methods named in `view_only_displays` instead.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from articles.photos.widgets import photo_for_viewers_html
from articles.stories.models import InlinePhoto, RichText, Story
from articles.stories.sanitizer import render_html
from articles.workflow.permissions import user_can_edit


class ViewOnlyDisplaysMixin:
    """For a story the user may only view, each field named in `view_only_displays` is shown by its method."""

    view_only_displays: dict[str, str] = {}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return self._swapped(fields) if self._view_only(request, obj) else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._view_only(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": self._swapped(options["fields"])}) for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self._view_only(request, obj):
            return readonly
        return (*readonly, *self.view_only_displays.values())

    def _view_only(self, request, story: Story | None) -> bool:
        # An inline's `obj` is its story too.
        return story is not None and not user_can_edit(request.user, story)

    def _swapped(self, names) -> list:
        # get_fields() lists read-only fields too, so a display can appear twice: keep the first.
        swapped = [
            self.view_only_displays.get(name, name) if isinstance(name, str) else name for name in names
        ]
        return list(dict.fromkeys(swapped))


class TextForViewers(ViewOnlyDisplaysMixin):
    view_only_displays = {"text": "rendered_text"}

    @admin.display(description=RichText._meta.get_field("text").verbose_name)
    def rendered_text(self, block):
        # Cleaned again on the way out, as on the reader's page.
        return format_html('<div class="rich-text readonly-rich-text">{}</div>', render_html(block.text))


class InlinePhotoForViewers(ViewOnlyDisplaysMixin):
    view_only_displays = {"photo": "photo_for_viewers"}

    @admin.display(description=InlinePhoto._meta.get_field("photo").verbose_name)
    def photo_for_viewers(self, block):
        return photo_for_viewers_html(block.photo, site_name=self.admin_site.name)


class LeadPhotoForViewers(ViewOnlyDisplaysMixin):
    view_only_displays = {"lead_photo": "lead_photo_for_viewers"}

    @admin.display(description=Story._meta.get_field("lead_photo").verbose_name)
    def lead_photo_for_viewers(self, story):
        if story.lead_photo is None:
            return self.get_empty_value_display()
        return photo_for_viewers_html(story.lead_photo, site_name=self.admin_site.name)
