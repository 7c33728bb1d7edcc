"""Charts drawn at build time: each Vega-Lite spec rendered to SVG and PNG with vl-convert.

The SVG goes into the page itself, so a chart shows without JavaScript, prints, and appears in any
engine that builds the Markdown (Zensical included); the interactive Vega view replaces it only
when the reader interacts with the chart (``assets/javascripts/charts.js``). Each chart is also
offered as an SVG and a PNG file.

Colours of text, axes and grid are ``currentColor`` (:data:`THEME`), so one SVG reads in both
palettes: it takes the page's text colour. The files use black on white.

Drawing costs about a second the first time (vl-convert starts a JavaScript engine, then draws
each chart in 0.03-0.1 s): each distinct spec is drawn once, in this process, and drawings are
kept in memory and in a cache on disk (``$LR_CHART_CACHE``, by default
``~/.cache/living-review/charts``; ``off`` disables it) keyed by everything that shapes them, so
an unchanged chart is never drawn twice, and a rebuild draws only the charts whose spec changed
(a preview draws none: ``render(..., draw=False)``, the browser draws them).
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markupsafe
import vl_convert as vlc

from .common import Figure

CHARTS_DIR = "charts"
"""Where the chart files go in the site: ``charts/<id>.svg`` and ``charts/<id>.png``."""
STATIC_WIDTH = 480
"""Width of the drawing area of a chart whose spec says ``width: container``."""
PNG_SCALE = 2
INLINE_LIMIT = 250_000
"""Bytes: a larger drawing (thousands of marks) is shown as an image of its SVG file rather than
written into the page, so that the page stays small whatever the number of cases."""
CACHE_SIZE = 64
CACHE_FORMAT = 1
"""Bump when the post-processing of drawings changes what is cached."""

_INK = "currentColor"
THEME: dict[str, Any] = {
    "background": None,
    "title": {"color": _INK, "subtitleColor": _INK},
    "axis": {
        "labelColor": _INK,
        "titleColor": _INK,
        "domainColor": _INK,
        "tickColor": _INK,
        "gridColor": _INK,
        "gridOpacity": 0.15,
    },
    "legend": {"labelColor": _INK, "titleColor": _INK},
    "view": {"stroke": _INK, "strokeOpacity": 0.2},
}
"""Vega-Lite config merged into every spec: the same look drawn statically and by Vega."""

_cache: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Chart:
    """A chart as a page needs it before it is drawn: the spec for Vega and its files' names."""

    id: str
    spec: dict[str, Any]

    @property
    def svg_file(self) -> str:
        return f"{CHARTS_DIR}/{self.id}.svg"

    @property
    def png_file(self) -> str:
        return f"{CHARTS_DIR}/{self.id}.png"


@dataclass(frozen=True)
class RenderedChart(Chart):
    """A chart drawn: the inline SVG, its size and its files."""

    svg: markupsafe.Markup | None
    """The drawing to write into the page; None when it is above :data:`INLINE_LIMIT`."""
    size: tuple[int, int]
    """The drawing's width and height in pixels (for an image of the SVG file)."""
    files: dict[str, bytes] = field(repr=False, compare=False)
    """Its SVG and PNG files, by address in the site."""
    live: bool = False
    """Not drawn here: the reader's browser draws it from its spec (a preview, :func:`render`
    with ``draw=False``). It has no drawing and no files."""


def themed(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with :data:`THEME` under its own config (the spec's settings win)."""
    out = dict(spec)
    config = copy.deepcopy(THEME)
    for key, value in spec.get("config", {}).items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key].update(value)
        else:
            config[key] = value
    out["config"] = config
    return out


def static_spec(spec: Any) -> Any:
    """The spec with every ``width: "container"`` replaced by :data:`STATIC_WIDTH`: there is no
    container to measure at build time (the SVG scales down with the page)."""
    if isinstance(spec, dict):
        return {
            k: STATIC_WIDTH if k == "width" and v == "container" else static_spec(v)
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [static_spec(v) for v in spec]
    return spec


def cache_dir() -> Path | None:
    """Where drawings are kept between builds (None when ``LR_CHART_CACHE=off``)."""
    setting = os.environ.get("LR_CHART_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "living-review" / "charts"


def _from_disk(folder: Path | None, key: str) -> tuple[str, bytes] | None:
    if folder is None:
        return None
    try:
        svg = (folder / f"{key}.svg").read_text(encoding="utf-8")
        png = (folder / f"{key}.png").read_bytes()
    except OSError:
        return None
    return (svg, png) if svg.startswith("<svg") and png.startswith(b"\x89PNG") else None


def _to_disk(folder: Path | None, key: str, svg: str, png: bytes) -> None:
    """Keep a drawing (written under a temporary name, then renamed: readers never see half)."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in ((f"{key}.png", png), (f"{key}.svg", svg.encode("utf-8"))):
            tmp = folder / f".{name}.{os.getpid()}.{threading.get_ident()}"
            tmp.write_bytes(data)
            tmp.replace(folder / name)
    except OSError:
        pass  # a read-only or full disk only costs the next build the drawing time


def _key(spec: dict[str, Any], title: str, description: str) -> str:
    """Everything that shapes a drawing, hashed."""
    identity = [spec, title, description, PNG_SCALE, vlc.__version__, CACHE_FORMAT]
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()


def _cached(key: str, folder: Path | None) -> tuple[str, bytes] | None:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    return _from_disk(folder, key)


def _keep(key: str, folder: Path | None, drawn: tuple[str, bytes], new: bool) -> None:
    with _lock:
        _cache[key] = drawn
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    if new:
        _to_disk(folder, key, *drawn)


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


def drawing(figure: Figure, spec: dict[str, Any]) -> tuple[str, bytes]:
    """One chart's SVG (as vl-convert draws it) and the PNG of its standalone file, from the
    caches when this very drawing was made before."""
    drawn = static_spec(spec)
    folder = cache_dir()
    key = _key(drawn, figure.title, figure.description)
    hit = _cached(key, folder)
    if hit is None:
        svg = vlc.vegalite_to_svg(drawn)
        png = vlc.svg_to_png(file_svg(svg, figure.title, figure.description), scale=PNG_SCALE)
        _keep(key, folder, (svg, png), new=True)
        return svg, png
    _keep(key, folder, hit, new=False)
    return hit


_ANCHOR = re.compile(r"</?a(?:\s[^>]*)?>")
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r"url\(#([^)]+)\)")
_SIZE = re.compile(r'^<svg\b[^>]*?\swidth="(\d+)"[^>]*?\sheight="(\d+)"')


def inline_svg(svg: str, chart_id: str, variant: str = "") -> markupsafe.Markup:
    """The SVG to place in the page: one image named by the figure's caption.

    Vega's ARIA roles and labels and its links are dropped (the whole drawing is one image,
    ``role="img"``, named and described by the caption; its numbers are in the table under it),
    and ids get the chart's prefix so that several charts can share a page (and the
    ``variant``'s, e.g. ``narrow``, so that a chart's two drawings can).
    """
    prefix = f"chart-{chart_id}-"
    ids = f"{prefix}{variant}-" if variant else prefix
    out = _ANCHOR.sub("", svg)
    out = _ARIA.sub("", out)
    out = _ID.sub(lambda m: f'id="{ids}{m.group(1)}"', out)
    out = _REF.sub(lambda m: f"url(#{ids}{m.group(1)})", out)
    attrs = (
        f' role="img" aria-labelledby="{prefix}title" aria-describedby="{prefix}desc"'
        f' focusable="false" data-static="{variant or "true"}"'
    )
    out = _ROOT.sub(lambda m: f"<svg{m.group(1)}{attrs}>", out, count=1)
    return markupsafe.Markup(out.replace("\n", " "))


def render(figure: Figure, spec: dict[str, Any] | None = None, draw: bool = True) -> RenderedChart:
    """Draw one chart: its themed spec, inline SVG, and SVG and PNG files; or, if not ``draw``
    (a preview), its themed spec only, for the browser to draw (``live``)."""
    spec = themed(spec if spec is not None else figure.spec())
    if not draw:
        return RenderedChart(figure.id, spec, None, (STATIC_WIDTH, 300), {}, live=True)
    svg, png = drawing(figure, spec)
    size = _SIZE.match(svg)
    dims = (int(size.group(1)), int(size.group(2))) if size else (STATIC_WIDTH, 300)
    inline = inline_svg(svg, figure.id) if len(svg) <= INLINE_LIMIT else None
    files = {
        f"{CHARTS_DIR}/{figure.id}.svg": file_svg(svg, figure.title, figure.description).encode(),
        f"{CHARTS_DIR}/{figure.id}.png": png,
    }
    return RenderedChart(figure.id, spec, inline, dims, files)


def render_all(
    figures: Iterable[Figure], spec: dict[str, Any] | None = None, draw: bool = True
) -> dict[str, RenderedChart]:
    """Every chart, by id, in order (``spec``, if given, for every one; drawn unless not
    ``draw``)."""
    return {figure.id: render(figure, spec, draw) for figure in figures}


__all__ = [
    "Chart",
    "RenderedChart",
    "THEME",
    "drawing",
    "file_svg",
    "render",
    "render_all",
    "themed",
]
