"""The one job run beside the build (``generator.engines.forked``): its result comes back from the
child; a child that dies, or a result that cannot come back, falls back to the job run here; the
job's own error is the caller's."""

from __future__ import annotations

import os
import threading

import pytest

from generator.engines import forked


def test_the_job_runs_in_a_child_and_its_result_comes_back():
    parent = os.getpid()
    wait = forked.beside(lambda: (os.getpid(), [1, 2, 3]))
    pid, value = wait()
    assert pid != parent and value == [1, 2, 3]


def test_a_child_that_dies_is_replaced_by_the_job_run_here():
    parent = os.getpid()

    def job():
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a word
        return "made here"

    assert forked.beside(job)() == "made here"


def test_a_result_that_cannot_come_back_is_made_here():
    parent = os.getpid()

    def job():
        return threading.Lock() if os.getpid() != parent else "made here"  # a lock: no pickle

    assert forked.beside(job)() == "made here"


def test_the_jobs_own_error_is_raised_to_the_caller():
    def job():
        raise ValueError("a bad spec")

    wait = forked.beside(job)
    with pytest.raises(ValueError, match="a bad spec"):
        wait()


def test_without_fork_the_job_runs_here(monkeypatch):
    monkeypatch.setattr(forked.mp, "get_all_start_methods", lambda: ["spawn"])
    parent = os.getpid()
    assert forked.beside(lambda: os.getpid())() == parent


def test_the_site_made_beside_is_the_site_made_here(root):
    """The half of the case pages and the aggregate pages made in the child are the pages, and
    in the order, that one process makes."""
    from generator.pages.pipeline import build, start

    here = build(root)
    beside = start(root, beside=forked.beside).rest()
    assert list(beside.pages) == list(here.pages) and beside.pages == here.pages
    assert beside.files == here.files and beside.summary == here.summary
    raw = start(root, beside=forked.beside).rest(filled=False)
    assert raw.views and all(raw.filled(raw.pages[uri]) == here.pages[uri] for uri in here.pages)


def test_reading_the_childs_summary_back_imports_no_pandas():
    """MkDocs' process unpickles the summary the child made (``pages.dataset.Summary``); that
    must not import pandas there (about 0.5 s of the build at 2,000 cases, on the GIL)."""
    import pickle
    import subprocess
    import sys

    from generator.pages.pipeline import build
    from tests.helpers import REVIEW

    data = pickle.dumps(build(REVIEW).summary)
    code = (
        "import pickle, sys; summary = pickle.loads(sys.stdin.buffer.read()); "
        "print(type(summary).__name__, 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True)
    assert done.stdout.decode().split() == ["Summary", "False"]
