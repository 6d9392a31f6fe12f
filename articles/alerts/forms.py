from django import forms
from django.utils.translation import gettext_lazy as _


class AlertsSignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address to get alerts."),
            "invalid": _("Enter a valid email address, like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
    )
    # Where to send the reader back to; checked against this site in the view.
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
