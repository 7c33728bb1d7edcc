"""One job run beside this process, in a forked child, with this process as the fallback.

``mkdocs build`` (the plugin, ``mkdocs_support.site_pages``) gives :func:`beside` the pages that
aggregate every case (``pipeline.start``): the child draws the charts and writes Table 1, Home
and the data files while MkDocs, here, converts the case pages. At 2,000 cases this is what keeps
the full build within 1.15 times a plain MkDocs build of the same pages (README, "How a build
runs"). Whatever goes wrong with the child (no fork here, a child that dies, a result that cannot
come back), the job is run here instead: the site is the same, only later. ``mkdocs serve`` never
forks (MkDocs' server runs threads): its rebuilds are small.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger("mkdocs.plugins.living_review")

_JOB: Callable[[], Any] | None = None
"""The job of the child being forked: the child inherits it (a closure is not sent)."""


def _run() -> Any:
    assert _JOB is not None
    return _JOB()


def beside(job: Callable[[], T]) -> Callable[[], T]:
    """Start ``job`` in a forked child; the function returned gives its result, or, if the child
    did not give one (it died, its result could not come back, or the job failed), runs the job
    here: its result, or its own error, raised here."""
    global _JOB
    if "fork" not in mp.get_all_start_methods():
        result = job()
        return lambda: result
    _JOB = job
    try:
        pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"))
        future = pool.submit(_run)  # forks now: the child has _JOB
    except OSError:
        result = job()
        return lambda: result
    finally:
        _JOB = None

    def wait() -> T:
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - whatever failed there, here decides: the
            log.info(f"made in this process: the child process failed ({exc!r})")
            return job()  # job's own error is raised again, here, with its own traceback
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    return wait
