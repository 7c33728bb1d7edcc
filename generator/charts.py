"""The review's charts: each one a small function of the dataset, built with Altair.

Every chart has a title and a one-sentence ``description`` (Vega-Lite puts it in the SVG's
aria-label) and comes with a text alternative: the numbers it shows, as a table readable without
JavaScript. Charts that only show counts are aggregated here, in pandas, so that the page stays
small whatever the number of cases; the data travel inline in the spec, never from the internet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from .dataset import SEP
from .spine import LEVELS, REGION_ORDER
from .vocabulary import load_vocabulary

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
        """The Vega-Lite spec (validated by Altair against the Vega-Lite schema)."""
        return self.chart.to_dict()


def _region_scale() -> alt.Scale:
    return alt.Scale(domain=list(REGION_COLOURS), range=list(REGION_COLOURS.values()))


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


def age_by_sex(df: pd.DataFrame, base: str = "../") -> Figure:
    """Age at presentation by sex: every case a dot (hover names it, click opens it); above
    CASE_MARK_LIMIT cases, dots sized by the number of cases in each 5-year band."""
    data = _cases(df, base).dropna(subset=["age_years"])
    order = ["Female", "Male", "Not reported"]
    y = alt.Y("sex_label:N", title=None, sort=order)
    x_title = "Age at presentation (years)"
    if len(data) <= CASE_MARK_LIMIT:
        points = (
            alt.Chart(data)
            .mark_circle(size=90, opacity=0.75)
            .encode(
                x=alt.X("age_years:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
                y=y,
                yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
                color=alt.Color("region:N", title="Region", scale=_region_scale()),
                href="url:N",
                tooltip=[
                    alt.Tooltip("label:N", title="Case"),
                    alt.Tooltip("age_years:Q", title="Age"),
                    alt.Tooltip("region:N", title="Region"),
                ],
            )
        )
        subtitle = "Each dot is a case (click to open it); ticks mark the mean."
    else:
        bands = data.assign(band=(data["age_years"] // AGE_BAND * AGE_BAND).astype(int))
        counts = bands.groupby(["sex_label", "band"]).size().reset_index(name="cases")
        counts["age"] = counts["band"] + AGE_BAND / 2
        counts["ages"] = (
            counts["band"].astype(str) + "-" + (counts["band"] + AGE_BAND - 1).astype(str)
        )
        points = (
            alt.Chart(counts)
            .mark_circle(opacity=0.75)
            .encode(
                x=alt.X("age:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
                y=y,
                size=alt.Size("cases:Q", title="Cases"),
                tooltip=[
                    alt.Tooltip("sex_label:N", title="Sex"),
                    alt.Tooltip("ages:N", title="Ages"),
                    alt.Tooltip("cases:Q", title="Cases"),
                ],
            )
        )
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
            tooltip=[
                alt.Tooltip("sex_label:N", title="Sex"),
                alt.Tooltip("mean:Q", title="Mean age", format=".1f"),
            ],
        )
    )
    chart = (points + means).properties(
        width="container",
        height=180,
        title=alt.Title("Age at presentation by sex", subtitle=subtitle),
        description="Dot plot of the cases' ages at presentation, one row per sex, with the mean age of each sex marked.",
    )
    return Figure(
        "age-by-sex",
        "Age at presentation by sex",
        chart.description,
        chart,
        ["Sex", "Cases", "Mean age", "Youngest", "Oldest"],
        [
            [r.sex_label, int(r["count"]), round(r["mean"], 1), r["min"], r["max"]]
            for _, r in summary.iterrows()
        ],
    )


def cases_by_region(df: pd.DataFrame) -> Figure:
    """Cases per spinal region, counting each lesion under its most cranial level."""
    counts = df["region"].value_counts().reindex(REGION_ORDER, fill_value=0)
    data = pd.DataFrame({"region": counts.index, "cases": counts.values})
    data = data[data["cases"] > 0]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cases:Q", title="Cases"),
            y=alt.Y("region:N", title=None, sort=list(REGION_ORDER)),
            color=alt.Color("region:N", scale=_region_scale(), legend=None),
            tooltip=[
                alt.Tooltip("region:N", title="Region"),
                alt.Tooltip("cases:Q", title="Cases"),
            ],
        )
        .properties(
            width="container",
            height=140,
            title=alt.Title(
                "Cases by spinal region",
                subtitle="Junctional lesions count under their most cranial region, as the source counts.",
            ),
            description="Bar chart of the number of cases in each spinal region, counted by the most cranial level involved.",
        )
    )
    return Figure(
        "regions",
        "Cases by spinal region",
        chart.description,
        chart,
        ["Region", "Cases"],
        data.values.tolist(),
    )


def level_map(df: pd.DataFrame) -> Figure:
    """How many cases involve each vertebral level, C1 to S1, drawn in the spine's order."""
    counts = {level: 0 for level in MAP_LEVELS}
    for start, end in zip(df["level_start"], df["level_end"], strict=True):
        for level in LEVELS[LEVELS.index(start) : LEVELS.index(end) + 1]:
            if level in counts:
                counts[level] += 1
    data = pd.DataFrame({"level": list(counts), "cases": list(counts.values())})
    data["region"] = [REGION_ORDER["CTLS".index(lv[0])] for lv in data["level"]]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("level:N", sort=list(MAP_LEVELS), title=None, axis=alt.Axis(labelFontSize=10)),
            x=alt.X("cases:Q", title="Cases involving the level", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("region:N", title="Region", scale=_region_scale()),
            tooltip=[alt.Tooltip("level:N", title="Level"), alt.Tooltip("cases:Q", title="Cases")],
        )
        .properties(
            width="container",
            height=420,
            title=alt.Title(
                "Vertebral-level map",
                subtitle="Cases involving each level, C1 (top) to S1.",
            ),
            description="Bar chart along the spine from C1 to S1 of how many cases involve each vertebral level.",
        )
    )
    return Figure(
        "level-map",
        "Vertebral-level map",
        chart.description,
        chart,
        ["Level", "Cases"],
        [[lv, n] for lv, n in counts.items()],
        note="A case spanning several levels counts at each level it involves.",
    )


def _category_counts(df: pd.DataFrame, column: str, kind: str) -> pd.DataFrame:
    vocab = load_vocabulary()
    codes = [c for joined in df[column] for c in joined.split(SEP) if c]
    counts = pd.Series(codes, dtype="object").value_counts()
    rows = [(t.code, t.label, int(counts.get(t.code, 0))) for t in vocab.terms(kind)]
    data = pd.DataFrame(rows, columns=["code", "label", "cases"])
    return data[data["cases"] > 0].sort_values(["cases", "label"], ascending=[False, True])


def _category_chart(data: pd.DataFrame, title: str, description: str) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cases:Q", title="Cases", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("label:N", title=None, sort="-x"),
            tooltip=[
                alt.Tooltip("label:N", title=title.split()[0]),
                alt.Tooltip("code:N", title="Code"),
                alt.Tooltip("cases:Q", title="Cases"),
            ],
        )
        .properties(
            width="container",
            height=alt.Step(22),
            title=alt.Title(title, subtitle=MULTI_NOTE),
            description=description,
        )
    )


def _category_figure(
    df: pd.DataFrame, kind: str, title: str, what: str, description: str
) -> Figure:
    data = _category_counts(df, kind, kind)
    chart = _category_chart(data, title, description)
    return Figure(
        kind,
        title,
        chart.description,
        chart,
        [what, "Code", "Cases"],
        data[["label", "code", "cases"]].values.tolist(),
        note=MULTI_NOTE,
    )


def causes(df: pd.DataFrame) -> Figure:
    """Cases per cause (multi-valued: a case counts once in each of its causes)."""
    return _category_figure(
        df,
        "causes",
        "Causes",
        "Cause",
        "Bar chart of the number of cases with each cause; a case with two causes counts under both.",
    )


def treatments(df: pd.DataFrame) -> Figure:
    """Cases per treatment (multi-valued: a case counts once in each of its treatments)."""
    return _category_figure(
        df,
        "treatments",
        "Treatments",
        "Treatment",
        "Bar chart of the number of cases that received each treatment; a case with several "
        "treatments counts under each.",
    )


def cumulative_by_year(df: pd.DataFrame) -> Figure:
    """The review growing over time: cumulative number of reported cases by publication year."""
    per_year = df["year"].astype(int).value_counts().sort_index()
    data = pd.DataFrame({"year": per_year.index, "new": per_year.values})
    data["cases"] = data["new"].cumsum()
    chart = (
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("year:Q", title="Publication year", axis=alt.Axis(format="d")),
            y=alt.Y("cases:Q", title="Cases reported so far"),
            tooltip=[
                alt.Tooltip("year:Q", title="Published from", format="d"),
                alt.Tooltip("new:Q", title="New cases"),
                alt.Tooltip("cases:Q", title="Total"),
            ],
        )
        .properties(
            width="container",
            height=220,
            title=alt.Title(
                "Cumulative cases by publication year", subtitle="The review growing over time."
            ),
            description="Step chart of the cumulative number of reported cases by year of publication.",
        )
    )
    return Figure(
        "cumulative",
        "Cumulative cases by publication year",
        chart.description,
        chart,
        ["Year", "New cases", "Total"],
        data[["year", "new", "cases"]].values.tolist(),
    )


def linked_view(df: pd.DataFrame, base: str = "../") -> Figure:
    """Select a region or a sex (click a bar; shift-click for several) to filter the other views.
    Above CASE_MARK_LIMIT cases the data are counts by region, sex, 5-year period and age band
    (a few hundred dots, so that the chart stays light to draw and to download)."""
    cases = _cases(df, base)
    small = len(cases) <= CASE_MARK_LIMIT
    if small:
        data = cases.assign(n=1, age=cases["age_years"])
    else:
        banded = cases.assign(
            age=(cases["age_years"] // AGE_BAND * AGE_BAND + AGE_BAND / 2),
            year=cases["year"] // AGE_BAND * AGE_BAND,
        )
        data = banded.groupby(["region", "sex_label", "year", "age"], dropna=False).size()
        data = data.reset_index(name="n")
    region = alt.selection_point(fields=["region"], name="region_pick")
    sex = alt.selection_point(fields=["sex_label"], name="sex_pick")
    both = region & sex
    regions = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("region:N", sort=list(REGION_ORDER), title=None),
            x=alt.X("sum(n):Q", title="Cases"),
            color=alt.condition(
                region,
                alt.Color("region:N", scale=_region_scale(), legend=None),
                alt.value("#9e9e9e"),
            ),
            tooltip=[
                alt.Tooltip("region:N", title="Region"),
                alt.Tooltip("sum(n):Q", title="Cases"),
            ],
        )
        .add_params(region)
        .transform_filter(sex)
        .properties(width=220, height=120, title="Region (click)")
    )
    sexes = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("sex_label:N", title=None),
            x=alt.X("sum(n):Q", title="Cases"),
            color=alt.condition(sex, alt.value("#5c6bc0"), alt.value("#9e9e9e")),
            tooltip=[
                alt.Tooltip("sex_label:N", title="Sex"),
                alt.Tooltip("sum(n):Q", title="Cases"),
            ],
        )
        .add_params(sex)
        .transform_filter(region)
        .properties(width=220, height=120, title="Sex (click)")
    )
    encoding: dict[str, Any] = {
        "x": alt.X(
            "year:Q",
            title="Publication year",
            axis=alt.Axis(format="d", tickCount=6),
            scale=alt.Scale(zero=False),
        ),
        "y": alt.Y("age:Q", title="Age (years)"),
        "color": alt.Color("region:N", scale=_region_scale(), title="Region"),
    }
    if small:
        encoding["href"] = "url:N"
        encoding["tooltip"] = [
            alt.Tooltip("label:N", title="Case"),
            alt.Tooltip("age:Q", title="Age"),
            alt.Tooltip("sex_label:N", title="Sex"),
        ]
        title = "Selected cases: age by year (click a dot to open the case)"
    else:
        encoding["size"] = alt.Size("n:Q", title="Cases")
        encoding["tooltip"] = [
            alt.Tooltip("year:Q", title="Published from", format="d"),
            alt.Tooltip("age:Q", title="Age band (middle)"),
            alt.Tooltip("n:Q", title="Cases"),
        ]
        title = f"Selected cases: age by publication year ({AGE_BAND}-year bands)"
    ages = (
        alt.Chart(data)
        .mark_circle(size=80)
        .encode(**encoding)
        .transform_filter(both)
        .properties(width=480, height=220, title=title)
    )
    chart = alt.vconcat(alt.hconcat(regions, sexes), ages).properties(
        title=alt.Title(
            "Explore: region and sex",
            subtitle="Click a region or a sex to filter the other views; click again on empty space to clear.",
        ),
        description="Linked views: clicking a region or a sex bar filters the other bar chart and the scatter plot of cases' ages by publication year.",
    )
    table = data.groupby(["region", "sex_label"])["n"].sum().reset_index(name="cases")
    return Figure(
        "linked",
        "Explore: region and sex",
        chart.description,
        chart,
        ["Region", "Sex", "Cases"],
        table.values.tolist(),
    )


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
    out = []
    for fn in CHARTS.values():
        out.append(fn(df, base) if "base" in fn.__code__.co_varnames else fn(df))
    return out
