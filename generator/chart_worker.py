"""Draws Vega-Lite specs to SVG and PNG with vl-convert, in a process of its own.

``python generator/chart_worker.py OUT.json < IN.json``: the worker starts vl-convert's engine at
once, then reads IN, a list of ``{"spec", "title", "description", "scale"}``, and writes to OUT a
list of ``{"svg", "png"}`` (PNG in base64), in the same order. vl-convert holds Python's global
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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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


def draw(items: list[dict]) -> list[dict[str, str]]:
    """Each item's SVG (as vl-convert writes it) and PNG (of its standalone file, base64)."""
    import vl_convert as vlc

    out = []
    for item in items:
        svg = vlc.vegalite_to_svg(item["spec"])
        standalone = file_svg(svg, item["title"], item["description"])
        png = vlc.svg_to_png(standalone, scale=item["scale"])
        out.append({"svg": svg, "png": base64.b64encode(png).decode("ascii")})
    return out


_WARM = {"data": {"values": [{"x": 1}]}, "mark": "point"}


def main() -> None:
    import vl_convert as vlc

    vlc.vegalite_to_svg(_WARM)  # the engine starts while the build computes the specs
    raw = sys.stdin.buffer.read()
    items = json.loads(raw) if raw.strip() else []
    if items:
        Path(sys.argv[1]).write_text(json.dumps(draw(items)), encoding="utf-8")


class Worker:
    """A running worker process, used once."""

    def __init__(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="lr-charts-"))
        self._out = self._dir / "drawn.json"
        self._proc = subprocess.Popen(
            [sys.executable, str(Path(__file__)), str(self._out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def draw(self, items: list[dict], timeout: float) -> list[dict[str, str]]:
        """Send the items, wait for the drawings (raises RuntimeError if the worker failed)."""
        try:
            _, err = self._proc.communicate(json.dumps(items).encode("utf-8"), timeout=timeout)
            if self._proc.returncode != 0 or not self._out.exists():
                message = err.decode("utf-8", "replace")[-3000:]
                raise RuntimeError(
                    f"drawing the charts failed (exit {self._proc.returncode}):\n{message}"
                )
            return json.loads(self._out.read_text(encoding="utf-8"))
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker if it still runs (an unused one is killed) and remove its files."""
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
        shutil.rmtree(self._dir, ignore_errors=True)


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
