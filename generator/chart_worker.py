"""Draws Vega-Lite specs to SVG and PNG with vl-convert, in a process of its own.

``python generator/chart_worker.py < IN.json``: the worker starts vl-convert's engine at once,
then reads IN, a list of ``{"spec", "title", "description", "scale"}``, and writes two lines to
its output: the list of SVGs, then the list of PNGs (base64), in the same order (the pages need
only the SVGs; the PNGs are files, needed at the end of the build). vl-convert holds Python's global
lock while it draws, so drawing in a thread would stall the build; in this process it runs beside
the build, on another core, and one converter (one JavaScript engine) draws every chart of a
build. :func:`prestart` starts the worker before its input is known (the MkDocs hook calls it
before importing pandas and Altair, so the engine starts meanwhile); :func:`take` hands it over.
This module imports only the standard library (and vl-convert in the worker), to start fast.
"""

from __future__ import annotations

import atexit
import base64
import html
import json
import re
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

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


def draw(items: list[dict], out: IO[str]) -> None:
    """Write each item's SVG (as vl-convert writes it) to ``out``, one JSON list on a line, then
    the PNGs (of the standalone files, base64) on the next: pages need only the SVGs."""
    import vl_convert as vlc

    svgs = [vlc.vegalite_to_svg(item["spec"]) for item in items]
    out.write(json.dumps(svgs) + "\n")
    out.flush()
    pngs = []
    for item, svg in zip(items, svgs, strict=True):
        png = vlc.svg_to_png(file_svg(svg, item["title"], item["description"]), scale=item["scale"])
        pngs.append(base64.b64encode(png).decode("ascii"))
    out.write(json.dumps(pngs) + "\n")
    out.flush()


_WARM = {
    "data": {"values": [{"x": i, "y": "ab"[i % 2], "z": i % 3} for i in range(12)]},
    "hconcat": [
        {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "bin": True, "title": "x"},
                "y": {"aggregate": "count", "stack": True},
                "color": {"field": "y", "type": "nominal"},
            },
        },
        {
            "layer": [
                {"mark": "line", "encoding": {"x": {"field": "x"}, "y": {"field": "z"}}},
                {"mark": "text", "encoding": {"x": {"field": "x"}, "text": {"field": "y"}}},
            ]
        },
    ],
}
"""A small chart with the marks, axes and legend of the review's charts: drawn while the build
computes the real specs, so that the engine has compiled what they need by then."""


def main() -> None:
    import vl_convert as vlc

    # the engine starts (and draws once) while the build computes the specs
    vlc.svg_to_png(file_svg(vlc.vegalite_to_svg(_WARM), "", ""), scale=1)
    raw = sys.stdin.buffer.read()
    items = json.loads(raw) if raw.strip() else []
    if items:
        draw(items, sys.stdout)


class Worker:
    """A running worker process, used once: :meth:`send` the items, then take the
    :meth:`svgs`, then the :meth:`pngs`."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, str(Path(__file__))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._svgs: Future[list[str]] = Future()
        self._pngs: Future[list[bytes]] = Future()

    def send(self, items: list[dict]) -> None:
        """Start drawing ``items`` (a thread writes them and waits for the answers)."""
        data = json.dumps(items).encode("utf-8")
        threading.Thread(target=self._talk, args=(data,), daemon=True).start()

    def svgs(self, timeout: float) -> list[str]:
        """The SVGs, in the items' order (raises RuntimeError if the worker failed)."""
        return self._svgs.result(timeout)

    def pngs(self, timeout: float) -> list[bytes]:
        """The PNGs, in the items' order (raises RuntimeError if the worker failed)."""
        try:
            return self._pngs.result(timeout)
        finally:
            self.close()

    def draw(self, items: list[dict], timeout: float) -> list[dict[str, Any]]:
        """Send the items, wait for every drawing: ``{"svg", "png"}`` for each."""
        self.send(items)
        svgs = self.svgs(timeout)
        return [{"svg": s, "png": p} for s, p in zip(svgs, self.pngs(timeout), strict=True)]

    def _talk(self, data: bytes) -> None:
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        try:
            proc.stdin.write(data)
            proc.stdin.close()
            self._svgs.set_result(json.loads(proc.stdout.readline() or b"null"))
            pngs = json.loads(proc.stdout.readline() or b"null")
            self._pngs.set_result([base64.b64decode(p) for p in pngs])
        except (OSError, ValueError, TypeError):
            proc.wait()
            message = proc.stderr.read().decode("utf-8", "replace")[-3000:]
            error = RuntimeError(f"drawing the charts failed (exit {proc.returncode}):\n{message}")
            for future in (self._svgs, self._pngs):
                if not future.done():
                    future.set_exception(error)

    def close(self) -> None:
        """Stop the worker if it still runs (an unused one is killed)."""
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
