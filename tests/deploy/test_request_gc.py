"""Garbage collection waits for the gaps between requests (newsroom/request_gc.py, gunicorn.conf.py)."""

import gc
import runpy
from pathlib import Path

import pytest

from newsroom import request_gc

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def collections(monkeypatch):
    """The generation of every collection the test causes; the collector's state is put back after."""
    threshold = gc.get_threshold()
    monkeypatch.setattr(request_gc, "_served", 0)
    seen = []

    def record(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_started_worker_freezes_its_start_up_objects_and_leaves_requests_alone(collections):
    gc.unfreeze()
    request_gc.worker_started()

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == request_gc.RUNAWAY_THRESHOLD
    # What one page allocates passes no threshold: nothing is collected while it is built.
    pages = [[{"story": number, "cards": [object() for _ in range(5)]}] for number in range(2000)]
    assert collections == []
    assert len(pages) == 2000


def test_between_requests_the_generations_are_collected_at_cpythons_own_cadence(collections):
    request_gc.worker_started()

    for _ in range(200):
        request_gc.request_finished()

    assert collections.count(2) == 2
    assert collections.count(1) == 18
    assert collections.count(0) == 180
    assert collections[99] == 2 and collections[9] == 1 and collections[0] == 0


def test_a_runaway_request_is_still_collected_in_the_middle(collections):
    request_gc.worker_started()

    # Cycles the worker cannot free by reference counting, far more than any page makes.
    for _ in range(request_gc.RUNAWAY_THRESHOLD + 10_000):
        cycle = []
        cycle.append(cycle)

    assert 0 in collections


def test_gunicorn_workers_use_it(collections):
    hooks = runpy.run_path(str(GUNICORN_CONF))

    hooks["post_worker_init"](worker=None)
    assert gc.get_threshold()[0] == request_gc.RUNAWAY_THRESHOLD
    for _ in range(request_gc.MIDDLE_EVERY):
        hooks["post_request"](None, None, {}, None)

    assert collections == [0] * (request_gc.MIDDLE_EVERY - 1) + [1]
