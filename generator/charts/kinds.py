"""The chart kinds by name, and the figures of a review's declared charts (:func:`draw`,
:func:`all_figures`, :func:`iter_figures`), with pandas and Altair."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from ..model.declaration import Chart as ChartSpec
from ..model.declaration import ModelDeclaration
from .common import AGE_BAND, CASE_MARK_LIMIT, MULTI_NOTE, SEX_LABELS, Figure, case_rows
from .counts import counts, location_map, map_positions
from .distribution import distribution
from .linked import linked
from .timeline import timeline

__all__ = [
    "AGE_BAND",
    "CASE_MARK_LIMIT",
    "KINDS",
    "MULTI_NOTE",
    "SEX_LABELS",
    "Figure",
    "all_figures",
    "case_rows",
    "counts",
    "distribution",
    "draw",
    "iter_figures",
    "linked",
    "location_map",
    "map_positions",
    "timeline",
]

KINDS: dict[str, Callable[[ChartSpec, pd.DataFrame, ModelDeclaration, str], Figure]] = {
    "counts": counts,
    "distribution": distribution,
    "location-map": location_map,
    "timeline": timeline,
    "linked": linked,
}
"""Each kind of chart a review may declare, and the function that draws it."""


def draw(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration, base: str = "../") -> Figure:
    """One declared chart, for a page at ``base`` (the relative path to the site root)."""
    return KINDS[spec.kind](spec, df, model, base)


def all_figures(df: pd.DataFrame, model: ModelDeclaration, base: str = "../") -> list[Figure]:
    """Every declared chart, in declaration order."""
    return list(iter_figures(df, model, base))


def iter_figures(df: pd.DataFrame, model: ModelDeclaration, base: str = "../") -> Iterator[Figure]:
    """:func:`all_figures` one by one, each made when asked for (so that the first can be drawn
    while the next are made)."""
    for spec in model.charts:
        yield draw(spec, df, model, base)
