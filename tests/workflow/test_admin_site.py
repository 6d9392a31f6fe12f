"""The admin sidebar's app list, kept per kind of user (articles/workflow/admin_site.py)."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from articles.workflow.admin_site import NewsroomAdminSite
from tests import factories

pytestmark = pytest.mark.django_db


def app_list_for(user, app_label=None):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site.get_app_list(request, app_label)


def djangos_app_list_for(user, app_label=None):
    request = RequestFactory().get("/admin/")
    request.user = user
    return AdminSite.get_app_list(admin.site, request, app_label)


def models_in(app_list):
    return [
        (app["app_label"], model["object_name"], model["admin_url"], model["add_url"])
        for app in app_list
        for model in app["models"]
    ]


def test_the_default_site_is_the_newsrooms():
    assert isinstance(admin.site, NewsroomAdminSite)


@pytest.mark.parametrize("role", ["editor", "reporter", "photo_desk", "staff_without_role"])
def test_each_role_sees_the_list_django_would_build(request, role):
    user = request.getfixturevalue(role)
    app_list_for(user)  # the first one is built and kept; the second comes from what was kept

    kept = app_list_for(type(user).objects.get(pk=user.pk))

    assert models_in(kept) == models_in(djangos_app_list_for(user))
    assert models_in(app_list_for(user, "photos")) == models_in(djangos_app_list_for(user, "photos"))


def test_a_superuser_sees_every_model():
    boss = factories.make_user(username="boss", is_staff=True, is_superuser=True)
    assert models_in(app_list_for(boss)) == models_in(djangos_app_list_for(boss))
    assert len(models_in(app_list_for(boss))) == len(admin.site._registry)


def test_a_permission_given_or_taken_away_changes_the_sidebar_on_the_next_page(client):
    clerk = factories.make_user(username="clerk", is_staff=True)
    client.force_login(clerk)
    photos = reverse("admin:photos_photo_changelist")
    assert photos not in client.get(reverse("admin:index")).content.decode()

    clerk.user_permissions.add(Permission.objects.get(codename="view_photo"))
    assert photos in client.get(reverse("admin:index")).content.decode()

    clerk.user_permissions.clear()
    assert photos not in client.get(reverse("admin:index")).content.decode()


def test_the_list_is_kept_per_language():
    boss = factories.make_user(username="boss", is_staff=True, is_superuser=True)
    with translation.override("en"):
        english = [str(app["name"]) for app in app_list_for(boss)]
    with translation.override("de"):
        german = [str(app["name"]) for app in app_list_for(boss)]

    assert "Authentication and Authorization" in english
    assert "Authentifizierung und Autorisierung" in german


def test_a_caller_changing_its_list_changes_no_one_elses(editor):
    first = app_list_for(editor)
    first[0]["models"].clear()
    first[0]["name"] = "Changed"

    again = app_list_for(editor)

    assert again[0]["name"] != "Changed"
    assert again[0]["models"]
