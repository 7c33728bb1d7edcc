"""What every chart shares: the :class:`Figure`, the constants, the per-case rows, the fields a
chart may be bound to, and the small helpers for the Altair encodings the charts repeat."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from ..model.declaration import Chart as ChartSpec
from ..model.declaration import (
    CodeField,
    FieldSpec,
    LocationField,
    ModelDeclaration,
    NumberField,
    YesNoField,
)
from ..pages.dataset import SEP, location_columns

MULTI_NOTE = "A case counts once in each of its categories, so bars add up to more than the cases."
GROUP_PALETTE = ("#00897b", "#f4511e", "#3949ab", "#8e24aa", "#6d4c41", "#c0ca33", "#546e7a")
"""The colours of the location's groups, in the scheme's order."""
SEX_LABELS = {"F": "Female", "M": "Male"}
NOT_REPORTED = "Not reported"
CASE_MARK_LIMIT = 500
"""Up to this many cases, charts draw one mark per case (with a link to its page); above it,
they draw counts, so that a page stays small whatever the size of the review."""
AGE_BAND = 5
CORE = {
    "patient.sex": ("sex", "Sex"),
    "patient.age_years": ("age_years", "Age"),
    "citation.year": ("year", "Publication year"),
    "follow_up_months": ("follow_up_months", "Follow-up (months)"),
}
"""Core fields a chart may be bound to: reference -> (column of the frame, label)."""


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
        """The Vega-Lite spec. Altair's check against the Vega-Lite schema is left to the tests
        (``tests/test_charts.py`` validates every chart): it took most of the specs' time."""
        return self.chart.to_dict(validate=False)


@dataclass(frozen=True)
class Bound:
    """A field a chart is bound to, as the charts read it from the per-case rows."""

    ref: str
    column: str
    """Its column in the per-case rows (for a location, the group it is counted under)."""
    label: str
    short: str
    """A short name for selections (``sex``, ``region``)."""
    spec: FieldSpec | None = None
    multi: bool = False
    """A case may have several values (a codes field): one row per value."""


def group_word(model: ModelDeclaration) -> str:
    """What the location's groups are called: Region (vertebral), else Group."""
    loc = model.location_field
    return "Region" if loc is not None and loc.scheme == "vertebral" else "Group"


def bound(model: ModelDeclaration, ref: str) -> Bound:
    """The field ``ref`` (a declared field's name, or a core reference) as the charts read it."""
    if ref in CORE:
        column, label = CORE[ref]
        return Bound(ref, "sex_label" if ref == "patient.sex" else column, label, column)
    spec = model.field(ref)
    if isinstance(spec, LocationField):
        group = location_columns(model).group  # type: ignore[union-attr]
        return Bound(ref, group, group_word(model), group, spec)
    label = spec.label
    if isinstance(spec, NumberField) and spec.unit:
        label = f"{label} ({spec.unit})"
    return Bound(ref, ref, label, ref, spec, multi=spec.type == "codes")


def group_labels(model: ModelDeclaration) -> dict[str, str]:
    """Each location group's name as readers see it (``first-region``: First region), in the
    scheme's order: charts show these, as Table 1's filter and the form do."""
    scheme = model.scheme()
    return {g: scheme.group_label(g) for g in scheme.groups} if scheme else {}


def whole_ticks(high: float, low: float = 0, most: int = 8) -> list[int]:
    """Whole-number tick values from ``low`` to ``high`` in steps of 1, 2, 5, 10, 20, 50...
    (at most ``most`` steps): counts and years never get ticks between whole numbers, which
    Vega's own give a small domain (0, 0.5, 1; years 2019, 2019, 2020 once formatted).
    vl-convert ignores ``tickMinStep``, so the values are given."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []  # no data (an empty review)
    low, high = math.floor(low), math.ceil(high)
    span = max(high - low, 1)
    steps = (m * 10**p for p in range(12) for m in (1, 2, 5))
    step = next(s for s in steps if span <= s * most)
    first = low // step * step
    return list(range(first, high + step, step))


def whole_axis(high: float, low: float = 0, most: int = 8) -> alt.Axis:
    """An axis of whole numbers (cases, years): :func:`whole_ticks`, written without decimals."""
    return alt.Axis(values=whole_ticks(high, low, most), format="d")


def group_scale(model: ModelDeclaration) -> alt.Scale:
    """The location groups' colours, in the scheme's order."""
    groups = list(group_labels(model).values())
    colours = [GROUP_PALETTE[i % len(GROUP_PALETTE)] for i in range(len(groups))]
    return alt.Scale(domain=groups, range=colours)


def group_colour(model: ModelDeclaration, **kwargs: Any) -> alt.Color:
    """Colour by the location group a case is counted under."""
    column = location_columns(model).group  # type: ignore[union-attr]
    return alt.Color(f"{column}:N", scale=group_scale(model), **kwargs)


def tip(field: str, title: str, **kwargs: Any) -> alt.Tooltip:
    """A tooltip line: ``field`` (with its type) shown under ``title``."""
    return alt.Tooltip(field, title=title, **kwargs)


def cases_tip(field: str = "cases:Q") -> alt.Tooltip:
    """The tooltip line of a count of cases."""
    return tip(field, "Cases")


def framed(chart: alt.Chart, height: Any, spec: ChartSpec, subtitle: str | None) -> alt.Chart:
    """A chart as wide as its container, with its declared title, subtitle (or the kind's
    own) and description."""
    line = spec.subtitle or subtitle
    title = alt.Title(spec.title, subtitle=line) if line else alt.Title(spec.title)
    return chart.properties(
        width="container", height=height, title=title, description=describe(spec)
    )


def describe(spec: ChartSpec) -> str:
    """The declared description, or one made from the title."""
    return spec.description or f"Chart: {spec.title}."


def figure(
    spec: ChartSpec,
    chart: alt.TopLevelMixin,
    columns: list[str],
    rows: list[list[Any]],
    note: str | None = None,
) -> Figure:
    """A :class:`Figure` whose description is the chart's own."""
    return Figure(spec.id, spec.title, chart.description, chart, columns, rows, note=note)


def case_rows(
    df: pd.DataFrame, model: ModelDeclaration, base: str, fields: tuple[Bound, ...] = ()
) -> pd.DataFrame:
    """Per-case rows for charts that show every case as a mark: the core's columns, the
    location's, those of ``fields``, the sex's label, each case's label and address, and a
    deterministic vertical spread."""
    loc = location_columns(model)
    keep = ["case_id", "first_author", "year", "sex", "age_years"]
    keep += [loc.value, loc.group] if loc else []
    keep += [f.column for f in fields if f.column in df.columns and f.column not in keep]
    out = df[keep].copy()
    out["sex_label"] = out["sex"].map(SEX_LABELS).fillna(NOT_REPORTED)
    if loc:
        out[loc.group] = out[loc.group].map(group_labels(model))
    where = (", " + out[loc.value].fillna("")) if loc else ""
    out["label"] = out["first_author"] + " " + out["year"].astype(str) + where
    out["url"] = base + "cases/" + out["case_id"] + "/"
    out["year"] = out["year"].astype(int)
    # a deterministic vertical spread for dot plots (the same cases always give the same spec)
    out["jitter"] = [((i * 0.6180339887) % 1) * 1.6 - 0.8 for i in range(len(out))]
    return out


def values_of(rows: pd.DataFrame, field: Bound, model: ModelDeclaration) -> pd.DataFrame:
    """``rows`` with ``field.column`` holding one readable value per row: a codes field's
    codes become one row each (labelled), a yes/no field Yes/No, a missing value Not reported."""
    spec = field.spec
    if isinstance(spec, CodeField):
        vocab = model.vocabularies[spec.vocabulary]
        split = rows[field.column].fillna("").map(lambda s: [c for c in s.split(SEP) if c])
        exploded = rows.assign(**{field.column: split}).explode(field.column)
        labels = exploded[field.column].map(lambda c: vocab.label(c) if isinstance(c, str) else c)
        return exploded.assign(**{field.column: labels.fillna(NOT_REPORTED)})
    if isinstance(spec, YesNoField):
        yes_no = rows[field.column].map({True: "Yes", False: "No"}).fillna(NOT_REPORTED)
        return rows.assign(**{field.column: yes_no})
    return rows


def order_of(field: Bound, model: ModelDeclaration) -> list[str] | None:
    """The order of a field's values on an axis (None: as the data come)."""
    spec = field.spec
    if field.ref == "patient.sex":
        return ["Female", "Male", NOT_REPORTED]
    if isinstance(spec, LocationField):
        return list(group_labels(model).values()) or None
    if isinstance(spec, CodeField):
        return [t.label for t in model.vocabularies[spec.vocabulary].terms] + [NOT_REPORTED]
    if isinstance(spec, YesNoField):
        return ["Yes", "No", NOT_REPORTED]
    return None
