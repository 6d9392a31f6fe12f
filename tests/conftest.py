"""Test settings and fixtures shared by every test.

tests/settings.py is the project's settings module plus a test SECRET_KEY; test
speed-ups and isolation (fast hashing, memory cache, media in a temporary folder) are set here.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()  # locmem keeps its data per process: start every test empty (rate limits live there)
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise warns at start-up when STATIC_ROOT does not exist (nothing is collected in tests).
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.SECURE_SSL_REDIRECT = False
    # Two small widths keep the many photos tests (and every demo seed) make quick to resize.
    settings.PHOTO_RENDITION_WIDTHS = [160, 320]
    settings.PHOTO_RENDITION_CROPS = {}  # tests of the crops set their own
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _roles_after_flush(request):
    """Live-server tests commit for real, so the database is flushed after each one, taking
    the roles made by the data migration with it; give them back (pytest-django runs these
    tests last, so no other test ever sees a flushed database)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if not transactional and not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    roles_migration = importlib.import_module("articles.migrations.0002_roles")
    roles_migration.grant_roles(Group, Permission)


def _user_in_role(role, username):
    user = factories.make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return _user_in_role("Editors", "editor")


@pytest.fixture
def reporter(db):
    return _user_in_role("Reporters", "reporter")


@pytest.fixture
def photo_desk(db):
    return _user_in_role("Photo desk", "photodesk")


@pytest.fixture
def staff_without_role(db):
    return factories.make_user(username="norole", is_staff=True)
