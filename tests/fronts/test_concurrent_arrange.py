"""Two editors saving the same front at the same moment, both from the same live arrangement: one
change goes through, the other is refused as stale (it would silently undo the first), on
PostgreSQL (the front's advisory lock) and SQLite (its IMMEDIATE write transactions) alike."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from articles.fronts.models import Arrangement
from articles.fronts.services import front_arrange
from articles.stories.models import Story
from tests import factories
from tests.workflow.test_concurrent_publish import real_database, sqlite_file  # noqa: F401 (fixtures)


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
