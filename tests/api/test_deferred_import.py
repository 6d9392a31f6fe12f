"""The content API (and the search highlighter's stemmers) are imported on first use only, so reader and
admin workers never load django-ninja."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import resolve, reverse

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import django
django.setup()
from django.urls import resolve, reverse
reverse("articles:home"), reverse("admin:index"), resolve("/"), resolve("/admin/")
print("before", *(name in sys.modules for name in ("ninja", "pydantic", "snowballstemmer")))
resolve("/api/ninjs/stories")
print("after", "ninja" in sys.modules)
"""


def test_reader_and_admin_addresses_leave_the_api_unimported():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": "sqlite://:memory:",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["before False False False", "after True"]


@pytest.mark.parametrize("name", ["api:api-root", "api:openapi-json"])
def test_api_names_reverse_and_resolve_under_their_prefix(name):
    address = reverse(name)

    assert address.startswith("/api/")
    assert resolve(address).namespace == "api"


def test_an_api_address_answers(client, db):
    response = client.get("/api/ninjs/stories")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
