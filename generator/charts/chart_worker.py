"""Draws Vega-Lite specs to SVG with vl-convert, in a process of its own, and the SVGs to PNG.

``python generator/charts/chart_worker.py < IN``: the worker starts vl-convert's engine at once, then
reads IN, one ``{"spec", "title", "description", "scale"}`` a line, and draws each as it comes,
while the build makes the next spec: it writes each SVG to its output, one JSON string a line,
in the same order. vl-convert holds Python's global lock while it draws, so drawing in a thread
would stall the build; in this process it runs beside the build, on another core, and one
converter (one JavaScript engine) draws every chart of a build. The PNGs (files, needed at the
end of the build; no JavaScript engine) are made by a thread of :class:`Worker`, in the build's
process, each as soon as its SVG arrives, while the worker draws the next. :func:`prestart`
starts the worker before its input is known (the MkDocs plugin's build starts it before importing
pandas and Altair, so the engine starts meanwhile); :func:`take` hands it over. This module
imports only the standard library (and vl-convert where it draws), to start fast.
"""

from __future__ import annotations

import atexit
import html
import json
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import IO

_ROOT = re.compile(r"^<svg\b([^>]*)>")


def file_svg(svg: str, title: str, description: str) -> str:
    """A standalone SVG file: black on white, with its title and description."""
    match = _ROOT.match(svg)
    if match is None:
        raise ValueError("vl-convert returned something that is not an SVG")
    head = (
        f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
        '<rect width="100%" height="100%" fill="white"/>'
    )
    return f'<svg{match.group(1)} color="black">{head}{svg[match.end() :]}'


def draw(lines: Iterable[str], out: IO[str]) -> None:
    """Draw each item (a JSON line of ``lines``) as it comes: write its SVG (as vl-convert
    writes it) to ``out``, one JSON string a line."""
    import vl_convert as vlc

    for line in lines:
        out.write(json.dumps(vlc.vegalite_to_svg(json.loads(line)["spec"])) + "\n")
        out.flush()


def png(svg: str, item: dict) -> bytes:
    """The PNG of an item's standalone SVG file."""
    import vl_convert as vlc

    return vlc.svg_to_png(file_svg(svg, item["title"], item["description"]), scale=item["scale"])


_WARM = {"data": {"values": [{"x": 1}]}, "mark": "point"}


def main() -> None:
    import vl_convert as vlc

    vlc.vegalite_to_svg(_WARM)  # the engine starts while the build makes the specs
    draw(sys.stdin, sys.stdout)


class Worker:
    """A running worker process, used once: :meth:`add` each item as soon as it is known,
    :meth:`finish`, then take the :meth:`svgs`, then the :meth:`pngs`. Threads of this process
    write the items, read the SVGs, and make each PNG as soon as its SVG comes (while the
    worker draws the next), so that the build never waits for the drawings but to take them."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, str(Path(__file__))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._items: list[dict] = []
        self._to_write: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._to_convert: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._svgs: Future[list[str]] = Future()
        self._pngs: Future[list[bytes]] = Future()
        for work in (self._write, self._read, self._convert):
            threading.Thread(target=work, daemon=True).start()

    def add(self, item: dict) -> None:
        """Draw ``item`` (``{"spec", "title", "description", "scale"}``) after the others."""
        self._items.append(item)
        self._to_write.put((json.dumps(item) + "\n").encode("utf-8"))

    def finish(self) -> None:
        """No more items."""
        self._to_write.put(None)

    def svgs(self, timeout: float) -> list[str]:
        """The SVGs, in the items' order (raises RuntimeError if the worker failed)."""
        return self._svgs.result(timeout)

    def pngs(self, timeout: float) -> list[bytes]:
        """The PNGs, in the items' order (raises RuntimeError if the worker failed)."""
        try:
            return self._pngs.result(timeout)
        finally:
            self.close()

    def _write(self) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            while (line := self._to_write.get()) is not None:
                stdin.write(line)
                stdin.flush()
            stdin.close()
        except OSError:
            pass  # the worker died: _read reports it

    def _read(self) -> None:
        proc = self._proc
        assert proc.stdout is not None and proc.stderr is not None
        svgs: list[str] = []
        try:
            for line in proc.stdout:
                svgs.append(json.loads(line))
                self._to_convert.put(svgs[-1])
            if proc.wait() != 0 or len(svgs) != len(self._items):
                raise ValueError("the worker stopped early")
            self._svgs.set_result(svgs)
        except (OSError, ValueError, TypeError):
            proc.wait()
            message = proc.stderr.read().decode("utf-8", "replace")[-3000:]
            error = RuntimeError(f"drawing the charts failed (exit {proc.returncode}):\n{message}")
            for future in (self._svgs, self._pngs):
                if not future.done():
                    future.set_exception(error)
        finally:
            self._to_convert.put(None)

    def _convert(self) -> None:
        pngs: list[bytes] = []
        while (svg := self._to_convert.get()) is not None:
            try:
                pngs.append(png(svg, self._items[len(pngs)]))
            except ValueError as exc:  # vl-convert's error for an SVG it cannot read
                if not self._pngs.done():  # the reader may have failed first
                    self._pngs.set_exception(RuntimeError(f"drawing a PNG failed: {exc}"))
                return
        if self._svgs.exception() is None:  # waits for the reader's verdict, which sets both
            self._pngs.set_result(pngs)

    def close(self) -> None:
        """Stop the worker if it still runs (an unused one is killed)."""
        self.finish()
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()


_prestarted: list[Worker] = []


def prestart() -> None:
    """Start a worker now, for the next :func:`take` (no-op if one is waiting)."""
    if not _prestarted:
        _prestarted.append(Worker())


def take() -> Worker:
    """The prestarted worker, or a new one."""
    return _prestarted.pop() if _prestarted else Worker()


def release() -> None:
    """Stop a prestarted worker that will not be needed (every chart came from a cache)."""
    while _prestarted:
        _prestarted.pop().close()


atexit.register(release)


if __name__ == "__main__":
    main()
