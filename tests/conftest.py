"""Test settings and fixtures shared by every test.

tests/settings.py is the project's settings module plus a test SECRET_KEY; test
speed-ups and isolation (fast hashing, memory cache, media in a temporary folder) are set here.
"""

import pytest
from django.contrib.auth.models import Group
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


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client
