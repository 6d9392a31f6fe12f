"""Alerts signup, confirmation and unsubscribe pages.

Plain POST → redirect → GET, so no JavaScript is needed. The signup form has no CSRF token (reader
pages set no cookie); the signup checks where the browser says the POST came from instead.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from articles.alerts.cookies import forget_subscribed, remember_subscribed
from articles.alerts.forms import AlertsSignupForm
from articles.alerts.links import InvalidLink, subscriber_from_confirmation, subscriber_from_unsubscribe
from articles.alerts.origin import request_is_same_origin
from articles.alerts.services import subscriber_confirm, subscriber_sign_up, subscriber_unsubscribe
from articles.alerts.throttle import signup_allowed
from articles.client_address import client_address


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("articles:home")


# No token: Origin and Sec-Fetch-Site say whether the POST came from our pages (articles/alerts/origin.py).
@method_decorator(csrf_exempt, name="dispatch")
class AlertsSignupView(FormView):
    """Shows the signup form on its own page (also with the inline error) and handles every signup."""

    form_class = AlertsSignupForm
    template_name = "alerts/signup.html"

    def post(self, request, *args, **kwargs):
        if not request_is_same_origin(request):
            return render(request, "alerts/signup_refused.html", status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not signup_allowed(email=email, client_address=client_address(self.request)):
            form.add_error(
                "email",
                ValidationError(
                    "Too many signups from here in the last hour. Please try again later.",
                    code="rate_limited",
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        subscriber_sign_up(email=email, site_url=self.request.build_absolute_uri("/"))
        destination = _safe_next(self.request, form.cleaned_data["next"])
        separator = "&" if "?" in destination else "?"
        return HttpResponseRedirect(f"{destination}{separator}alerts=pending#alerts")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@method_decorator(never_cache, name="dispatch")  # one reader's link, and it sets their cookie
class AlertsConfirmView(View):
    def get(self, request, token):
        try:
            subscriber = subscriber_from_confirmation(token)
        except InvalidLink as error:
            return render(request, "alerts/link_invalid.html", {"message": str(error)}, status=400)
        subscriber_confirm(subscriber=subscriber)
        response = HttpResponseRedirect(reverse("articles:home") + "?alerts=confirmed#alerts")
        remember_subscribed(response)
        return response


@method_decorator(csrf_exempt, name="dispatch")  # the signed token authorises; mail clients post one-click
@method_decorator(never_cache, name="dispatch")  # the page names the reader's address
class AlertsUnsubscribeView(View):
    def get(self, request, token):
        try:
            subscriber = subscriber_from_unsubscribe(token)
        except InvalidLink as error:
            return render(request, "alerts/link_invalid.html", {"message": str(error)}, status=400)
        return render(request, "alerts/unsubscribe.html", {"subscriber": subscriber, "done": False})

    def post(self, request, token):
        try:
            subscriber = subscriber_from_unsubscribe(token)
        except InvalidLink as error:
            return render(request, "alerts/link_invalid.html", {"message": str(error)}, status=400)
        subscriber_unsubscribe(subscriber=subscriber)
        response = render(request, "alerts/unsubscribe.html", {"subscriber": subscriber, "done": True})
        forget_subscribed(response)
        return response
