"""Table 1: its columns and filters, from the review's declaration, and its rows.

The core columns every review has come first (authors and year, sex, age), then the declared
columns in order: the location (sorted along the scheme), coded fields (their codes or labels,
or the text field the column ``prefer``\\ s), numbers, yes/no and text. The filters are the text
box, the location's groups, sex, then the other declared filters. ``table.js`` reads the filters
from the page (``data-filter``: a row matches when the value is one of its ``data-<name>``
tokens) and, for a large review, the cells from ``data/table.json`` (``cells``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import CaseBase, ModelDeclaration
from ..model.declaration import CodeField, FieldSpec, LocationField, NumberField, YesNoField
from ..model.review_text import escape_text

DASH = "\u2013"


@dataclass(frozen=True)
class Column:
    """One column of Table 1."""

    key: str
    """Its sort key (``th[data-sort]``) and the name of its cell in table.json."""
    title: str
    numeric: bool = False
    spec: FieldSpec | None = None
    titled: bool = False
    """Its cells carry the codes' labels as a tooltip (a column showing the source's words)."""


@dataclass(frozen=True)
class Filter:
    """One drop-down filter: ``name`` is its ``data-filter`` and its query-string parameter."""

    name: str
    label: str
    everything: str
    options: list[tuple[str, str]] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _plural(label: str) -> str:
    return label if label.endswith("s") else f"{label}s"


def columns(model: ModelDeclaration) -> list[Column]:
    """Table 1's columns, in order."""
    out = [Column("author", "Authors and year"), Column("sex", "Sex")]
    out.append(Column("age", "Age (yrs)", numeric=True))
    for spec in model.columns:
        title = spec.column or spec.label
        numeric = isinstance(spec, LocationField | NumberField)
        prefer = spec.table.prefer if spec.table else None
        out.append(Column(_slug(title), title, numeric, spec, titled=bool(prefer)))
    return out


def group_filter_name(model: ModelDeclaration) -> str:
    """The location filter's name: ``regions`` in the vertebral scheme, else ``groups``."""
    loc = model.location_field
    return "regions" if loc is not None and loc.scheme == "vertebral" else "groups"


def filters(model: ModelDeclaration) -> list[Filter]:
    """The drop-down filters, in order: the location's groups, sex, the other declared ones."""
    out = []
    scheme = model.scheme()
    declared = model.filters
    loc = next((f for f in declared if isinstance(f, LocationField)), None)
    if loc is not None and scheme is not None:
        name = group_filter_name(model)
        noun = name.removesuffix("s")
        options = [(g, scheme.group_label(g)) for g in scheme.groups]
        out.append(Filter(name, noun.capitalize(), f"All {name}", options))
    out.append(Filter("sex", "Sex", "Both sexes", [("F", "Female"), ("M", "Male")]))
    for spec in declared:
        if isinstance(spec, CodeField):
            vocab = model.vocabularies[spec.vocabulary]
            codes = spec.table is not None and spec.table.shows == "codes"
            options = [
                (t.code, f"{t.code} {DASH} {t.label}" if codes else t.label) for t in vocab.terms
            ]
            out.append(Filter(spec.name, spec.label, f"All {_plural(spec.label.lower())}", options))
        elif isinstance(spec, YesNoField):
            everything = f"{spec.label}: any"
            out.append(
                Filter(spec.name, spec.label, everything, [("true", "Yes"), ("false", "No")])
            )
    return out


def _tokens(case: CaseBase, model: ModelDeclaration, name: str) -> str:
    """The space-separated values of a row that filter ``name`` matches."""
    if name == "sex":
        return case.patient.sex or ""
    if name == group_filter_name(model) and model.location_field is not None:
        return " ".join(case.place.groups) if case.place else ""
    value = getattr(case, name)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(case.codes(name)) if value is not None else ""


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _cell(case: CaseBase, model: ModelDeclaration, spec: FieldSpec) -> tuple[str, str, str]:
    """A declared column's cell text, its sort key and its tooltip."""
    if isinstance(spec, LocationField):
        place = case.place
        if place is None:
            return "", "", ""
        first, last = place.sort_key
        return place.display, f"{first}.{last:04d}", ""
    if isinstance(spec, CodeField):
        labels = ", ".join(
            model.vocabularies[spec.vocabulary].label(c) for c in case.codes(spec.name)
        )
        if spec.table and spec.table.shows == "codes":
            text = ", ".join(case.codes(spec.name))
        else:
            prefer = spec.table.prefer if spec.table else None
            text = (getattr(case, prefer) if prefer else None) or labels
        return text, text, labels
    value = getattr(case, spec.name)
    if isinstance(value, bool):
        text = "Yes" if value else "No"
        return text, text, ""
    text = _number(value) if isinstance(spec, NumberField) else ("" if value is None else value)
    return text, text, ""


def table_row(case: CaseBase, model: ModelDeclaration) -> dict[str, Any]:
    """The values of one Table 1 row: its cells (text, sort key, tooltip), in column order, and
    its filter tokens."""
    cit = case.citation
    ref = f" [{cit.source_ref}]" if cit.source_ref else ""
    age = case.patient.age_years
    cells = [
        (
            f"{cit.first_author}{ref} {cit.year}",
            f"{cit.first_author.lower()} {cit.year} {case.id}",
            "",
        ),
        (case.patient.sex or DASH, case.patient.sex or "", ""),
        (DASH if age is None else _number(age), _number(age), ""),
    ]
    cells += [_cell(case, model, c.spec) for c in columns(model)[3:] if c.spec is not None]
    return {
        "case": case,
        "cells": cells,
        "tokens": {f.name: _tokens(case, model, f.name) for f in filters(model)},
    }


def table_json(rows: list[dict[str, Any]], model: ModelDeclaration, base: str) -> bytes:
    """Table 1's rows as compact arrays, for table.js (links relative to the Table 1 page):
    ``columns`` names each value of a row; ``cells`` gives, for each column of the table, its sort
    key, the column of its text, of its sort key and of its tooltip (or null)."""
    cols = columns(model)
    names = [f.name for f in filters(model)]
    head = ["case_id", "label", "href"]
    cells_spec = []
    layout = list(head)
    for i, col in enumerate(cols):
        text = "label" if i == 0 else col.key
        if i:
            layout.append(text)
        key = f"key_{col.key}"
        layout.append(key)
        tip = f"title_{col.key}" if col.titled else None
        if tip:
            layout.append(tip)
        cells_spec.append([col.key, text, key, tip])
    layout += names
    out = []
    for row in rows:
        c = row["case"]
        values: list[Any] = [c.id, row["cells"][0][0], f"{base}cases/{c.id}/"]
        for i, (col, (text, key, tip)) in enumerate(zip(cols, row["cells"], strict=True)):
            if i:
                values.append(text)
            values.append(_sort_value(key, col.numeric))
            if col.titled:
                values.append(tip)
        values += [row["tokens"][n] for n in names]
        out.append(values)
    data = {"columns": layout, "cells": cells_spec, "rows": out}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _sort_value(key: str, numeric: bool) -> Any:
    if not numeric or key == "":
        return key if key != "" else None
    return float(key)


def legend(model: ModelDeclaration) -> list[dict[str, Any]]:
    """The abbreviations of Table 1's legend: every term of a column that shows codes, and the
    terms of the other coded columns whose code differs from its lower-case form."""
    out = []
    for spec in model.columns:
        if not isinstance(spec, CodeField):
            continue
        vocab = model.vocabularies[spec.vocabulary]
        every = spec.table is not None and spec.table.shows == "codes"
        terms = [t for t in vocab.terms if every or t.code != t.code.lower()]
        out += [{"term": t, "noun": vocab.noun} for t in terms]
    return out


def wording_notes(model: ModelDeclaration) -> list[Any]:
    """A sentence for each column that shows the source's own words where a case has them."""
    out = []
    for spec in model.columns:
        if isinstance(spec, CodeField) and spec.table and spec.table.prefer:
            vocab = model.vocabularies[spec.vocabulary]
            labels = ", ".join(t.label.lower() for t in vocab.terms)
            out.append(
                escape_text(
                    f"The {spec.label.lower()} column keeps the source's wording (typos included: "
                    "each correction is recorded on the case page). Filters use the review's "
                    f"{vocab.noun} vocabulary: {labels}."
                )
            )
    return out


def _joined(words: list[str], last: str = "and") -> str:
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


def phrases(model: ModelDeclaration) -> dict[str, str]:
    """What Home and Methods say of the review's columns, filters, charts and coded fields."""
    declared = [(spec.column or spec.label).lower() for spec in model.columns]
    filtered = ["text", *(f.label.lower() for f in filters(model))]
    topics: list[str] = []
    for chart in model.charts_on("charts"):
        scheme = model.scheme()
        if chart.kind == "location-map" and scheme is not None:
            noun = f"{scheme.noun}s"
            topics.append(f"vertebral {noun}" if scheme.name == "vertebral" else noun)
        elif chart.kind == "timeline":
            topics.append("growth over time")
        else:
            for ref in chart.bound:
                topics.append(_topic(model, ref, chart.kind))
    topics = list(dict.fromkeys(topics))
    coded = [_plural(f.label).lower() for f in model.fields if isinstance(f, CodeField)]
    return {
        "table_columns": _joined(["authors and year", "sex", "age", *declared]),
        "table_filters": _joined(filtered, "or"),
        "chart_topics": _joined(topics).capitalize(),
        "coded_words": f"{_joined(coded).capitalize()} are" if coded else "Values are",
    }


def _topic(model: ModelDeclaration, ref: str, kind: str) -> str:
    core = {"patient.sex": "sex", "patient.age_years": "age", "citation.year": "year"}
    if ref in core:
        return core[ref]
    spec = model.field(ref)
    if isinstance(spec, LocationField):
        return group_filter_name(model).removesuffix("s")
    if isinstance(spec, CodeField) and kind == "counts":
        return _plural(spec.label).lower()
    return spec.label.lower()
