"""Age at presentation by sex: a dot per case, or dots sized by counts on large reviews."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import (
    AGE_BAND,
    CASE_MARK_LIMIT,
    Figure,
    _cases,
    cases_tip,
    figure,
    framed,
    region_colour,
    tip,
)

X_TITLE = "Age at presentation (years)"
SEX_ORDER = ["Female", "Male", "Not reported"]


def _age_axis(field: str) -> alt.X:
    return alt.X(field, title=X_TITLE, scale=alt.Scale(domain=[0, 100]))


def _case_dots(data: pd.DataFrame, y: alt.Y) -> alt.Chart:
    """One dot per case, linked to its page."""
    return (
        alt.Chart(data)
        .mark_circle(size=90, opacity=0.75)
        .encode(
            x=_age_axis("age_years:Q"),
            y=y,
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
            color=region_colour(title="Region"),
            href="url:N",
            tooltip=[
                tip("label:N", "Case"),
                tip("age_years:Q", "Age"),
                tip("region:N", "Region"),
            ],
        )
    )


def _band_dots(data: pd.DataFrame, y: alt.Y) -> alt.Chart:
    """Dots sized by the number of cases of each sex in each AGE_BAND-year band."""
    bands = data.assign(band=(data["age_years"] // AGE_BAND * AGE_BAND).astype(int))
    counts = bands.groupby(["sex_label", "band"]).size().reset_index(name="cases")
    counts["age"] = counts["band"] + AGE_BAND / 2
    counts["ages"] = counts["band"].astype(str) + "-" + (counts["band"] + AGE_BAND - 1).astype(str)
    return (
        alt.Chart(counts)
        .mark_circle(opacity=0.75)
        .encode(
            x=_age_axis("age:Q"),
            y=y,
            size=alt.Size("cases:Q", title="Cases"),
            tooltip=[tip("sex_label:N", "Sex"), tip("ages:N", "Ages"), cases_tip()],
        )
    )


def age_by_sex(df: pd.DataFrame, base: str = "../") -> Figure:
    """Age at presentation by sex: every case a dot (hover names it, click opens it); above
    CASE_MARK_LIMIT cases, dots sized by the number of cases in each 5-year band."""
    data = _cases(df, base).dropna(subset=["age_years"])
    y = alt.Y("sex_label:N", title=None, sort=SEX_ORDER)
    if len(data) <= CASE_MARK_LIMIT:
        points = _case_dots(data, y)
        subtitle = "Each dot is a case (click to open it); ticks mark the mean."
    else:
        points = _band_dots(data, y)
        subtitle = (
            f"Dots sized by the number of cases in each {AGE_BAND}-year band; ticks mark the mean."
        )
    summary = (
        data.groupby("sex_label")["age_years"].agg(["count", "mean", "min", "max"]).reset_index()
    )
    means = (
        alt.Chart(summary)
        .mark_tick(thickness=3, size=36, color="currentColor")
        .encode(
            x="mean:Q",
            y=y,
            tooltip=[tip("sex_label:N", "Sex"), tip("mean:Q", "Mean age", format=".1f")],
        )
    )
    title = "Age at presentation by sex"
    chart = framed(
        points + means,
        180,
        title,
        subtitle,
        "Dot plot of the cases' ages at presentation, one row per sex, with the mean age of each sex marked.",
    )
    return figure(
        "age-by-sex",
        title,
        chart,
        ["Sex", "Cases", "Mean age", "Youngest", "Oldest"],
        [
            [r.sex_label, int(r["count"]), round(r["mean"], 1), r["min"], r["max"]]
            for _, r in summary.iterrows()
        ],
    )
