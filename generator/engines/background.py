"""The site's pages and data files, built in a forked process while the caller goes on.

A ``mkdocs build`` of a small review spends most of its extra time importing pandas and Altair
and drawing the charts. The MkDocs plugin starts that work here as soon as MkDocs has loaded its
configuration, and the child sends the build back step by step (``pipeline.build_parts``): the
list of pages first, then each page as soon as it is written (each chart in a slot), then the
drawings for the slots, then the data files. MkDocs reads and converts the pages while pandas and
Altair are imported and the charts drawn; it waits, if at all, only when it writes a page that
shows a chart. A thread of the child writes the steps, so that the child never waits for MkDocs
to read them. Only the pages and data files come back (pickled through a pipe): the cases and the
summary would make this process import pandas just to read them.

Where forking is not safe (threads are running, as under ``mkdocs serve``) or not available
(not Linux), or if the child dies, the build runs in this process instead: the same result,
without the parallelism.
"""

from __future__ import annotations

import os
import pickle
import queue
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..charts.chart_slots import fill
from ..model.diagnostics import ValidationFailed

if TYPE_CHECKING:
    from ..pages.common import Site

Generated = tuple[dict[str, str], dict[str, bytes]]
"""(pages, data files), keyed by their path in the site's source tree, as in ``site.Site``."""


def parts(root: Path, site: Site | None = None) -> Iterator[tuple[str, Any]]:
    """``pipeline.build_parts`` for ``root``, the chart converter started first."""
    from ..charts import chart_worker

    # the chart converter (a process of its own) starts while the case pages are written and
    # pandas and Altair imported
    chart_worker.prestart()
    from ..pages.pipeline import build_parts

    return build_parts(root, site)


def generate(root: Path) -> Generated:
    """Validate and render everything under ``root``; raise ValidationFailed if invalid."""
    from ..pages.common import Site

    site = Site()
    for _ in parts(root, site):
        pass
    return site.pages, site.files


def can_fork() -> bool:
    """Whether this process may fork a worker: Linux, and no other thread running."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class Pending:
    """:func:`generate` for ``root``, started now in a forked child when :func:`can_fork`, and
    read step by step: :meth:`pages`, :meth:`page` for each (the charts in slots),
    :meth:`views` (the drawings for the slots), :meth:`files`."""

    def __init__(self, root: Path, *, fork: bool | None = None):
        self.root = root
        self._pid: int | None = None
        self._pipe: IO[bytes] | None = None
        self._steps: Iterator[tuple[str, Any]] | None = None
        self._list: list[str] | None = None
        self._pages: dict[str, str] = {}
        self._views: dict[str, str] | None = None
        self._files: dict[str, bytes] | None = None
        if fork is None:
            fork = can_fork()
        if fork:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _child(root, write)  # never returns
            os.close(write)
            self._pid, self._pipe = pid, os.fdopen(read, "rb")

    def pages(self) -> list[str]:
        """Every page the build writes, in order; raise ValidationFailed if the input is
        invalid."""
        while self._list is None:
            self._step()
        return self._list

    def page(self, uri: str) -> str:
        """One page's Markdown, its charts in slots (waiting until the build has written it)."""
        while uri not in self._pages:
            if self._files is not None:
                raise KeyError(f"the build wrote no page {uri}")
            self._step()
        return self._pages[uri]

    def views(self) -> dict[str, str]:
        """The drawing for each chart slot in the pages (once the charts are drawn)."""
        while self._views is None:
            self._step()
        return self._views

    def files(self) -> dict[str, bytes]:
        """The data files (once every page is written)."""
        while self._files is None:
            self._step()
        return self._files

    def result(self) -> Generated:
        """The pages (slots filled) and data files; raise ValidationFailed as :func:`generate`
        would."""
        files, views = self.files(), self.views()
        return {uri: fill(self.page(uri), views) for uri in self.pages()}, files

    def _step(self) -> None:
        kind, value = self._next()
        if kind == "pages":
            self._list = value
        elif kind == "page":
            self._pages[value[0]] = value[1]
        elif kind == "views":
            self._views = value
        elif kind == "files":  # the last step: the child is done
            self._files = value
            self._close()
        elif kind == "invalid":
            self._close()
            raise ValidationFailed(value)

    def _next(self) -> tuple[str, Any]:
        if self._pipe is not None:
            try:
                return pickle.load(self._pipe)
            except (EOFError, OSError, pickle.UnpicklingError):
                self._close()  # the child died: build again here (same steps, same values)
        if self._steps is None:
            self._steps = parts(self.root)
        return next(self._steps)

    def _close(self) -> None:
        if self._pipe is not None and self._pid is not None:
            self._pipe.close()
            os.waitpid(self._pid, 0)
        self._pipe = self._pid = None


def _child(root: Path, write: int) -> None:
    """Run in the forked child: send each step of the build (or the diagnostics), then exit.

    A thread writes the steps to the pipe, so that the build never waits for the parent to read
    them. Its output goes nowhere: if anything goes wrong, the parent builds again and reports it.
    """
    status = 1
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        with os.fdopen(write, "wb") as pipe:
            steps: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
            writer = threading.Thread(target=_write, args=(steps, pipe))
            writer.start()
            try:
                for step in parts(root):
                    if not writer.is_alive():  # the parent is gone
                        break
                    steps.put(pickle.dumps(step, protocol=pickle.HIGHEST_PROTOCOL))
            except ValidationFailed as exc:
                steps.put(pickle.dumps(("invalid", exc.diagnostics)))
            finally:
                steps.put(None)
                writer.join()
        status = 0
    finally:
        os._exit(status)


def _write(steps: queue.SimpleQueue[bytes | None], pipe: IO[bytes]) -> None:
    while (data := steps.get()) is not None:
        pipe.write(data)
        pipe.flush()
