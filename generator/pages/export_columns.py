"""The exported columns of a review: the case-report core's, then those of its declared fields
(see :func:`generator.pages.dataset.columns`), each described and typed from the declaration."""

from __future__ import annotations

from ..model import ModelDeclaration
from ..model.declaration import CodeField, LocationField, NumberField, YesNoField
from .dataset import LocationColumns, location_columns
from .dataset import columns as frame_columns

CORE_DOCS: dict[str, str] = {
    "case_id": "Stable id of the case; its page is /cases/<case_id>/.",
    "first_author": "Surname of the first author of the report.",
    "year": "Year of publication.",
    "sex": "M or F; empty if not reported.",
    "age_years": "Age at presentation in years (fractions allowed).",
    "title": "Title of the report, where known.",
    "journal": "Journal, where known.",
    "doi": "DOI, where known.",
    "pmid": "PubMed ID, where known.",
    "source_ref": "Reference number in the source review.",
    "outcome": "Outcome, where reported.",
    "follow_up_months": "Follow-up in months, where reported.",
    "n_discrepancies": "Number of discrepancies with the source recorded on the case.",
}
"""The case-report core's columns, which every review exports."""


def export_columns(model: ModelDeclaration) -> list[str]:
    """The exported columns: the frame's, without the location's first and last positions."""
    loc = location_columns(model)
    skipped = {loc.start, loc.end} if loc else set()
    return [c for c in frame_columns(model) if c not in skipped]


def _location_docs(model: ModelDeclaration, loc: LocationColumns) -> dict[str, str]:
    scheme = model.scheme()
    assert scheme is not None
    if scheme.name == "vertebral":
        groups = ", ".join(scheme.groups)
        return {
            loc.value: "Vertebral level or range, cranial first (e.g. C4-C6).",
            loc.group: f"Region of the most cranial level, as the source counts ({groups}).",
            loc.groups: "Every region the lesion involves, joined with '; '.",
        }
    return {
        loc.value: f"The {scheme.noun} codes of the lesion, in the declared order, joined with '; '.",
        loc.group: f"The group of its first {scheme.noun}, under which the case is counted.",
        loc.groups: "Every group the lesion involves, joined with '; '.",
    }


def multi_columns(model: ModelDeclaration) -> list[str]:
    """The exported columns that may hold several values (joined with '; ')."""
    loc = location_columns(model)
    codes = [f.name for f in model.fields if isinstance(f, CodeField) and f.type == "codes"]
    many = [loc.groups] if loc else []
    if loc is not None and model.location_field and model.location_field.scheme != "vertebral":
        many.insert(0, loc.value)
    return codes + many


def column_docs(model: ModelDeclaration) -> dict[str, str]:
    """Each exported column and what it holds, in order (declared fields described from the
    declaration)."""
    loc = location_columns(model)
    docs = dict(CORE_DOCS)
    if loc is not None:
        docs.update(_location_docs(model, loc))
    for spec in model.fields:
        if isinstance(spec, CodeField):
            noun = model.vocabularies[spec.vocabulary].noun
            joined = ", joined with '; '" if spec.type == "codes" else ""
            docs[spec.name] = f"{noun[:1].upper()}{noun[1:]} codes from the vocabulary{joined}."
        elif not isinstance(spec, LocationField):
            unit = f" ({spec.unit})" if isinstance(spec, NumberField) and spec.unit else ""
            docs[spec.name] = spec.help + unit
    names = export_columns(model)
    if loc is not None:  # the location's columns together
        names = [n for n in names if n != loc.groups]
        names.insert(names.index(loc.group) + 1, loc.groups)
    return {name: docs[name] for name in names}


CORE_TYPES = {
    "year": "integer",
    "age_years": "number",
    "source_ref": "integer",
    "follow_up_months": "number",
    "n_discrepancies": "integer",
}
CORE_CONSTRAINTS: dict[str, dict] = {
    "case_id": {"required": True, "unique": True, "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
    "sex": {"enum": ["M", "F"]},
    "age_years": {"minimum": 0, "maximum": 120},
}


def _declared_types(model: ModelDeclaration) -> tuple[dict[str, str], dict[str, dict]]:
    types, constraints = dict(CORE_TYPES), dict(CORE_CONSTRAINTS)
    loc, scheme = location_columns(model), model.scheme()
    if loc is not None and scheme is not None:
        constraints[loc.group] = {"enum": list(scheme.groups)}
    for spec in model.fields:
        if isinstance(spec, NumberField):
            types[spec.name] = "integer" if spec.integer else "number"
            bounds = {"minimum": spec.min, "maximum": spec.max}
            if any(v is not None for v in bounds.values()):
                constraints[spec.name] = {k: v for k, v in bounds.items() if v is not None}
        elif isinstance(spec, YesNoField):
            types[spec.name] = "boolean"
        elif isinstance(spec, CodeField) and spec.type == "code":
            vocab = model.vocabularies[spec.vocabulary]
            constraints[spec.name] = {"enum": list(vocab.codes)}
    return types, constraints


def table_schema(model: ModelDeclaration) -> dict:
    """The Frictionless Table Schema of the exported rows."""
    types, constraints = _declared_types(model)
    docs = column_docs(model)
    fields = []
    for name in export_columns(model):
        spec = {"name": name, "type": types.get(name, "string"), "description": docs[name]}
        if name in constraints:
            spec["constraints"] = constraints[name]
        fields.append(spec)
    return {"fields": fields, "primaryKey": ["case_id"]}
