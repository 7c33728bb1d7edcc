"""The build the MkDocs hook starts in a forked process gives what the build in-process gives."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from generator.background import Pending, can_fork, generate
from generator.diagnostics import ValidationFailed
from tests.test_site import copy_project

ROOT = Path(__file__).resolve().parent.parent
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
