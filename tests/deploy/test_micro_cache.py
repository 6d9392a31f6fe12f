"""nginx's micro-cache in the production stack (deploy/nginx/newsroom.conf), seen from outside.

Anonymous readers' pages are kept about a second, so a burst costs one render a second; staff,
subscribed readers, the admin and health checks never read or fill it; an editor's change shows
within that second. The stack is test_serve's (deploy/serve.py on a free port, over HTTP only).
"""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from articles.alerts.cookies import ALERTS_COOKIE
from tests.deploy import test_serve
from tests.deploy.test_serve import Client, form_fields, save_story

# test_serve's fixtures: a stack of this module's own, started once for all its tests.
stack_database, stack = test_serve.stack_database, test_serve.stack

SITE_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "newsroom.conf"
# The micro-cache keeps a page one second; nginx counts whole seconds, so a copy may be up to
# two seconds old. A change must show within this, with room for a loaded machine.
FRESH_WITHIN_SECONDS = 6


def cache_status(response):
    return response.headers.get("X-Cache-Status")


def live_story(editor, reader):
    """(admin change path, public path) of a demo story readers can open (published, time reached)."""
    changelist = editor.get("/admin/stories/story/")
    for change_path in dict.fromkeys(
        re.findall(r'href="(/admin/stories/story/\d+/change/)"', changelist.text)
    ):
        fields = dict(form_fields(editor.get(change_path).text, "story_form"))
        story_path = f"/stories/{fields['slug']}/"
        if fields.get("status") == "published" and reader.get(story_path).status == 200:
            return change_path, story_path
    raise AssertionError("the demo has no live story")


@pytest.fixture(scope="module")
def editor(stack):
    client = Client(stack["address"])
    client.login("editor")
    return client


def test_the_cookie_names_nginx_knows_are_the_apps():
    """The one map in the site config names exactly the session and alerts cookies."""
    rule = re.search(
        r"map \$http_cookie \$newsroom_personal_cookie \{.*?\((\w+)\|(\w+)\)=", SITE_CONFIG.read_text(), re.S
    )

    assert rule, "the cookie map is missing from deploy/nginx/newsroom.conf"
    assert set(rule.groups()) == {settings.SESSION_COOKIE_NAME, ALERTS_COOKIE}


def test_a_second_anonymous_visit_is_a_hit(stack):
    reader = Client(stack["address"])
    path = "/?micro-cache=hit"

    first = reader.get(path)
    second = reader.get(path)
    head = reader.request("HEAD", path)

    assert first.status == second.status == 200
    assert cache_status(first) == "MISS"
    assert cache_status(second) == "HIT"
    assert cache_status(head) == "HIT"
    assert second.body == first.body
    assert "s-maxage=" in second.headers["Cache-Control"]  # the app's header, passed on for CDNs
    assert second.headers["ETag"] == first.headers["ETag"]


def test_staff_never_get_a_cached_page_and_never_fill_the_cache(stack, editor):
    path = "/?micro-cache=staff"
    staff_page = editor.get(path)
    again = editor.get(path)
    reader_page = Client(stack["address"]).get(path)

    assert cache_status(staff_page) == cache_status(again) == "BYPASS"
    assert "private" in staff_page.headers["Cache-Control"]
    assert cache_status(reader_page) == "MISS", "the editor's page was stored for readers"
    assert cache_status(editor.get(path)) == "BYPASS", "the editor was served the readers' copy"


def test_subscribed_readers_never_get_a_cached_page_and_never_fill_the_cache(stack):
    path = "/?micro-cache=subscribed"
    subscribed = Client(stack["address"])
    cookie = {"Cookie": f"{ALERTS_COOKIE}=any-value"}

    first = subscribed.get(path, headers=cookie)
    anonymous = Client(stack["address"]).get(path)
    second = subscribed.get(path, headers=cookie)

    assert cache_status(first) == cache_status(second) == "BYPASS"
    assert cache_status(anonymous) == "MISS", "the subscribed reader's page was stored for others"


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz", "/readyz", "/alerts/confirm/not-a-token/"])
def test_the_admin_alerts_and_health_checks_are_never_cached(stack, path):
    reader = Client(stack["address"])

    answers = [reader.get(path) for _ in range(2)]

    assert [cache_status(answer) for answer in answers] == ["BYPASS", "BYPASS"], path


def test_what_the_app_does_not_offer_to_shared_caches_is_not_stored(stack):
    reader = Client(stack["address"])

    missing = [reader.get("/stories/no-such-story-here/") for _ in range(2)]

    assert [answer.status for answer in missing] == [404, 404]
    assert "HIT" not in [cache_status(answer) for answer in missing]


def test_an_editors_change_reaches_anonymous_readers_within_the_micro_cache_time(stack, editor):
    reader = Client(stack["address"])
    change_path, story_path = live_story(editor, reader)  # and now in the micro-cache
    assert cache_status(reader.get(story_path)) == "HIT"

    headline = f"Micro-cache check {time.time_ns()}"
    saved = save_story(editor, change_path, headline)
    assert saved.status == 302, saved.text[:2000]
    saved_at = time.monotonic()

    while headline not in (page := reader.get(story_path)).text:
        assert time.monotonic() - saved_at < FRESH_WITHIN_SECONDS, "readers still see the old headline"
        time.sleep(0.1)
    assert page.status == 200
