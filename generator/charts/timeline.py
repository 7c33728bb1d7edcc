"""The review over time: cumulative reported cases by publication year."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import Figure, figure, framed, tip


def cumulative_by_year(df: pd.DataFrame) -> Figure:
    """The review growing over time: cumulative number of reported cases by publication year."""
    per_year = df["year"].astype(int).value_counts().sort_index()
    data = pd.DataFrame({"year": per_year.index, "new": per_year.values})
    data["cases"] = data["new"].cumsum()
    title = "Cumulative cases by publication year"
    chart = framed(
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("year:Q", title="Publication year", axis=alt.Axis(format="d")),
            y=alt.Y("cases:Q", title="Cases reported so far"),
            tooltip=[
                tip("year:Q", "Published from", format="d"),
                tip("new:Q", "New cases"),
                tip("cases:Q", "Total"),
            ],
        ),
        220,
        title,
        "The review growing over time.",
        "Step chart of the cumulative number of reported cases by year of publication.",
    )
    return figure(
        "cumulative",
        title,
        chart,
        ["Year", "New cases", "Total"],
        data[["year", "new", "cases"]].values.tolist(),
    )
