"""Partner tokens in the admin: editors issue them (the secret is shown once), see their use, revoke them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from articles.api.models import ApiToken, IngestedItem, Scope
from articles.api.tokens import api_token_create, api_token_revoke, scope_problems


class ApiTokenCreationForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.INGEST_DRAFT],
        help_text=_("The publish scope is for tokens acting as an editor only."),
    )

    class Meta:
        model = ApiToken
        fields = ("name", "user", "section", "scopes")

    def clean(self):
        cleaned = super().clean()
        user, scopes = cleaned.get("user"), cleaned.get("scopes") or []
        if user is not None:
            for problem in scope_problems(user=user, scopes=scopes):
                self.add_error("scopes", ValidationError(problem, code="scope_not_allowed"))
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "scope_list", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    readonly_fields = (
        "prefix",
        "user",
        "section",
        "scopes",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    fields = ("name", *readonly_fields)
    actions = ("revoke",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
            kwargs["fields"] = ApiTokenCreationForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ApiTokenCreationForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    @admin.display(description=_("scopes"))
    def scope_list(self, token):
        return ", ".join(token.scopes)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        token, secret = api_token_create(
            name=form.cleaned_data["name"],
            user=form.cleaned_data["user"],
            section=form.cleaned_data["section"],
            scopes=list(form.cleaned_data["scopes"]),
            created_by=request.user,
        )
        obj.pk, obj.prefix = token.pk, token.prefix
        request._api_token_secret = secret  # for response_add only: it is never stored

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Token issued"),
            "token": obj,
            "secret": request._api_token_secret,
            "opts": self.opts,
        }
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        add_never_cache_headers(response)  # the secret is on this page and nowhere else: no cache keeps it
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, user=request.user)
        self.message_user(
            request, _("Revoked %(count)d tokens.") % {"count": len(queryset)}, messages.SUCCESS
        )


@admin.register(IngestedItem)
class IngestedItemAdmin(admin.ModelAdmin):
    list_display = ("uri", "version", "story", "token", "received_at", "updated_at")
    list_select_related = ("story", "token")
    search_fields = ("uri", "story__headline")
    readonly_fields = ("uri", "version", "story", "token", "received_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
