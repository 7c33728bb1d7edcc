"""Where the lesions are: cases by spinal region, and the vertebral-level map."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..spine import LEVELS, REGION_ORDER
from .common import MAP_LEVELS, Figure, cases_tip, figure, framed, region_colour, tip


def cases_by_region(df: pd.DataFrame) -> Figure:
    """Cases per spinal region, counting each lesion under its most cranial level."""
    counts = df["region"].value_counts().reindex(REGION_ORDER, fill_value=0)
    data = pd.DataFrame({"region": counts.index, "cases": counts.values})
    data = data[data["cases"] > 0]
    title = "Cases by spinal region"
    chart = framed(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cases:Q", title="Cases"),
            y=alt.Y("region:N", title=None, sort=list(REGION_ORDER)),
            color=region_colour(legend=None),
            tooltip=[tip("region:N", "Region"), cases_tip()],
        ),
        140,
        title,
        "Junctional lesions count under their most cranial region, as the source counts.",
        "Bar chart of the number of cases in each spinal region, counted by the most cranial level involved.",
    )
    return figure("regions", title, chart, ["Region", "Cases"], data.values.tolist())


def level_map(df: pd.DataFrame) -> Figure:
    """How many cases involve each vertebral level, C1 to S1, drawn in the spine's order."""
    counts = {level: 0 for level in MAP_LEVELS}
    for start, end in zip(df["level_start"], df["level_end"], strict=True):
        for level in LEVELS[LEVELS.index(start) : LEVELS.index(end) + 1]:
            if level in counts:
                counts[level] += 1
    data = pd.DataFrame({"level": list(counts), "cases": list(counts.values())})
    data["region"] = [REGION_ORDER["CTLS".index(lv[0])] for lv in data["level"]]
    title = "Vertebral-level map"
    chart = framed(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("level:N", sort=list(MAP_LEVELS), title=None, axis=alt.Axis(labelFontSize=10)),
            x=alt.X("cases:Q", title="Cases involving the level", axis=alt.Axis(tickMinStep=1)),
            color=region_colour(title="Region"),
            tooltip=[tip("level:N", "Level"), cases_tip()],
        ),
        420,
        title,
        "Cases involving each level, C1 (top) to S1.",
        "Bar chart along the spine from C1 to S1 of how many cases involve each vertebral level.",
    )
    return figure(
        "level-map",
        title,
        chart,
        ["Level", "Cases"],
        [[lv, n] for lv, n in counts.items()],
        note="A case spanning several levels counts at each level it involves.",
    )
