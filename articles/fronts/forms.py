"""The arrange-a-front form: the stories in slot order, and an optional time the change takes effect."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.fronts.models import FRONT_SLOTS
from articles.stories.models import Story


class OrderedStoriesField(forms.Field):
    """Story ids posted as repeated `slots` values, in the page's order (empty slots left out)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        ids = []
        for raw in value or ():
            raw = str(raw).strip()
            if not raw:
                continue
            if not raw.isdigit():
                raise ValidationError("That is not a story: choose one from the list.", code="invalid")
            ids.append(int(raw))
        return ids

    def clean(self, value) -> list[Story]:
        ids = self.to_python(value)
        if len(ids) > FRONT_SLOTS:
            raise ValidationError(
                "A front has %(slots)d slots: choose at most %(slots)d stories.",
                code="too_many",
                params={"slots": FRONT_SLOTS},
            )
        stories = Story.objects.in_bulk(ids)
        missing = [story_id for story_id in ids if story_id not in stories]
        if missing:
            raise ValidationError(
                "One of the chosen stories no longer exists: choose another.", code="missing"
            )
        return [stories[story_id] for story_id in ids]


class FrontArrangeForm(forms.Form):
    slots = OrderedStoriesField(required=False)
    takes_effect_at = forms.DateTimeField(
        label=_("Takes effect at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text=_("Leave empty to change the front now. A time in the future schedules the change."),
    )
    # The live arrangement the editor saw, so a change now never silently undoes another editor's.
    live_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
