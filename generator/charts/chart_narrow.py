"""A second, narrow drawing of each chart, for phones.

The build-time drawing (``chart_render``) is about 600 px wide; scaled down to a phone's column
(about 360 px at 390 px) its text would be about 5 px high. So each chart is also drawn
:data:`WIDTH` px wide, with every text at least :data:`MIN_FONT` px, legends under the plot,
concatenated views stacked and long titles on several lines (:func:`narrow_spec`). Both drawings
are in the page; a media query in ``extra.css`` shows the narrow one on phones, without
JavaScript. The narrow drawing carries its spec (``data-vega-spec``, without the data, which it
shares with the wide spec), so that ``charts.js`` draws the same chart, the same size, when the
reader interacts with it. Downloads stay the full-size drawing.

The narrow drawings are drawn here, after the full-size ones (about 0.05 s each), and kept in the
same disk cache (``narrow-<hash>.svg``), so that an unchanged chart is drawn once.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import os
import textwrap
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import markupsafe
import vl_convert as vlc

from .chart_render import CACHE_SIZE, INLINE_LIMIT, Chart, RenderedChart, cache_dir, inline_svg

WIDTH = 340
"""CSS px: the narrow drawing's whole width (at 320 px it scales to about 0.85, text to 10 px)."""
VIEW_WIDTH = 230
"""The plot width of each view of a concatenation (its axes and labels beside it)."""
MIN_FONT = 12
"""The smallest text of a narrow drawing, in px."""
FORMAT = 1
"""Bump when :func:`narrow_spec` changes what is drawn (the cache key)."""
CONFIG: dict[str, dict[str, Any]] = {
    "axis": {
        "labelFontSize": MIN_FONT,
        "titleFontSize": MIN_FONT,
        "labelLimit": 150,
        "labelSeparation": 4,
    },
    "legend": {
        "labelFontSize": MIN_FONT,
        "titleFontSize": MIN_FONT,
        "labelLimit": 150,
        "orient": "bottom",
        "columns": 2,
    },
    "title": {"fontSize": 15, "subtitleFontSize": MIN_FONT, "anchor": "start", "frame": "bounds"},
}
"""Vega-Lite config of the narrow drawing (over the spec's own config)."""
_FONTS = {"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize"}
_CONCAT = ("hconcat", "vconcat", "concat")


def _readable(node: Any) -> Any:
    """``node`` with every font size raised to :data:`MIN_FONT` and every concatenation stacked
    (an ``hconcat`` becomes a ``vconcat``, merged into the ``vconcat`` that holds it)."""
    if isinstance(node, list):
        return [_readable(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _FONTS and isinstance(value, (int, float)):
            value = max(value, MIN_FONT)
        out["vconcat" if key in _CONCAT else key] = _readable(value)
    if "vconcat" in out:
        stacked = []
        for view in out["vconcat"]:
            only_views = isinstance(view, dict) and set(view) == {"vconcat"}
            stacked += view["vconcat"] if only_views else [view]
        out["vconcat"] = stacked
    return out


def _wrapped(title: Any, width: int) -> Any:
    """A title (a string or Vega-Lite's title object) with its text and subtitle broken into
    lines that fit ``width`` px."""
    if isinstance(title, str):
        return _wrapped({"text": title}, width)
    if not isinstance(title, dict):
        return title
    out = dict(title)
    for key, size in (("text", CONFIG["title"]["fontSize"]), ("subtitle", MIN_FONT)):
        if isinstance(out.get(key), str):
            lines = textwrap.wrap(out[key], max(10, int(width / (size * 0.56))))
            out[key] = lines if len(lines) > 1 else out[key]
    return out


def narrow_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The narrow version of a (themed) spec: :data:`WIDTH` px wide in all, readable text
    (:data:`CONFIG`, :data:`MIN_FONT`), stacked views, wrapped titles."""
    out = _readable(copy.deepcopy(spec))
    config = out.setdefault("config", {})
    for key, values in CONFIG.items():
        config[key] = {**config.get(key, {}), **values}
    if "title" in out:
        out["title"] = _wrapped(out["title"], WIDTH)
    if "vconcat" in out:
        for view in out["vconcat"]:
            if view.get("width") == "container" or isinstance(view.get("width"), (int, float)):
                view["width"] = (
                    min(view["width"], VIEW_WIDTH) if view["width"] != "container" else VIEW_WIDTH
                )
            if "title" in view:
                view["title"] = _wrapped(view["title"], VIEW_WIDTH + 60)
    else:  # one view, or layers: the plot takes what its axes and legend leave
        out["width"] = WIDTH
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
    return out


_MEMORY: OrderedDict[str, str] = OrderedDict()
"""The last drawings made in this process (a rebuild draws only the charts that changed)."""


def _drawn(spec: dict[str, Any]) -> str:
    """The SVG of a spec, from memory or the disk cache when it was drawn before."""
    identity = [spec, vlc.__version__, FORMAT]
    key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()
    if key in _MEMORY:
        _MEMORY.move_to_end(key)
        return _MEMORY[key]
    svg = _from_disk_or_drawn(spec, key)
    _MEMORY[key] = svg
    while len(_MEMORY) > CACHE_SIZE:
        _MEMORY.popitem(last=False)
    return svg


def _from_disk_or_drawn(spec: dict[str, Any], key: str) -> str:
    folder = cache_dir()
    path = folder / f"narrow-{key}.svg" if folder else None
    try:
        if path is not None and (svg := path.read_text(encoding="utf-8")).startswith("<svg"):
            return svg
    except OSError:
        pass
    svg = vlc.vegalite_to_svg(spec)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_text(svg, encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # the next build draws it again
    return svg


def _spec_attribute(spec: dict[str, Any]) -> str:
    """The narrow spec without its data (``charts.js`` takes it from the wide spec), escaped."""
    live = {k: v for k, v in spec.items() if k != "datasets"}
    return html.escape(json.dumps(live, sort_keys=True, separators=(",", ":")))


def view(chart: Chart) -> markupsafe.Markup | None:
    """The narrow drawing of a chart to write into its page, with its spec (without the data)
    for ``charts.js``; None when the drawing is too large to write into a page."""
    spec = narrow_spec(chart.spec)
    svg = _drawn(spec)
    if len(svg) > INLINE_LIMIT:
        return None
    drawn = inline_svg(svg, chart.id, variant="narrow")
    attribute = _spec_attribute(spec)
    return markupsafe.Markup(str(drawn).replace("<svg", f'<svg data-vega-spec="{attribute}"', 1))


def live_view(chart: Chart) -> markupsafe.Markup:
    """For a chart the browser draws (a preview): its narrow spec (without the data), escaped
    for an attribute, which ``chart-view.html.j2`` puts where the narrow drawing would be, so
    that ``charts.js`` draws the narrow chart on phones."""
    return markupsafe.Markup(_spec_attribute(narrow_spec(chart.spec)))


def views(drawn: Mapping[str, RenderedChart]) -> dict[str, markupsafe.Markup | None]:
    """The narrow drawing of every chart drawn into its page (None for an image of a file), or
    its spec alone (:func:`live_view`) for a chart the browser draws (``live``)."""
    return {
        chart_id: live_view(c) if c.live else view(c) if c.svg else None
        for chart_id, c in drawn.items()
    }
