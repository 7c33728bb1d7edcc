"""The timeline kind: the review over time, cumulative cases by year (of publication unless
the chart names another year field)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..model.declaration import Chart as ChartSpec
from ..model.declaration import ModelDeclaration
from .common import Figure, bound, figure, framed, tip, whole_axis


def timeline(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration, base: str) -> Figure:
    """The review growing over time: the cumulative number of cases by year."""
    field = bound(model, spec.bound[0])
    per_year = df[field.column].dropna().astype(int).value_counts().sort_index()
    data = pd.DataFrame({"year": per_year.index, "new": per_year.values})
    data["cases"] = data["new"].cumsum()
    chart = framed(
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X(
                "year:Q", title=field.label, axis=whole_axis(data["year"].max(), data["year"].min())
            ),
            y=alt.Y("cases:Q", title="Cases reported so far", axis=whole_axis(data["cases"].max())),
            tooltip=[
                tip("year:Q", "Published from", format="d"),
                tip("new:Q", "New cases"),
                tip("cases:Q", "Total"),
            ],
        ),
        220,
        spec,
        None,
    )
    return figure(
        spec,
        chart,
        ["Year", "New cases", "Total"],
        data[["year", "new", "cases"]].values.tolist(),
    )
