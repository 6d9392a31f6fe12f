"""Turn a rendered admin change form back into the POST data a browser would send."""

from django.forms.widgets import CheckboxInput


def _field_values(form):
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if value is None:
            continue
        widget = field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if hasattr(widget, "widgets") and isinstance(value, (list, tuple)):
            for index, part in enumerate(value):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
            continue
        if hasattr(widget, "decompress") and hasattr(widget, "widgets"):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
            continue
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
            continue
        data[bound.html_name] = value
    return data


def change_form_data(response):
    """The POST data of the change form in `response`, as the page rendered it."""
    context = response.context
    data = _field_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_values(formset.management_form))
        for form in formset.forms:
            data.update(_field_values(form))
    return {key: ("" if value is None else value) for key, value in data.items()}
