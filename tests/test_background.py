"""The build the MkDocs hook starts in a forked process gives what the build in-process gives,
step by step."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from generator.charts.chart_slots import SLOT, fill
from generator.engines import background
from generator.engines.background import Pending, can_fork, generate
from generator.model.diagnostics import ValidationFailed
from tests.helpers import REVIEW
from tests.test_site import copy_project

ROOT = REVIEW  # the released cases only (tests/helpers.py)
FIXTURES = ROOT / "tests" / "fixtures" / "invalid"

needs_fork = pytest.mark.skipif(not can_fork(), reason="forking needs Linux and a single thread")


@needs_fork
def test_forked_build_equals_the_build_in_process():
    pending = Pending(ROOT, fork=True)
    assert pending.result() == generate(ROOT)


@needs_fork
def test_forked_build_of_invalid_cases_raises_the_same_diagnostics(tmp_path):
    project = copy_project(ROOT, tmp_path)
    shutil.copy2(FIXTURES / "unknown-cause.yaml", project / "cases" / "unknown-cause.yaml")
    with pytest.raises(ValidationFailed) as in_process:
        generate(project)
    with pytest.raises(ValidationFailed) as forked:
        Pending(project, fork=True).result()
    assert forked.value.diagnostics == in_process.value.diagnostics
    assert any("unknown cause" in d.message for d in forked.value.diagnostics)


def test_no_fork_while_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_the_forked_build_sends_the_page_list_then_each_page_then_the_drawings():
    """What the hook reads: the list first, the pages in that order with the charts in slots,
    the drawings for the slots, then the files; the same site as the build in process."""
    pages, files = generate(ROOT)
    pending = Pending(ROOT, fork=True)
    assert pending.pages() == list(pages)
    first = pending.pages()[0]
    assert first.startswith("cases/") and pending.page(first) == pages[first]
    charts = pending.page("charts.md")
    assert SLOT.search(charts) and "<svg" not in charts  # written before the drawings came
    views = pending.views()
    assert len(views) >= 7 and all(v.startswith("<svg") for v in views.values())
    assert fill(charts, views) == pages["charts.md"]
    assert pending.files() == files


@needs_fork
def test_a_child_that_dies_halfway_is_replaced_by_the_build_in_process(monkeypatch):
    """If the forked build dies after sending some steps, the pages still all come (built
    again here), the same as the build in process."""
    expected = generate(ROOT)
    parent = os.getpid()
    real_parts = background.parts

    def dying_parts(root, site=None):
        for number, step in enumerate(real_parts(root, site)):
            if os.getpid() != parent and number == 3:
                raise RuntimeError("the child dies")
            yield step

    monkeypatch.setattr(background, "parts", dying_parts)
    pending = Pending(ROOT, fork=True)
    assert pending.result() == expected


def test_a_page_written_but_not_listed_stops_the_build(monkeypatch):
    """The hook gives MkDocs the listed pages only: a page left off the list must not vanish."""
    from generator.pages import pipeline
    from generator.pages.pipeline import build

    listed = pipeline.page_list
    monkeypatch.setattr(pipeline, "page_list", lambda *args: listed(*args)[:-1])
    with pytest.raises(RuntimeError, match="not listed"):
        build(ROOT)
