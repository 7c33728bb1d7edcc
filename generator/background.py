"""The site's pages and data files, built in a forked process while the caller goes on.

A ``mkdocs build`` of a small review spends most of its extra time importing pandas and Altair
and rendering the pages. The MkDocs hook starts that work here as soon as MkDocs has loaded its
configuration and collects it when MkDocs asks for the files, so that the second core works
while MkDocs reads its theme and docs/. Only the pages and data files come back (pickled through
a pipe): the cases and the summary would make this process import pandas just to read them.

Where forking is not safe (threads are running, as under ``mkdocs serve``) or not available
(not Linux), or if the child dies, :meth:`Pending.result` builds in this process instead: the
same result, without the parallelism.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path

from .diagnostics import Diagnostic, ValidationFailed

Generated = tuple[dict[str, str], dict[str, bytes]]
"""(pages, data files), keyed by their path in the site's source tree, as in ``site.Site``."""


def generate(root: Path) -> Generated:
    """Validate and render everything under ``root``; raise ValidationFailed if invalid."""
    from . import chart_worker

    # the chart converter (a process of its own) starts while pandas and Altair are imported
    chart_worker.prestart()
    from .site import build  # pandas and Altair: imported by whichever process renders

    site = build(root)
    return site.pages, site.files


def can_fork() -> bool:
    """Whether this process may fork a worker: Linux, and no other thread running."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class Pending:
    """:func:`generate` for ``root``, started now in a forked child when :func:`can_fork`."""

    def __init__(self, root: Path, *, fork: bool | None = None):
        self.root = root
        self._pid: int | None = None
        self._read: int | None = None
        if fork is None:
            fork = can_fork()
        if fork:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _child(root, write)  # never returns
            os.close(write)
            self._pid, self._read = pid, read

    def result(self) -> Generated:
        """The pages and data files; raise ValidationFailed as :func:`generate` would."""
        outcome = self._collect()
        if outcome is None:  # no child, or it died without an answer: build here
            return generate(self.root)
        if isinstance(outcome, list):
            raise ValidationFailed(outcome)
        return outcome

    def _collect(self) -> Generated | list[Diagnostic] | None:
        if self._pid is None or self._read is None:
            return None
        try:
            with os.fdopen(self._read, "rb") as pipe:
                return pickle.load(pipe)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None
        finally:
            os.waitpid(self._pid, 0)
            self._pid = self._read = None


def _child(root: Path, write: int) -> None:
    """Run in the forked child: send :func:`generate`'s outcome (or the diagnostics), then exit.

    Its output goes nowhere: if anything goes wrong, the parent builds again and reports it.
    """
    status = 1
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        try:
            outcome: Generated | list[Diagnostic] = generate(root)
        except ValidationFailed as exc:
            outcome = exc.diagnostics
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)
