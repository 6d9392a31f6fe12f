"""Two editors publishing one story at the same moment publish it once (issue 12, item 11).

Real concurrency: two threads, each with its own database connection, both having read the
draft before either publishes. PostgreSQL queues the second on the row lock, SQLite on its
IMMEDIATE write transaction; either way the second finds the story already moved and is refused.
"""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.fronts.models import Arrangement
from articles.fronts.services import front_arrange
from articles.stories.models import Story
from articles.workflow.models import AuditEntry
from articles.workflow.services import story_publish, story_unpublish
from tests import factories


@pytest.fixture(scope="module")
def sqlite_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, a migrated database file: the test run's in-memory database is one shared cache,
    whose table locks fail at once instead of waiting as a file's write lock does in production."""
    if connection.vendor != "sqlite":
        yield None
        return
    path = tmp_path_factory.mktemp("concurrent") / "newsroom.sqlite3"
    # The in-memory database lives while a connection to it is open: this one keeps it.
    keeper = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
    with django_db_blocker.unblock():
        in_memory = use_database(str(path))
        call_command("migrate", verbosity=0)
        use_database(in_memory)
    yield str(path)
    keeper.close()


def use_database(name):
    """Point every connection (this thread's and those threads open) at `name`; the old name."""
    old = connection.settings_dict["NAME"]
    if connection.connection is not None:
        # Django never closes an in-memory database's connection; this switch must.
        connection.connection.close()
        connection.connection = None
    connection.settings_dict["NAME"] = name
    return old


@pytest.fixture(autouse=True)
def real_database(sqlite_file, transactional_db):
    if sqlite_file is None:
        yield
        return
    in_memory = use_database(sqlite_file)
    try:
        yield
    finally:
        call_command("flush", interactive=False, verbosity=0)
        use_database(in_memory)


def race(steps):
    """Run each step in its own thread once every thread has read the story; the outcomes, sorted."""
    barrier = threading.Barrier(len(steps))

    def run(step):
        try:
            story = Story.objects.get(pk=step.story_pk)  # each editor's own page, read before anyone acts
            barrier.wait(timeout=10)
            step(story)
            return "done"
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(len(steps)) as pool:
        return sorted(pool.map(run, steps))


class Step:
    def __init__(self, story_pk, action):
        self.story_pk, self.action = story_pk, action

    def __call__(self, story):
        self.action(story)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(3))
def test_a_double_publish_records_one_publication(editor, run):
    story = factories.make_story(with_revision=True)

    def publish(story):
        story_publish(story=story, user=editor, at=timezone.now())

    outcomes = race([Step(story.pk, publish), Step(story.pk, publish)])

    assert outcomes == ["done", "state_changed"]
    assert story.audit_entries.filter(action=AuditEntry.Action.PUBLISHED).count() == 1
    assert list(story.revisions.values_list("comment", flat=True).order_by("number")) == [
        "Created",
        "Published",
    ]
    assert Story.objects.get(pk=story.pk).is_published()


@pytest.mark.django_db(transaction=True)
def test_a_double_unpublish_records_one_step(editor):
    story = factories.make_story(status=Story.Status.PUBLISHED, with_revision=True)

    def unpublish(story):
        story_unpublish(story=story, user=editor)

    outcomes = race([Step(story.pk, unpublish), Step(story.pk, unpublish)])

    assert outcomes == ["done", "state_changed"]
    assert story.audit_entries.filter(action=AuditEntry.Action.UNPUBLISHED).count() == 1
    assert story.revisions.count() == 2


@pytest.mark.django_db
def test_publishing_a_published_story_again_is_refused_with_a_message(editor):
    story = factories.make_story()
    story_publish(story=story, user=editor)

    with pytest.raises(ValidationError, match="is already published") as refused:
        story_publish(story=story, user=editor)

    assert refused.value.code == "already_published"
    assert story.audit_entries.count() == 1


# Fronts (articles/fronts) here too, sharing this module's migrated SQLite file: two editors saving
# one front at the same moment from the same live arrangement save one change; the other is
# refused as stale (it would silently undo the first), by PostgreSQL's advisory lock on the front
# or SQLite's IMMEDIATE write transactions.


@pytest.mark.django_db(transaction=True)
def test_two_editors_arranging_one_front_at_once_save_one_change(editor):
    section = factories.make_section()
    first, second = (factories.make_story(section=section, status=Story.Status.PUBLISHED) for _ in range(2))
    seen = front_arrange(section=section, stories=[first], user=editor)
    barrier = threading.Barrier(2)

    def arrange(lead):
        try:
            barrier.wait(timeout=10)
            front_arrange(
                section=section, stories=[lead], user=editor, check_stale=True, expected_live_id=seen.pk
            )
            return "done"
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(arrange, [first, second]))

    assert outcomes == ["done", "stale"]
    assert Arrangement.objects.of_front(section).count() == 2
