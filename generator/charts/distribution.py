"""The distribution kind: the spread of a number, one row per value of a field (a dot per case,
or dots sized by counts on large reviews), with each row's mean marked."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..model.declaration import Chart as ChartSpec
from ..model.declaration import ModelDeclaration
from .common import (
    AGE_BAND,
    CASE_MARK_LIMIT,
    Bound,
    Figure,
    bound,
    case_rows,
    cases_tip,
    figure,
    framed,
    group_colour,
    group_word,
    order_of,
    tip,
    values_of,
)

AGE_TITLE = "Age at presentation (years)"


def _axis(value: Bound, column: str) -> alt.X:
    if value.ref == "patient.age_years":
        return alt.X(column, title=AGE_TITLE, scale=alt.Scale(domain=[0, 100]))
    return alt.X(column, title=value.label)


def _case_dots(data: pd.DataFrame, value: Bound, y: alt.Y, model: ModelDeclaration) -> alt.Chart:
    """One dot per case, linked to its page."""
    extra = {}
    tooltip = [tip("label:N", "Case"), tip(f"{value.column}:Q", value.label)]
    if model.location_field is not None:
        extra["color"] = group_colour(model, title=group_word(model))
        tooltip.append(
            tip(f"{bound(model, model.location_field.name).column}:N", group_word(model))
        )
    return (
        alt.Chart(data)
        .mark_circle(size=90, opacity=0.75)
        .encode(
            x=_axis(value, f"{value.column}:Q"),
            y=y,
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
            **extra,
            href="url:N",
            tooltip=tooltip,
        )
    )


def _band_dots(data: pd.DataFrame, value: Bound, by: Bound, y: alt.Y) -> alt.Chart:
    """Dots sized by the number of cases in each AGE_BAND-wide band of the value."""
    age = value.ref == "patient.age_years"
    middle = "age" if age else "value"
    bands = data.assign(band=(data[value.column] // AGE_BAND * AGE_BAND).astype(int))
    counts = bands.groupby([by.column, "band"]).size().reset_index(name="cases")
    counts[middle] = counts["band"] + AGE_BAND / 2
    counts["ages"] = counts["band"].astype(str) + "-" + (counts["band"] + AGE_BAND - 1).astype(str)
    return (
        alt.Chart(counts)
        .mark_circle(opacity=0.75)
        .encode(
            x=_axis(value, f"{middle}:Q"),
            y=y,
            size=alt.Size("cases:Q", title="Cases"),
            tooltip=[
                tip(f"{by.column}:N", by.label),
                tip("ages:N", "Ages" if age else "Band"),
                cases_tip(),
            ],
        )
    )


def distribution(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration, base: str) -> Figure:
    """The spread of ``value`` by ``by``: every case a dot (hover names it, click opens it);
    above CASE_MARK_LIMIT cases, dots sized by the number of cases in each band."""
    value = bound(model, spec.value or "")
    by = bound(model, spec.by) if spec.by else None
    rows = case_rows(df, model, base, tuple(f for f in (value, by) if f))
    if by is None:
        by = Bound("", "everyone", "Cases", "everyone")
        rows = rows.assign(everyone="All cases")
    data = values_of(rows, by, model).dropna(subset=[value.column])
    y = alt.Y(f"{by.column}:N", title=None, sort=order_of(by, model))
    if len(rows) <= CASE_MARK_LIMIT:
        points = _case_dots(data, value, y, model)
        subtitle = "Each dot is a case (click to open it); ticks mark the mean."
    else:
        points = _band_dots(data, value, by, y)
        unit = "year" if value.ref == "patient.age_years" else "unit"
        subtitle = f"Dots sized by the number of cases in each {AGE_BAND}-{unit} band; ticks mark the mean."
    stats = data.groupby(by.column)[value.column].agg(["count", "mean", "min", "max"]).reset_index()
    mean_title = "Mean age" if value.ref == "patient.age_years" else f"Mean {value.label.lower()}"
    means = (
        alt.Chart(stats)
        .mark_tick(thickness=3, size=36, color="currentColor")
        .encode(
            x="mean:Q",
            y=y,
            tooltip=[tip(f"{by.column}:N", by.label), tip("mean:Q", mean_title, format=".1f")],
        )
    )
    chart = framed(points + means, 180, spec, subtitle)
    ends = ["Youngest", "Oldest"] if value.ref == "patient.age_years" else ["Lowest", "Highest"]
    return figure(
        spec,
        chart,
        [by.label, "Cases", mean_title, *ends],
        [
            [r[by.column], int(r["count"]), round(r["mean"], 1), r["min"], r["max"]]
            for _, r in stats.iterrows()
        ],
    )
