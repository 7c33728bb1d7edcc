"""The counts kind (cases per value of a field) and the location-map kind (cases involving each
position of the location scheme, in its order)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..model.declaration import Chart as ChartSpec
from ..model.declaration import CodeField, LocationField, ModelDeclaration
from .common import (
    MULTI_NOTE,
    Figure,
    bound,
    case_rows,
    cases_tip,
    figure,
    framed,
    group_colour,
    group_labels,
    group_word,
    tip,
    values_of,
    whole_axis,
)

MAP_HEIGHT = 420
"""The height of a map of more than 20 positions (shorter maps get a band per position)."""


def _plural(label: str) -> str:
    return label if label.endswith("s") else f"{label}s"


def _group_counts(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration) -> Figure:
    """Cases per location group, each case under its primary group."""
    field = bound(model, spec.field or "")
    scheme = model.scheme()
    assert scheme is not None
    labels = group_labels(model)
    counts = df[field.column].value_counts().reindex(list(labels), fill_value=0)
    data = pd.DataFrame({field.column: list(labels.values()), "cases": counts.values})
    data = data[data["cases"] > 0]
    word = group_word(model)
    chart = framed(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cases:Q", title="Cases", axis=whole_axis(data.cases.max())),
            y=alt.Y(f"{field.column}:N", title=None, sort=list(labels.values())),
            color=group_colour(model, legend=None),
            tooltip=[tip(f"{field.column}:N", word), cases_tip()],
        ),
        140,
        spec,
        None,
    )
    return figure(spec, chart, [word, "Cases"], data.values.tolist())


def counts(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration, base: str) -> Figure:
    """Cases per value of ``field``, most frequent first (a case with several codes counts
    under each); a location is counted by group, each case under its primary group."""
    field = bound(model, spec.field or "")
    if isinstance(field.spec, LocationField):
        return _group_counts(spec, df, model)
    rows = values_of(case_rows(df, model, base, (field,)), field, model)
    found = rows[field.column].value_counts()
    if isinstance(field.spec, CodeField):
        terms = model.vocabularies[field.spec.vocabulary].terms
        pairs = [(t.code, t.label) for t in terms]
    else:
        pairs = [(value, value) for value in sorted(found.index)]
    table = [(code, label, int(found.get(label, 0))) for code, label in pairs]
    data = pd.DataFrame(table, columns=["code", "label", "cases"])
    data = data[data["cases"] > 0].sort_values(["cases", "label"], ascending=[False, True])
    what = _plural(field.label)
    multi = field.multi
    chart = framed(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cases:Q", title="Cases", axis=whole_axis(data.cases.max())),
            y=alt.Y("label:N", title=None, sort="-x"),
            tooltip=[tip("label:N", what), tip("code:N", "Code"), cases_tip()],
        ),
        alt.Step(22),
        spec,
        MULTI_NOTE if multi else None,
    )
    return figure(
        spec,
        chart,
        [field.label, "Code", "Cases"],
        data[["label", "code", "cases"]].values.tolist(),
        note=MULTI_NOTE if multi else None,
    )


def map_positions(model: ModelDeclaration, involved: set[str]) -> list[str]:
    """The positions a map shows: every position of the scheme; along the spine, from the
    first level to the first level of its last region (or further down, where a case is)."""
    scheme = model.scheme()
    assert scheme is not None
    positions = list(scheme.positions)
    if scheme.name != "vertebral":
        return positions
    last_group = scheme.groups[-1]
    end = next(i for i, p in enumerate(positions) if scheme.group_of(p) == last_group)
    end = max([end, *(positions.index(p) for p in involved)])
    return positions[: end + 1]


def location_map(spec: ChartSpec, df: pd.DataFrame, model: ModelDeclaration, base: str) -> Figure:
    """How many cases involve each position of the location scheme, drawn in its order."""
    from ..pages.dataset import SEP, location_columns

    scheme, loc = model.scheme(), location_columns(model)
    assert scheme is not None and loc is not None and model.location_field is not None
    per_case = [_positions(v, scheme, SEP) for v in df[loc.value].fillna("")]
    involved = {p for ps in per_case for p in ps}
    shown = map_positions(model, involved)
    counts = {p: 0 for p in shown}
    for ps in per_case:
        for p in ps:
            if p in counts:
                counts[p] += 1
    field = model.location_field
    vocab = model.vocabularies[field.vocabulary] if field.vocabulary else None
    labels = [vocab.label(p) if vocab else p for p in shown]
    noun = scheme.noun
    data = pd.DataFrame({noun: labels, "cases": list(counts.values())})
    data[loc.group] = [group_labels(model)[scheme.group_of(p)] for p in shown]
    chart = framed(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{noun}:N", sort=labels, title=None, axis=alt.Axis(labelFontSize=10)),
            x=alt.X(
                "cases:Q",
                title=f"Cases involving the {noun}",
                axis=whole_axis(max(counts.values(), default=0)),
            ),
            color=group_colour(model, title=group_word(model)),
            tooltip=[tip(f"{noun}:N", noun.capitalize()), cases_tip()],
        ),
        MAP_HEIGHT if len(shown) > 20 else alt.Step(22),
        spec,
        None,
    )
    return figure(
        spec,
        chart,
        [noun.capitalize(), "Cases"],
        [[label, n] for label, n in zip(labels, counts.values(), strict=True)],
        note=f"A case spanning several {noun}s counts at each {noun} it involves.",
    )


def _positions(value: str, scheme: object, sep: str) -> tuple[str, ...]:
    """The positions of a location column's value (a vertebral range, or codes joined)."""
    if not value:
        return ()
    if getattr(scheme, "name", "") == "vertebral":
        return scheme.parse({"levels": value}).positions  # type: ignore[attr-defined]
    return tuple(value.split(sep))
