"""The linked kind: bar charts of two or more fields that filter each other, and a scatter of a
number by publication year for the selected cases."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ..model.declaration import Chart as ChartSpec
from ..model.declaration import LocationField, ModelDeclaration
from .common import (
    AGE_BAND,
    CASE_MARK_LIMIT,
    Bound,
    Figure,
    bound,
    case_rows,
    cases_tip,
    figure,
    group_colour,
    group_word,
    order_of,
    tip,
    values_of,
    whole_axis,
)

GREY = "#9e9e9e"
"""The colour of the bars not selected."""
PICKED = "#5c6bc0"
"""The colour of the selected bars of a field that is not the location."""


def _linked_data(
    cases: pd.DataFrame, small: bool, fields: list[Bound], value: Bound
) -> pd.DataFrame:
    """One row per case (``n`` = 1), or counts by field, 5-year period and value band."""
    if small:
        return cases.assign(n=1, age=cases[value.column])
    banded = cases.assign(
        age=(cases[value.column] // AGE_BAND * AGE_BAND + AGE_BAND / 2),
        year=cases["year"] // AGE_BAND * AGE_BAND,
    )
    data = banded.groupby([*(f.column for f in fields), "year", "age"], dropna=False).size()
    return data.reset_index(name="n")


def _picker(data: pd.DataFrame, field: Bound, pick: Any, other: Any, **encoding: Any) -> alt.Chart:
    """A bar chart of cases by ``field`` that selects with ``pick`` and is filtered by ``other``."""
    most = data.groupby(field.column, dropna=False)["n"].sum().max()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("sum(n):Q", title="Cases", axis=whole_axis(most)),
            tooltip=[tip(f"{field.column}:N", field.label), cases_tip("sum(n):Q")],
            **encoding,
        )
        .add_params(pick)
        .transform_filter(other)
        .properties(width=220, height=120, title=f"{field.label} (click)")
    )


def _scatter(
    data: pd.DataFrame, small: bool, both: Any, value: Bound, model: ModelDeclaration
) -> alt.Chart:
    """The selected cases' values by publication year: one dot per case, or sized by counts."""
    encoding: dict[str, Any] = {
        "x": alt.X(
            "year:Q",
            title="Publication year",
            axis=whole_axis(data.year.max(), data.year.min(), 6),
            scale=alt.Scale(zero=False),
        ),
        "y": alt.Y(
            "age:Q",
            title=f"{value.label} (years)" if value.ref == "patient.age_years" else value.label,
        ),
    }
    if model.location_field is not None:
        encoding["color"] = group_colour(model, title=group_word(model))
    short = value.label.split(" (")[0]
    if small:
        encoding["href"] = "url:N"
        encoding["tooltip"] = [
            tip("label:N", "Case"),
            tip("age:Q", short),
            tip("sex_label:N", "Sex"),
        ]
        title = f"Selected cases: {short.lower()} by year (click a dot to open the case)"
    else:
        encoding["size"] = alt.Size("n:Q", title="Cases")
        encoding["tooltip"] = [
            tip("year:Q", "Published from", format="d"),
            tip("age:Q", f"{short} band (middle)"),
            cases_tip("n:Q"),
        ]
        title = f"Selected cases: {short.lower()} by publication year ({AGE_BAND}-year bands)"
    return (
        alt.Chart(data)
        .mark_circle(size=80)
        .encode(**encoding)
        .transform_filter(both)
        .properties(width=480, height=220, title=title)
    )


def _order(field: Bound, model: ModelDeclaration) -> Any:
    """The order of a picker's bars (sexes as they come: alphabetical)."""
    return alt.Undefined if field.ref == "patient.sex" else order_of(field, model)


def linked(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration, base: str) -> Figure:
    """Select a value of one field (click a bar; shift-click for several) to filter the other
    views. Above CASE_MARK_LIMIT cases the data are counts by the fields, 5-year period and
    value band (a few hundred dots, so that the chart stays light to draw and to download)."""
    fields = [bound(model, ref) for ref in spec.fields or ()]
    value = bound(model, spec.value or "patient.age_years")
    cases = case_rows(df, model, base, (*fields, value))
    for field in fields:
        cases = values_of(cases, field, model)
    small = len(df) <= CASE_MARK_LIMIT
    data = _linked_data(cases, small, fields, value)
    picks = [alt.selection_point(fields=[f.column], name=f"{f.short}_pick") for f in fields]
    pickers = []
    for i, field in enumerate(fields):
        others = [p for j, p in enumerate(picks) if j != i]
        other = others[0]
        for more in others[1:]:
            other = other & more
        shown = (
            group_colour(model, legend=None)
            if isinstance(field.spec, LocationField)
            else alt.value(PICKED)
        )
        pickers.append(
            _picker(
                data,
                field,
                picks[i],
                other,
                y=alt.Y(f"{field.column}:N", sort=_order(field, model), title=None),
                color=alt.condition(picks[i], shown, alt.value(GREY)),
            )
        )
    every = picks[0]
    for pick in picks[1:]:
        every = every & pick
    chart = alt.vconcat(
        alt.hconcat(*pickers), _scatter(data, small, every, value, model)
    ).properties(
        title=alt.Title(
            spec.title, subtitle=spec.subtitle or "Click a bar to filter the other views."
        ),
        description=spec.description or f"Linked views: {spec.title}.",
    )
    columns = [f.column for f in fields]
    table = data.groupby(columns)["n"].sum().reset_index(name="cases")
    return figure(spec, chart, [*(f.label for f in fields), "Cases"], table.values.tolist())
