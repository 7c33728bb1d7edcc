"""What every chart shares: the :class:`Figure`, the constants, the per-case rows and the small
helpers for the Altair encodings the charts repeat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from ..spine import LEVELS

MULTI_NOTE = "A case counts once in each of its categories, so bars add up to more than the cases."
REGION_COLOURS = {
    "cervical": "#00897b",
    "thoracic": "#f4511e",
    "lumbar": "#3949ab",
    "sacral": "#8e24aa",
}
SEX_LABELS = {"F": "Female", "M": "Male"}
CASE_MARK_LIMIT = 500
"""Up to this many cases, charts draw one mark per case (with a link to its page); above it,
they draw counts, so that a page stays small whatever the size of the review."""
AGE_BAND = 5
MAP_LEVELS = LEVELS[: LEVELS.index("S1") + 1]
"""The vertebral-level map runs from C1 to S1."""


@dataclass
class Figure:
    """A chart with its text alternative."""

    id: str
    title: str
    description: str
    chart: alt.TopLevelMixin
    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec. Altair's check against the Vega-Lite schema is left to the tests
        (``tests/test_charts.py`` validates every chart): it took most of the specs' time."""
        return self.chart.to_dict(validate=False)


def _region_scale() -> alt.Scale:
    return alt.Scale(domain=list(REGION_COLOURS), range=list(REGION_COLOURS.values()))


def tip(field: str, title: str, **kwargs: Any) -> alt.Tooltip:
    """A tooltip line: ``field`` (with its type) shown under ``title``."""
    return alt.Tooltip(field, title=title, **kwargs)


def cases_tip(field: str = "cases:Q") -> alt.Tooltip:
    """The tooltip line of a count of cases."""
    return tip(field, "Cases")


def region_colour(**kwargs: Any) -> alt.Color:
    """Colour by spinal region, in the review's region colours."""
    return alt.Color("region:N", scale=_region_scale(), **kwargs)


def framed(chart: alt.Chart, height: Any, title: str, subtitle: str, description: str) -> alt.Chart:
    """A chart as wide as its container, with its title, subtitle and description."""
    return chart.properties(
        width="container",
        height=height,
        title=alt.Title(title, subtitle=subtitle),
        description=description,
    )


def figure(
    id: str,
    title: str,
    chart: alt.TopLevelMixin,
    columns: list[str],
    rows: list[list[Any]],
    note: str | None = None,
) -> Figure:
    """A :class:`Figure` whose description is the chart's own."""
    return Figure(id, title, chart.description, chart, columns, rows, note=note)


def _cases(df: pd.DataFrame, base: str) -> pd.DataFrame:
    """Per-case rows for charts that show every case as a mark."""
    out = df[["case_id", "first_author", "year", "sex", "age_years", "levels", "region"]].copy()
    out["sex_label"] = out["sex"].map(SEX_LABELS).fillna("Not reported")
    out["label"] = out["first_author"] + " " + out["year"].astype(str) + ", " + out["levels"]
    out["url"] = base + "cases/" + out["case_id"] + "/"
    out["year"] = out["year"].astype(int)
    # a deterministic vertical spread for dot plots (the same cases always give the same spec)
    out["jitter"] = [((i * 0.6180339887) % 1) * 1.6 - 0.8 for i in range(len(out))]
    return out
