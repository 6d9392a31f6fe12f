"""Admin widgets that show the related object a row already holds instead of looking it up again.

Shared by the photo chooser (photos) and the story admin's autocompletes (workflow), so
a change form's query count does not grow with its rows.
"""

from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.boundfield import BoundField


class LoadedObjectBoundField(BoundField):
    """A foreign key's bound field that hands its widget the related object the form's instance holds.

    Why: the photo chooser and the story admin's autocompletes print the chosen object (thumbnail
    and caption, a name). Looked up by its number, that is one query per widget, so one per inline
    row; the admin loads these objects with the rows (select_related) and this passes each one on.
    """

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        # The admin wraps a foreign key's widget in the one that adds the "add" and "change" links.
        shown = widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget
        shown.loaded_object = self.loaded_object()
        return super().as_widget(widget, attrs, only_initial)

    def loaded_object(self) -> models.Model | None:
        """The related object the form's instance already holds for this field, or None if not loaded."""
        instance = getattr(self.form, "instance", None)
        try:
            model_field = instance._meta.get_field(self.name)
        except (AttributeError, FieldDoesNotExist):
            return None
        if isinstance(model_field, models.ForeignKey) and model_field.is_cached(instance):
            return getattr(instance, self.name)
        return None


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose chosen option is the object the form's instance holds, when it is loaded."""

    # Set by LoadedObjectBoundField before each rendering.
    loaded_object = None

    def optgroups(self, name, value, attr=None):
        chosen = self.loaded_object
        remote_field = self.field.remote_field
        to_field = remote_field.model._meta.get_field(remote_field.field_name).attname
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if chosen is None or selected != [str(getattr(chosen, to_field))]:
            return super().optgroups(name, value, attr)
        # What Django's AutocompleteSelect builds from its query, built from the loaded object.
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(chosen)
        options.append(self.create_option(name, getattr(chosen, to_field), label, True, len(options)))
        return [(None, options, 0)]


class LoadedAutocompleteMixin:
    """Autocompletes that show the object their row already holds, loaded with the rows.

    Why: Django's AutocompleteSelect looks up its chosen option by number, a query per widget, so
    a story with ten bylines cost ten queries. Here the rows come with their objects
    (select_related) and LoadedObjectBoundField hands each widget its own.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        fields = self.get_autocomplete_fields(request)
        # select_related() with no names would follow every foreign key.
        return queryset.select_related(*fields) if fields else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LoadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs["bound_field_class"] = LoadedObjectBoundField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
