"""Garbage collection between requests, not in the middle of one (gunicorn workers and the benches).

CPython collects when allocations pass a threshold, which during a request means while the page's
whole object graph is alive: a young-generation pass then walks thousands of live objects (about
9 ms of an uncached list page, bench/archive_pages_bench.py) and a full pass everything the worker
holds (about 20 ms). After the response is sent that graph is gone, freed by reference counting,
and the same passes only meet the few cycles left over.

So a worker freezes what it loaded at start-up, raises the threshold far above what one request
allocates (it still collects a runaway request mid-way), and after each request collects with
CPython's own cadence: the youngest generation every time, the middle one every 10th, all of it
every 100th.
"""

import gc

# Net allocations before a pass inside a request: one page makes a few thousand, an import far more.
RUNAWAY_THRESHOLD = 200_000
MIDDLE_EVERY, FULL_EVERY = 10, 100

_served = 0


def worker_started() -> None:
    """Call once the worker has imported everything, before its first request."""
    # Django, its apps and their modules live as long as the worker: no pass need walk them again.
    gc.freeze()
    gc.set_threshold(RUNAWAY_THRESHOLD, MIDDLE_EVERY, MIDDLE_EVERY)


def request_finished() -> None:
    """Call after each response has been sent."""
    global _served
    _served += 1
    generation = 2 if _served % FULL_EVERY == 0 else 1 if _served % MIDDLE_EVERY == 0 else 0
    gc.collect(generation)
