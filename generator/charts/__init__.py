"""The review's charts: each one a small function of the dataset, built with Altair.

Every chart has a title and a one-sentence ``description`` (Vega-Lite puts it in the SVG's
aria-label) and comes with a text alternative: the numbers it shows, as a table readable without
JavaScript. Charts that only show counts are aggregated here, in pandas, so that the page stays
small whatever the number of cases; the data travel inline in the spec, never from the internet.

One module per family: :mod:`.ages` (age by sex), :mod:`.levels` (regions and the level map),
:mod:`.categories` (causes and treatments), :mod:`.timeline` (cumulative cases) and
:mod:`.linked` (linked views); :mod:`.common` holds what they share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from .ages import age_by_sex
from .categories import _category_chart, _category_counts, _category_figure, causes, treatments
from .common import (
    AGE_BAND,
    CASE_MARK_LIMIT,
    MAP_LEVELS,
    MULTI_NOTE,
    REGION_COLOURS,
    SEX_LABELS,
    Figure,
    _cases,
    _region_scale,
)
from .levels import cases_by_region, level_map
from .linked import linked_view
from .timeline import cumulative_by_year

__all__ = [
    "AGE_BAND",
    "CASE_MARK_LIMIT",
    "CHARTS",
    "MAP_LEVELS",
    "MULTI_NOTE",
    "REGION_COLOURS",
    "SEX_LABELS",
    "Figure",
    "_cases",
    "_category_chart",
    "_category_counts",
    "_category_figure",
    "_region_scale",
    "age_by_sex",
    "all_figures",
    "cases_by_region",
    "causes",
    "cumulative_by_year",
    "iter_figures",
    "level_map",
    "linked_view",
    "treatments",
]

CHARTS: dict[str, Callable[..., Figure]] = {
    "age-by-sex": age_by_sex,
    "regions": cases_by_region,
    "level-map": level_map,
    "causes": causes,
    "treatments": treatments,
    "cumulative": cumulative_by_year,
    "linked": linked_view,
}
"""Every chart of the charts page, in page order."""


def all_figures(df: pd.DataFrame, base: str = "../") -> list[Figure]:
    """Every chart, for a page at ``base`` (the relative path to the site root)."""
    return list(iter_figures(df, base))


def iter_figures(df: pd.DataFrame, base: str = "../") -> Iterator[Figure]:
    """:func:`all_figures` one by one, each made when asked for (so that the first can be drawn
    while the next are made)."""
    for fn in CHARTS.values():
        yield fn(df, base) if "base" in fn.__code__.co_varnames else fn(df)
