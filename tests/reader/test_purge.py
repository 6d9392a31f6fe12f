"""The CDN purge hook: after every write readers could see commits, one PURGE names the surrogate
keys of exactly the pages that showed it, and nothing an editor does waits on or fails with the CDN.

A real HTTP server on loopback (http.server in a thread) plays the CDN. Tasks run with the
embedded default (Django's ImmediateBackend), so the PURGE has arrived when the commit returns.
"""

import http.server
import logging
import socket
import threading
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from articles.photos.services import photo_update
from articles.reader.tasks import PURGE_ATTEMPTS, purge_surrogate_keys
from articles.stories.models import Story
from articles.workflow.services import story_note_add, story_publish
from tests import factories

pytestmark = pytest.mark.django_db
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class CdnHandler(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purges.append((self.path, self.headers.get("Surrogate-Key", "").split()))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def cdn():
    """A loopback HTTP server that records each PURGE as (path, keys), at `cdn.url`.

    Tests point READER_PURGE_URL at it just before the write under test: the test's own
    transaction never commits, so a batch opened while setting up would hold the later keys too.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CdnHandler)
    server.purges = []
    server.url = f"http://127.0.0.1:{server.server_port}/purge"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_endpoint():
    """An address on a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/purge"


def live_story(**fields):
    return factories.make_story(
        status=Story.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        bylines=[factories.make_author()],
        tags=["Harbour"],
        lead_photo=factories.make_photo(),
        **fields,
    )


def page_keys(client, url):
    """The Surrogate-Key of the page a CDN holds for `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    return set(response["Surrogate-Key"].split())


def surfaces(story):
    return {
        "home": reverse("articles:home"),
        "story": story.get_absolute_url(),
        "section": story.section.get_absolute_url(),
        "topic": reverse("articles:topic-detail", args=[Tag.objects.get(name="Harbour").slug]),
        "author": story.bylines.get().author.get_absolute_url(),
    }


def test_publishing_purges_every_page_that_now_shows_the_story(
    client, editor, cdn, django_capture_on_commit_callbacks, settings
):
    story = live_story()
    held = {name: page_keys(client, url) for name, url in surfaces(story).items() if name != "story"}
    draft = factories.make_story(
        section=story.section,
        bylines=[story.bylines.get().author],
        tags=["Harbour"],
        headline="Ferry strike ends",
    )
    factories.add_text(draft, "<p>The union agreed terms overnight.</p>")

    settings.READER_PURGE_URL = cdn.url

    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=draft, user=editor)

    assert len(cdn.purges) == 1, "one write, one PURGE"
    path, keys = cdn.purges[0]
    assert path == "/purge"
    assert {f"story-{draft.pk}", f"section-{draft.section_id}", "page-home", "page-feed"} <= set(keys)
    for name in held:  # the pages the CDN holds, as they were before
        assert held[name] & set(keys), f"the {name} page, which now lists the story, is not purged"


def test_a_correction_purges_the_story_and_the_lists_showing_it(
    client, editor, cdn, django_capture_on_commit_callbacks, settings
):
    story = live_story()
    held = page_keys(client, story.get_absolute_url())

    settings.READER_PURGE_URL = cdn.url

    with django_capture_on_commit_callbacks(execute=True):
        story_note_add(
            story=story, user=editor, kind="correction", text="An earlier version misnamed the pier."
        )

    [(_, keys)] = cdn.purges
    assert f"story-{story.pk}" in keys
    assert held & set(keys)
    assert len(keys) == len(set(keys))


def test_a_photo_credit_fix_purges_the_stories_showing_the_photo(
    client, cdn, django_capture_on_commit_callbacks, settings
):
    story = live_story()
    other = live_story()
    held = page_keys(client, story.get_absolute_url())
    photo = story.lead_photo
    photo.credit = "Harbour Press Agency"

    settings.READER_PURGE_URL = cdn.url

    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, user=None, fields=["credit"])

    # The photo's save, then its renditions (they carry the credit), remade by their task after
    # the commit: two transactions, each purging what it changed.
    keys = [key for _, purged in cdn.purges for key in purged]
    assert f"story-{story.pk}" in keys
    assert held & set(keys)
    assert f"story-{other.pk}" not in keys, "a story without the photo was purged"


def test_a_section_edit_purges_every_reader_page(client, cdn, django_capture_on_commit_callbacks, settings):
    """A section's name is in every page's menu, so every page goes."""
    story = live_story()
    held = {name: page_keys(client, url) for name, url in surfaces(story).items()}
    section = story.section
    section.name = "Waterfront"

    settings.READER_PURGE_URL = cdn.url

    with django_capture_on_commit_callbacks(execute=True):
        section.save()

    [(_, keys)] = cdn.purges
    for name, page in held.items():
        assert page & set(keys), f"the {name} page keeps the old section name"
    assert "page-story-preview" not in keys  # previews are never cached anywhere


def test_nothing_is_sent_when_the_setting_is_empty(editor, cdn, settings, django_capture_on_commit_callbacks):
    assert settings.READER_PURGE_URL == ""  # the default
    draft = factories.make_story(lead_photo=factories.make_photo())
    factories.add_text(draft, "<p>Text.</p>")

    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=draft, user=editor)

    assert cdn.purges == []


def test_draft_only_writes_send_nothing(cdn, django_capture_on_commit_callbacks, settings):
    section = factories.make_section()  # a new section is in every page's menu: that one purges
    settings.READER_PURGE_URL = cdn.url

    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.make_story(section=section, bylines=[factories.make_author()], tags=["Harbour"])
        factories.add_text(draft, "<p>Not yet.</p>")
        draft.deck = "Still being written."
        draft.save()

    assert cdn.purges == []


def test_a_rolled_back_write_sends_nothing(cdn, django_capture_on_commit_callbacks, settings):
    story = live_story()

    settings.READER_PURGE_URL = cdn.url

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            story.headline = "Never saved"
            story.save()
            raise RuntimeError
        draft = factories.make_story(section=story.section)  # the next write: a draft, nothing to purge
        draft.save()

    assert cdn.purges == []


def test_a_dead_endpoint_does_not_break_the_save(
    editor, dead_endpoint, caplog, django_capture_on_commit_callbacks, settings
):
    draft = factories.make_story(lead_photo=factories.make_photo())
    factories.add_text(draft, "<p>Text.</p>")

    settings.READER_PURGE_URL = dead_endpoint
    with caplog.at_level(logging.WARNING, logger="articles.reader.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            story_publish(story=draft, user=editor)

    draft.refresh_from_db()
    assert draft.is_published()
    assert "CDN purge of" in caplog.text and "given up" in caplog.text


def test_a_failed_purge_is_retried_a_bounded_number_of_times(dead_endpoint, caplog, settings):
    settings.READER_PURGE_URL = dead_endpoint
    keys = ["story-1", "section-2"]

    with override_settings(TASKS=WORKER):
        assert purge_surrogate_keys.call(keys) is False
        retry = DBTaskResult.objects.get()
        assert retry.args_kwargs == {"args": [keys, 2], "kwargs": {}}
        assert retry.run_after > timezone.now() + timedelta(seconds=3)

        with caplog.at_level(logging.ERROR, logger="articles.reader.tasks"):
            assert purge_surrogate_keys.call(keys, PURGE_ATTEMPTS) is False

    assert DBTaskResult.objects.count() == 1, "the last attempt queued another"
    assert "given up" in caplog.text
