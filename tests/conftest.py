"""Test settings and fixtures shared by every test.

tests/settings.py is the project's settings module plus a test SECRET_KEY; test
speed-ups and isolation (fast hashing, memory cache, media in a temporary folder) are set here.
"""

import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from taggit.models import Tag, TaggedItem

from tests import factories

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def media_settings(folder: Path) -> dict:
    """Media in `folder`: originals under private/, renditions (what readers get) under public/."""
    return {
        "MEDIA_ROOT": folder / "public",
        "PRIVATE_MEDIA_ROOT": folder / "private",
        "STORAGES": {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder / "private", "base_url": "/private-media/"},
            },
            "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


def use_media_folder(settings, folder: Path) -> None:
    for name, value in media_settings(folder).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # Login throttling is tested in tests/security; elsewhere client.login (which passes no request,
    # so django-axes would refuse it) and the browser tests' form logins run without it.
    settings.AXES_ENABLED = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()  # locmem keeps its data per process: start every test empty (rate limits live there)
    use_media_folder(settings, tmp_path / "media")
    # WhiteNoise warns at start-up when STATIC_ROOT does not exist (nothing is collected in tests).
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.SECURE_SSL_REDIRECT = False
    # Two small widths keep the many photos tests (and every demo seed) make quick to resize.
    settings.PHOTO_RENDITION_WIDTHS = [160, 320]
    settings.PHOTO_RENDITION_CROPS = {}  # tests of the crops set their own


@pytest.fixture
def uncached(settings):
    """Reader pages rendered afresh on every request (the page cache off): for render budgets."""
    settings.READER_PAGE_CACHE_SECONDS = 0


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


# The demo newsroom, seeded once per test run.

DEMO_DATA_APPS = ("photos", "stories", "search", "workflow", "alerts", "fronts")
# The seed's rendition sizes: real enough for screenshots, few enough to be quick.
DEMO_RENDITIONS = {"PHOTO_RENDITION_WIDTHS": [320, 960], "PHOTO_RENDITION_CROPS": {}}


@dataclass(frozen=True)
class DemoDump:
    rows: Path  # every row the seed wrote, as a fixture file for loaddata
    media: Path  # the pictures and renditions it stored
    output: str  # what `manage.py seed_demo` printed


@pytest.fixture(scope="session")
def demo_dump(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed the demo newsroom once, keep its rows and files, and roll the database back.

    Seeding draws and resizes about 70 pictures; every test that needs the demo loads
    these rows instead (see `demo`), in a fraction of the time.
    """
    folder = tmp_path_factory.mktemp("demo")
    output = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHERS, **media_settings(folder / "media"), **DEMO_RENDITIONS
        ),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--no-progress", stdout=output)
        querysets = [
            model.objects.order_by("pk")
            for label in DEMO_DATA_APPS
            for model in django_apps.get_app_config(label).get_models()
            if model._meta.managed  # not search's view of the SQLite FTS5 index, derived from its table
        ]
        querysets += [Tag.objects.order_by("pk"), TaggedItem.objects.order_by("pk")]
        querysets += [get_user_model().objects.order_by("pk")]
        rows = folder / "demo.json"
        with rows.open("w") as stream:
            serializers.serialize(
                "json",
                itertools.chain.from_iterable(querysets),
                stream=stream,
                use_natural_foreign_keys=True,
            )
        transaction.set_rollback(True)
    return DemoDump(rows=rows, media=folder / "media", output=output.getvalue())


@pytest.fixture
def demo(demo_dump, settings, db):
    """The demo newsroom in this test's database, its pictures in MEDIA_ROOT; returns the seed's output."""
    use_media_folder(settings, demo_dump.media)
    for name, value in DEMO_RENDITIONS.items():
        setattr(settings, name, value)
    call_command("loaddata", demo_dump.rows, verbosity=0)
    return demo_dump.output
