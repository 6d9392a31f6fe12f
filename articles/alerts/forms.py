from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.alerts.models import Follow, Subscriber
from articles.stories.models import Author, Section

# What the box's hidden "follow" field may name: "breaking", or "<kind>:<id>".
FOLLOW_MODELS = {Follow.Kind.SECTION: Section, Follow.Kind.TOPIC: Tag, Follow.Kind.AUTHOR: Author}


def follow_target_from_value(value: str) -> Section | Tag | Author | None:
    """The section, topic or author a box's "follow" value names (None: breaking news), or ValidationError."""
    if value in ("", Follow.Kind.BREAKING):
        return None
    kind, _separator, pk = value.partition(":")
    model = FOLLOW_MODELS.get(kind)
    target = model.objects.filter(pk=int(pk)).first() if model is not None and pk.isdigit() else None
    if target is None:
        raise ValidationError(
            "We could not tell what you wanted to follow. Go back to the page and sign up there again.",
            code="unknown_follow",
        )
    return target


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
    # What the reader follows: "breaking", "section:<id>", "topic:<id>" or "author:<id>".
    follow = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    # Where to send the reader back to; checked against this site in the view.
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def clean_follow(self):
        return follow_target_from_value(self.cleaned_data["follow"])


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Send me new stories in what I follow"),
        choices=Subscriber.Frequency,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often."),
            "invalid_choice": _("Choose one of the options."),
        },
    )


class PushSubscriptionForm(forms.Form):
    """A browser's PushSubscription.toJSON(), as the manage page's script posts it."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.RegexField(regex=r"^[A-Za-z0-9_-]{80,100}={0,2}$", max_length=200)
    auth = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,30}={0,2}$", max_length=100)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        loopback = settings.ALERTS_PUSH_ALLOW_LOOPBACK and endpoint.startswith("http://127.0.0.1:")
        if not endpoint.startswith("https://") and not loopback:
            # Push services speak HTTPS (RFC 8030 §8); loopback HTTP only for a test's push service.
            raise ValidationError("A push service address must use https.", code="insecure_endpoint")
        return endpoint
