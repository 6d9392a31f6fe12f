"""Build a POST for an admin change form from the page the admin rendered, as a browser would."""

from django import forms


def _field_data(bound_form, data):
    for name, field in bound_form.fields.items():
        key = bound_form.add_prefix(name)
        value = bound_form[name].value()
        if isinstance(field, forms.SplitDateTimeField):
            if value:
                data[f"{key}_0"], data[f"{key}_1"] = value.date().isoformat(), value.time().isoformat()
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        elif value is not None:
            data[key] = str(value) if not hasattr(value, "pk") else str(value.pk)


def admin_form_data(response, **changes):
    """The form data the change page would submit unchanged, updated with `changes`."""
    context = response.context
    data = {}
    _field_data(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _field_data(formset.management_form, data)
        for form in formset.initial_forms:
            _field_data(form, data)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
