"""The derived dataset: one pandas DataFrame of cases, and the review's summary figures, both
from the fields and figures the review declares in ``model.yaml``.

The frame has the case-report core every review has, then the declared fields: the location
(its value, first and last position, and the group it is counted under), the coded fields, the
location's groups, then the other declared fields, then the rest of the core (citation,
outcome, follow-up). Nothing here knows a review's codes or figure names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model import CaseBase, ModelDeclaration
from ..model.declaration import CodeField, FieldSpec, LocationField, NumberField
from ..model.figures import figure_value
from .declared import as_declared

if TYPE_CHECKING:
    import pandas as pd

SEP = "; "
"""Separator of multi-valued columns in the exported files."""

HEAD = ["case_id", "first_author", "year", "sex", "age_years"]
TAIL = [
    "title",
    "journal",
    "doi",
    "pmid",
    "source_ref",
    "outcome",
    "follow_up_months",
    "n_discrepancies",
]


class LocationColumns(NamedTuple):
    """The frame's columns for the location: its value, first and last position, the group
    it is counted under, and every group it involves."""

    value: str
    start: str
    end: str
    group: str
    groups: str


def location_columns(model: ModelDeclaration) -> LocationColumns | None:
    """The names of the location's columns (the vertebral scheme keeps its own words:
    levels, level_start, level_end, region, regions)."""
    loc = model.location_field
    if loc is None:
        return None
    if loc.scheme == "vertebral":
        return LocationColumns("levels", "level_start", "level_end", "region", "regions")
    n = loc.name
    return LocationColumns(n, f"{n}_first", f"{n}_last", f"{n}_group", f"{n}_groups")


def coded_fields(model: ModelDeclaration) -> list[CodeField]:
    """The declared code and codes fields, in declaration order."""
    return [f for f in model.fields if isinstance(f, CodeField)]


def other_fields(model: ModelDeclaration) -> list[FieldSpec]:
    """The declared fields that are neither the location nor coded, in declaration order."""
    return [f for f in model.fields if not isinstance(f, CodeField | LocationField)]


def columns(model: ModelDeclaration) -> list[str]:
    """The frame's columns, in order."""
    loc = location_columns(model)
    out = list(HEAD)
    out += [loc.value, loc.start, loc.end, loc.group] if loc else []
    out += [f.name for f in coded_fields(model)]
    out += [loc.groups] if loc else []
    out += [f.name for f in other_fields(model)]
    return out + TAIL


def _location_values(case: CaseBase, model: ModelDeclaration) -> list[Any]:
    place = case.place
    if place is None:
        return [None] * 5
    vertebral = model.location_field is not None and model.location_field.scheme == "vertebral"
    value = place.display if vertebral else SEP.join(place.positions)
    return [value, place.positions[0], place.positions[-1], place.primary_group, place.groups]


def _row(case: CaseBase, model: ModelDeclaration) -> list[Any]:
    cit = case.citation
    row: list[Any] = [cit.first_author, cit.year, case.patient.sex, case.patient.age_years]
    row.insert(0, case.id)
    loc = _location_values(case, model) if model.location_field else []
    row += loc[:4]
    row += [SEP.join(case.codes(f.name)) for f in coded_fields(model)]
    row += [SEP.join(loc[4] or ())] if loc else []
    row += [getattr(case, f.name) for f in other_fields(model)]
    row += [cit.title, cit.journal, cit.doi, cit.pmid, cit.source_ref]
    return [*row, case.outcome, case.follow_up_months, len(case.discrepancies)]


def frame(cases: Sequence[CaseBase], model: ModelDeclaration | None = None) -> pd.DataFrame:
    """One row per case, in id order (see the module's docstring for the columns)."""
    cases, model = as_declared(cases, model)
    rows = [_row(c, model) for c in sorted(cases, key=lambda c: c.id)]
    # pandas only here: a Summary comes back from the child process that makes the aggregate
    # pages (engines.forked), and MkDocs' process need not import pandas to read it
    import pandas as pd

    df = pd.DataFrame(rows, columns=columns(model))
    types = {"year": "Int64", "source_ref": "Int64", "n_discrepancies": "Int64"}
    types.update({f.name: "Int64" for f in other_fields(model) if _integer(f)})
    return df.astype(types)


def _integer(spec: FieldSpec) -> bool:
    return isinstance(spec, NumberField) and spec.integer


CORE_FIGURES = (
    "cases",
    "male",
    "female",
    "sex_unknown",
    "mean_age",
    "min_age",
    "max_age",
    "first_year",
    "last_year",
)
"""The figures every review's summary states (from the case-report core)."""


@dataclass(frozen=True)
class Summary:
    """The review's figures: the core's (cases, sexes, ages, years), each declared figure, and
    counts per location group, per position and per code of each coded field."""

    cases: int
    male: int
    female: int
    sex_unknown: int
    mean_age: float | None
    min_age: float | None
    max_age: float | None
    first_year: int | None
    last_year: int | None
    figures: dict[str, int | float | None] = field(default_factory=dict)
    """Every declared figure, by name, in declaration order (and ``cases``)."""
    labels: dict[str, str] = field(default_factory=dict)
    """How each figure is named in sentences."""
    groups: dict[str, int] = field(default_factory=dict)
    """Cases per location group they are counted under, in the scheme's order."""
    positions: dict[str, int] = field(default_factory=dict)
    """Cases involving each position of the location scheme, in order."""
    codes: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per coded field: cases per code (a case counts once in each of its codes), in the
    vocabulary's order."""

    def figure(self, name: str) -> float | int | None:
        """A figure by its name in ``model.yaml`` (or a core figure of the same name)."""
        if name in self.figures:
            return self.figures[name]
        return getattr(self, name)

    def __getattr__(self, name: str) -> Any:
        figures = self.__dict__.get("figures", {})
        if name in figures:
            return figures[name]
        raise AttributeError(name)


def summarise(cases: Sequence[CaseBase], model: ModelDeclaration | None = None) -> Summary:
    """Compute the core figures, the declared figures and the counts from the active cases."""
    cases, model = as_declared(cases, model)
    active = [c for c in cases if c.active]
    ages = [c.patient.age_years for c in active if c.patient.age_years is not None]
    sexes = Counter(c.patient.sex for c in active)
    years = [c.citation.year for c in active]
    figures: dict[str, int | float | None] = {"cases": len(active)}
    figures.update({f.name: figure_value(f, active, model) for f in model.summary})
    labels = {"cases": "cases", **{f.name: f.label for f in model.summary}}
    scheme = model.scheme()
    groups: dict[str, int] = {}
    positions: dict[str, int] = {}
    if scheme is not None:
        places = [c.place for c in active if c.place is not None]
        counted = Counter(p.primary_group for p in places)
        involved = Counter(pos for p in places for pos in p.positions)
        groups = {g: counted.get(g, 0) for g in scheme.groups}
        positions = {pos: involved.get(pos, 0) for pos in scheme.positions}
    codes = {}
    for spec in coded_fields(model):
        count = Counter(code for c in active for code in c.codes(spec.name))
        vocab = model.vocabularies[spec.vocabulary]
        codes[spec.name] = {code: count.get(code, 0) for code in vocab.codes}
    return Summary(
        cases=len(active),
        male=sexes.get("M", 0),
        female=sexes.get("F", 0),
        sex_unknown=sexes.get(None, 0),
        mean_age=round(sum(ages) / len(ages), 1) if ages else None,
        min_age=min(ages) if ages else None,
        max_age=max(ages) if ages else None,
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        figures=figures,
        labels=labels,
        groups=groups,
        positions=positions,
        codes=codes,
    )


@dataclass(frozen=True)
class Difference:
    """A figure where this dataset differs from what a source states."""

    key: str
    source: float | int
    ours: float | int | None


def compare(summary: Summary, stated: dict[str, float | int]) -> list[Difference]:
    """Every figure a source states that the dataset does not reproduce (a name the model does
    not declare, which ``validate`` reports, counts as not reproduced)."""
    out = []
    for key, value in stated.items():
        ours = summary.figures.get(key)
        if ours is None or abs(float(ours) - float(value)) > 1e-9:
            out.append(Difference(key, value, ours))
    return out
