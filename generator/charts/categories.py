"""Multi-valued categories: cases per cause and per treatment (a case counts in each of its)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..dataset import SEP
from ..vocabulary import load_vocabulary
from .common import MULTI_NOTE, Figure, cases_tip, figure, framed, tip


def _category_counts(df: pd.DataFrame, column: str, kind: str) -> pd.DataFrame:
    vocab = load_vocabulary()
    codes = [c for joined in df[column] for c in joined.split(SEP) if c]
    counts = pd.Series(codes, dtype="object").value_counts()
    rows = [(t.code, t.label, int(counts.get(t.code, 0))) for t in vocab.terms(kind)]
    data = pd.DataFrame(rows, columns=["code", "label", "cases"])
    return data[data["cases"] > 0].sort_values(["cases", "label"], ascending=[False, True])


def _category_chart(data: pd.DataFrame, title: str, description: str) -> alt.Chart:
    return framed(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cases:Q", title="Cases", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("label:N", title=None, sort="-x"),
            tooltip=[tip("label:N", title.split()[0]), tip("code:N", "Code"), cases_tip()],
        ),
        alt.Step(22),
        title,
        MULTI_NOTE,
        description,
    )


def _category_figure(
    df: pd.DataFrame, kind: str, title: str, what: str, description: str
) -> Figure:
    data = _category_counts(df, kind, kind)
    chart = _category_chart(data, title, description)
    return figure(
        kind,
        title,
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
