"""Linked views: region and sex bars that filter each other and a scatter of ages by year."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ..spine import REGION_ORDER
from .common import AGE_BAND, CASE_MARK_LIMIT, Figure, _cases, cases_tip, figure, region_colour, tip

GREY = "#9e9e9e"
"""The colour of the bars not selected."""


def _linked_data(cases: pd.DataFrame, small: bool) -> pd.DataFrame:
    """One row per case (``n`` = 1), or counts by region, sex, 5-year period and age band."""
    if small:
        return cases.assign(n=1, age=cases["age_years"])
    banded = cases.assign(
        age=(cases["age_years"] // AGE_BAND * AGE_BAND + AGE_BAND / 2),
        year=cases["year"] // AGE_BAND * AGE_BAND,
    )
    data = banded.groupby(["region", "sex_label", "year", "age"], dropna=False).size()
    return data.reset_index(name="n")


def _picker(
    data: pd.DataFrame,
    field: str,
    title: str,
    pick: Any,
    other: Any,
    **encoding: Any,
) -> alt.Chart:
    """A bar chart of cases by ``field`` that selects with ``pick`` and is filtered by ``other``."""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("sum(n):Q", title="Cases"),
            tooltip=[tip(f"{field}:N", title), cases_tip("sum(n):Q")],
            **encoding,
        )
        .add_params(pick)
        .transform_filter(other)
        .properties(width=220, height=120, title=f"{title} (click)")
    )


def _ages(data: pd.DataFrame, small: bool, both: Any) -> alt.Chart:
    """The selected cases' ages by publication year: one dot per case, or sized by counts."""
    encoding: dict[str, Any] = {
        "x": alt.X(
            "year:Q",
            title="Publication year",
            axis=alt.Axis(format="d", tickCount=6),
            scale=alt.Scale(zero=False),
        ),
        "y": alt.Y("age:Q", title="Age (years)"),
        "color": region_colour(title="Region"),
    }
    if small:
        encoding["href"] = "url:N"
        encoding["tooltip"] = [
            tip("label:N", "Case"),
            tip("age:Q", "Age"),
            tip("sex_label:N", "Sex"),
        ]
        title = "Selected cases: age by year (click a dot to open the case)"
    else:
        encoding["size"] = alt.Size("n:Q", title="Cases")
        encoding["tooltip"] = [
            tip("year:Q", "Published from", format="d"),
            tip("age:Q", "Age band (middle)"),
            cases_tip("n:Q"),
        ]
        title = f"Selected cases: age by publication year ({AGE_BAND}-year bands)"
    return (
        alt.Chart(data)
        .mark_circle(size=80)
        .encode(**encoding)
        .transform_filter(both)
        .properties(width=480, height=220, title=title)
    )


def linked_view(df: pd.DataFrame, base: str = "../") -> Figure:
    """Select a region or a sex (click a bar; shift-click for several) to filter the other views.
    Above CASE_MARK_LIMIT cases the data are counts by region, sex, 5-year period and age band
    (a few hundred dots, so that the chart stays light to draw and to download)."""
    cases = _cases(df, base)
    small = len(cases) <= CASE_MARK_LIMIT
    data = _linked_data(cases, small)
    region = alt.selection_point(fields=["region"], name="region_pick")
    sex = alt.selection_point(fields=["sex_label"], name="sex_pick")
    both = region & sex
    regions = _picker(
        data,
        "region",
        "Region",
        region,
        sex,
        y=alt.Y("region:N", sort=list(REGION_ORDER), title=None),
        color=alt.condition(region, region_colour(legend=None), alt.value(GREY)),
    )
    sexes = _picker(
        data,
        "sex_label",
        "Sex",
        sex,
        region,
        y=alt.Y("sex_label:N", title=None),
        color=alt.condition(sex, alt.value("#5c6bc0"), alt.value(GREY)),
    )
    title = "Explore: region and sex"
    chart = alt.vconcat(alt.hconcat(regions, sexes), _ages(data, small, both)).properties(
        title=alt.Title(
            title,
            subtitle="Click a region or a sex to filter the other views; click again on empty space to clear.",
        ),
        description="Linked views: clicking a region or a sex bar filters the other bar chart and the scatter plot of cases' ages by publication year.",
    )
    table = data.groupby(["region", "sex_label"])["n"].sum().reset_index(name="cases")
    return figure("linked", title, chart, ["Region", "Sex", "Cases"], table.values.tolist())
