"""Alerts signup, confirmation, unsubscribe and "manage my alerts" pages.

Plain POST → redirect → GET, so no JavaScript is needed (the manage page's script only adds
browser notifications). The signup form has no CSRF token (reader pages set no cookie); the
signup checks where the browser says the POST came from instead. The unsubscribe and manage
pages are authorised by their signed link, which only the reader's inbox holds.
"""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from articles.alerts.cookies import forget_subscribed, remember_subscribed
from articles.alerts.forms import AlertsSignupForm, FrequencyForm, PushSubscriptionForm
from articles.alerts.links import (
    InvalidLink,
    subscriber_from_confirmation,
    subscriber_from_manage,
    subscriber_from_unsubscribe,
)
from articles.alerts.models import Subscriber
from articles.alerts.origin import request_is_same_origin
from articles.alerts.push import vapid_public_key
from articles.alerts.services import (
    follow_stop,
    push_subscription_add,
    push_subscription_remove,
    subscriber_confirm,
    subscriber_delete,
    subscriber_set_frequency,
    subscriber_sign_up,
    subscriber_unsubscribe,
)
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
        subscriber_sign_up(
            email=email,
            site_url=self.request.build_absolute_uri("/"),
            target=form.cleaned_data["follow"],
            client_address=client_address(self.request),
            user_agent=self.request.headers.get("user-agent", ""),
        )
        destination = _safe_next(self.request, form.cleaned_data["next"])
        separator = "&" if "?" in destination else "?"
        return HttpResponseRedirect(f"{destination}{separator}alerts=pending#alerts")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@method_decorator(never_cache, name="dispatch")  # one reader's link, and it sets their cookie
class AlertsConfirmView(View):
    def get(self, request, token):
        try:
            subscriber, follow_id = subscriber_from_confirmation(token)
        except InvalidLink as error:
            return render(request, "alerts/link_invalid.html", {"message": str(error)}, status=400)
        subscriber_confirm(subscriber=subscriber, follow_id=follow_id)
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


def _link_invalid(request, error):
    return render(request, "alerts/link_invalid.html", {"message": str(error)}, status=400)


MANAGE_NOTICES = {
    "frequency": "Saved: we'll send new stories the way you chose.",
    "unfollowed": "Done: you no longer follow that.",
    "unsubscribed": "You're unsubscribed: we won't send you any more alerts.",
}


@method_decorator(csrf_exempt, name="dispatch")  # the signed link authorises; Origin is checked on POST
@method_decorator(never_cache, name="dispatch")  # one reader's page
class AlertsManageView(View):
    """ "Manage my alerts": what a reader follows, how often, browsers; stop a follow, or delete it all."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.subscriber = subscriber_from_manage(kwargs["token"])
        except InvalidLink as error:
            return _link_invalid(request, error)
        if request.method == "POST" and not request_is_same_origin(request):
            return render(request, "alerts/signup_refused.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token, frequency_form=None, status=200):
        subscriber = self.subscriber
        context = {
            "subscriber": subscriber,
            "follows": subscriber.follows.active().select_related("section", "topic", "author"),
            "frequency_form": frequency_form or FrequencyForm(initial={"frequency": subscriber.frequency}),
            "browsers": subscriber.push_subscriptions.count(),
            "vapid_public_key": vapid_public_key(),
            "notice": MANAGE_NOTICES.get(request.GET.get("saved", "")),
        }
        return render(request, "alerts/manage.html", context, status=status)

    def post(self, request, token):
        subscriber, action = self.subscriber, request.POST.get("action", "")
        if action == "frequency":
            form = FrequencyForm(request.POST)
            if not form.is_valid():
                return self.get(request, token, frequency_form=form, status=400)
            subscriber_set_frequency(subscriber=subscriber, frequency=form.cleaned_data["frequency"])
            return self._saved(token, "frequency")
        if action == "unfollow":
            follow_id = request.POST.get("follow", "")
            if not follow_id.isdigit() or not follow_stop(subscriber=subscriber, follow_id=int(follow_id)):
                return _link_invalid(request, "That follow is not on your list any more; reload the page.")
            return self._saved(token, "unfollowed")
        if action == "unsubscribe":
            subscriber_unsubscribe(subscriber=subscriber)
            response = self._saved(token, "unsubscribed")
            forget_subscribed(response)
            return response
        if action == "delete":
            email = subscriber.email
            subscriber_delete(subscriber=subscriber)
            response = render(request, "alerts/deleted.html", {"email": email})
            forget_subscribed(response)
            return response
        return _link_invalid(request, "We did not understand that request; reload the page and try again.")

    def _saved(self, token, notice):
        url = reverse("alerts:manage", kwargs={"token": token})
        return HttpResponseRedirect(f"{url}?saved={notice}", status=303)


@method_decorator(csrf_exempt, name="dispatch")  # the signed link authorises; Origin is checked
@method_decorator(never_cache, name="dispatch")
class AlertsPushView(View):
    """The manage page's script posts a browser's push subscription here (add) or asks to drop it."""

    def post(self, request, token):
        try:
            subscriber = subscriber_from_manage(token)
        except InvalidLink as error:
            return JsonResponse({"error": str(error)}, status=400)
        if not request_is_same_origin(request):
            return JsonResponse({"error": "This request came from another site."}, status=403)
        if subscriber.status != Subscriber.Status.CONFIRMED:
            return JsonResponse({"error": "Confirm your alerts by email first."}, status=409)
        try:
            body = json.loads(request.body or b"{}")
            keys = body.get("keys") or {}
            data = {"endpoint": body.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")}
        except (ValueError, AttributeError):
            return JsonResponse({"error": "Send the browser's subscription as JSON."}, status=400)
        if body.get("action") == "remove":
            push_subscription_remove(subscriber=subscriber, endpoint=str(data["endpoint"]))
            return JsonResponse({"removed": True})
        form = PushSubscriptionForm(data)
        if not form.is_valid():
            message = " ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
            return JsonResponse({"error": f"That browser subscription is not valid ({message})."}, status=400)
        push_subscription_add(subscriber=subscriber, **form.cleaned_data)
        return JsonResponse({"added": True}, status=201)
