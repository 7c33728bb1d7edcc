"""The "Submit a case" form, described from the review's case model and its declaration.

Nothing here lists the fields of a case: :func:`form_fields` walks the JSON Schema of the case
model the review declares in ``model.yaml`` (the committed ``schema/case.schema.json``, in the
model's field order), with each declared field's label, help and unit, and the labels and
definitions of its vocabulary's codes; the location follows its scheme (vertebral levels typed
and read back; sites as checkboxes in their groups). A new field or vocabulary term in
``model.yaml`` reaches the form with no other edit. The same description is rendered as HTML by ``templates/submit.md.j2`` and read by
``assets/javascripts/submit.js`` (from ``submit/form.json``), which validates the case in the
browser with the committed schema plus the rules a schema cannot express, in the wording of
:mod:`generator.model.validate`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import jinja2

from ..model import CaseBase, SitesScheme, VertebralScheme, load, spine, validate
from ..model.declaration import LocationField, NumberField
from ..model.review import OutsideSearch, Review, Search
from ..model.schema import MIN_YEAR, RESERVED_MESSAGE, SLUG, WINDOWS_RESERVED, slug_problem
from ..model.schema_file import case_schema_text
from ..model.validate_messages import vocabulary_at
from ..scaffold import TEMPLATE

PAGE = "submit.md"
"""The form's page (URL ``/submit/``)."""
FORM_FILE = "submit/form.json"
SCHEMA_FILE = "schema/case.schema.json"

LABELS = {  # the core's fields (a declared field has its own label)
    "id": "Case id",
    "doi": "DOI",
    "pmid": "PMID",
    "age_years": "Age (years)",
    "follow_up_months": "Follow-up (months)",
    "source_ref": "Reference number in the source review",
}
"""Friendlier labels for a few fields; any other field is labelled from its name."""

MAINTAINER_FIELDS = ("added_in", "changes", "withdrawn")
"""Fields set by the maintainers at release: shown in a closed section of the form."""

TEXTAREA_MIN = 1000
"""Text fields allowed this many characters or more get a multi-line box."""

READINGS = {
    "id": "Proposed from the first author and the year, and not used by any case of the review.",
}
"""Controls followed by the form's reading of them (the page holds their place from the start,
so that nothing moves when the script writes them), with the text an empty form shows; a
vertebral location's levels are read back too (:func:`readings`)."""


@dataclass
class FormField:
    """One control (or group of controls) of the form, named by its key in the case file."""

    key: str
    label: str
    kind: str
    """text, textarea, integer, number, choice, yes-no, codes, lines, group or repeat."""
    help: str = ""
    required: bool = False
    """The case file must give it (it may still be null when ``nullable``)."""
    nullable: bool = False
    options: list[dict[str, str]] = field(default_factory=list)
    """For choice and codes: ``{"value", "label", "help"}`` each (and ``group``, the label of
    the group of a site)."""
    noun: str = ""
    """For codes of a vocabulary: what one code is called in messages ('cause')."""
    fields: list[FormField] = field(default_factory=list)
    """For group and repeat: the fields of the group (of one item)."""
    maintainer: bool = False
    examples: list[str] = field(default_factory=list)
    item_label: str = ""
    """For repeat: what one item is called (``discrepancy``)."""
    minimum: float | None = None
    maximum: float | None = None
    default: str | None = None
    """For choice: the option checked on an empty form."""


def label_of(key: str) -> str:
    """``"first_author"`` -> ``"First author"`` (or the label from :data:`LABELS`)."""
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _declared_label(key: str, path: tuple[str, ...], case: type[CaseBase]) -> str:
    """A declared field's label (with its unit), or the core field's label."""
    if len(path) == 1:
        spec = next((f for f in case.declaration.fields if f.name == key), None)
        if spec is not None:
            unit = spec.unit if isinstance(spec, NumberField) else None
            return f"{spec.label} ({unit})" if unit else spec.label
    return label_of(key)


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema of a property with ``$ref`` resolved, and whether null is allowed."""
    nullable = False
    if "anyOf" in prop:
        branches = [b for b in prop["anyOf"] if b.get("type") != "null"]
        nullable = len(branches) < len(prop["anyOf"])
        prop = {**{k: v for k, v in prop.items() if k != "anyOf"}, **branches[0]}
    if "$ref" in prop:
        target = defs[prop["$ref"].rsplit("/", 1)[-1]]
        prop = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop, nullable


def _options(
    path: tuple[str, ...], values: list[str], case: type[CaseBase]
) -> list[dict[str, str]]:
    vocabulary = vocabulary_at(path, case)
    if vocabulary is None:
        return [{"value": v, "label": v, "help": ""} for v in values]
    scheme = case.location_scheme
    grouped = isinstance(scheme, SitesScheme) and vocabulary is scheme.vocabulary
    out = []
    for term in vocabulary.terms:
        option = {"value": term.code, "label": term.label, "help": term.description}
        if grouped:
            option["group"] = scheme.group_label(term.group or "")
        out.append(option)
    return out


def _describe(
    key: str,
    prop: dict[str, Any],
    required: bool,
    defs: dict[str, Any],
    case: type[CaseBase],
    path: tuple[str, ...],
) -> FormField:
    description = prop.get("description", "")
    spec, nullable = _resolve(prop, defs)
    item = FormField(
        key=key,
        label=_declared_label(key, path, case),
        kind="text",
        help=description or "",
        required=required,
        nullable=nullable,
        examples=[str(e) for e in prop.get("examples", [])],
    )
    vocabulary = vocabulary_at(path, case)
    if vocabulary is not None:
        item.noun = vocabulary.noun
    kind = spec.get("type")
    if kind == "object":
        item.kind = "group"
        item.help = description or spec.get("description", "")
        item.fields = _object_fields(spec, defs, case, path)
    elif kind == "array":
        items, _ = _resolve(spec.get("items", {}), defs)
        if items.get("type") == "object":
            item.kind = "repeat"
            item.fields = _object_fields(items, defs, case, path)
            item.help = item.help or items.get("description", "")
            item.item_label = str(items.get("title", "item")).lower()
        elif "enum" in items:
            item.kind = "codes"
            item.options = _options(path, items["enum"], case)
        else:
            item.kind = "lines"
    elif "enum" in spec:
        item.kind = "choice"
        item.options = _options(path, spec["enum"], case)
    elif kind == "boolean":
        item.kind = "yes-no"
        item.options = [
            {"value": "true", "label": "Yes", "help": ""},
            {"value": "false", "label": "No", "help": ""},
        ]
    elif kind in ("integer", "number"):
        item.kind = kind
        item.minimum, item.maximum = spec.get("minimum"), spec.get("maximum")
    elif spec.get("maxLength", 0) >= TEXTAREA_MIN:
        item.kind = "textarea"
    return item


def _object_fields(
    spec: dict[str, Any], defs: dict[str, Any], case: type[CaseBase], path: tuple[str, ...] = ()
) -> list[FormField]:
    required = set(spec.get("required", []))
    return [
        _describe(key, prop, key in required, defs, case, (*path, key))
        for key, prop in spec.get("properties", {}).items()
    ]


def _case(case: type[CaseBase] | None) -> type[CaseBase]:
    """The case model given, or by default that of the review in the working directory."""
    return case or validate.review_case()


def case_schema(case: type[CaseBase] | None = None) -> dict[str, Any]:
    """The case schema in the model's field order (the committed file sorts its keys)."""
    return _case(case).model_json_schema()


def form_fields(
    case: type[CaseBase] | None = None, review: Review | None = None
) -> list[FormField]:
    """Every field of a case of the model ``case`` (default: :func:`validate.review_case`), in
    the model's order, as form controls. With the review, ``found_by`` offers its searches and
    outside-search entries as choices."""
    model = _case(case)
    schema = model.model_json_schema()
    fields = _object_fields(schema, schema.get("$defs", {}), model)
    for f in fields:
        f.maintainer = f.key in MAINTAINER_FIELDS
        if f.key == "found_by" and review is not None:
            f.kind, f.options = "choice", found_by_options(review)
            f.default = next((o.id for o in review.outside_searches if o.open), None)
    return fields


def _search_label(search: Any) -> dict[str, str]:
    return {
        "value": search.id,
        "label": f"{', '.join(search.databases)} search of {search.date}",
        "help": f"Run by {search.run_by}.",
    }


def found_by_options(review: Review) -> list[dict[str, str]]:
    """The routes a NEW case may name in ``found_by`` (``Review.new_case_routes``: the searches
    not yet released, newest first, and the open ``outside_searches``), each with its own label."""
    return [_route_label(r) for r in review.new_case_routes()]


def found_by_routes(review: Review | None) -> dict[str, dict[str, str]]:
    """Every route, offered or not, by id: a correction keeps its case's own route, and the
    form shows it with its label even when it is closed to new cases."""
    if review is None:
        return {}
    return {r.id: _route_label(r) for r in [*review.searches, *review.outside_searches]}


def _route_label(route: Search | OutsideSearch) -> dict[str, str]:
    if isinstance(route, Search):
        return _search_label(route)
    return {"value": route.id, "label": route.reason, "help": ""}


def modeline() -> str:
    """The first line of every case file (points editors at the schema), from the template."""
    return TEMPLATE.read_text(encoding="utf-8").splitlines()[0]


def location(case: type[CaseBase]) -> dict[str, Any] | None:
    """The location scheme, for the browser: its field, the key naming its positions, every
    position with its group (in order), and for the vertebral scheme the wording of
    :func:`generator.model.spine.parse_levels`, which the browser applies to the same positions."""
    scheme, name = case.location_scheme, case.location_field
    if scheme is None or name is None:
        return None
    out: dict[str, Any] = {
        "field": name,
        "scheme": scheme.name,
        "key": scheme.key,
        "noun": scheme.noun,
        "positions": [[p, scheme.group_of(p)] for p in scheme.positions],
        "groups": list(scheme.groups),
    }
    if isinstance(scheme, VertebralScheme):
        out["messages"] = spine.MESSAGES
    return out


def readings(case: type[CaseBase]) -> dict[str, str]:
    """:data:`READINGS`, and a vertebral location's levels (read back as 'C6-T2: 4 levels,
    cervical and thoracic')."""
    spec = case.declaration.location_field
    if isinstance(spec, LocationField) and isinstance(case.location_scheme, VertebralScheme):
        return {**READINGS, f"{spec.name}.{case.location_scheme.key}": ""}
    return dict(READINGS)


def messages() -> dict[str, Any]:
    """The validator's wording and the loader's limits, for the browser to give the same
    verdicts in the same words."""
    return {
        "types": validate._TYPES,
        "patterns": validate._PATTERNS,
        "slug": slug_problem("-") or "",
        "reserved": sorted(WINDOWS_RESERVED),
        "reserved_message": RESERVED_MESSAGE,
        "load": {
            "control": load.MESSAGES["control"],
            "control_pattern": load._CONTROL.pattern,
            "control_names": load._CONTROL_NAMES,
            "too_long": load.MESSAGES["too-long"],
            "too_big": load.MESSAGES["too-big"],
            "max_string": load.MAX_STRING,
            "max_bytes": load.MAX_BYTES,
        },
    }


def form_data(
    ids: list[str],
    repository: str,
    review: Review | None = None,
    *,
    case: type[CaseBase] | None = None,
) -> dict[str, Any]:
    """What ``submit.js`` reads: the fields of a case of the model ``case``, the ids in use,
    the location scheme and the wording (the current year comes from the reader's clock, so
    that the file stays the same every year)."""
    model = _case(case)
    return {
        "fields": [asdict(f) for f in form_fields(model, review=review)],
        "ids": sorted(ids),
        "repository": repository.rstrip("/"),
        "modeline": modeline(),
        "min_year": MIN_YEAR,
        "slug": SLUG,
        "location": location(model),
        "messages": messages(),
        "routes": found_by_routes(review),
        "readings": readings(model),
    }


def files(
    ids: list[str],
    repository: str,
    review: Review | None = None,
    *,
    case: type[CaseBase] | None = None,
) -> dict[str, bytes]:
    """The site files the form needs: its description and the JSON Schema of the case model
    ``case`` (the review's: ``domain.case``; by default that of the working directory)."""
    model = _case(case)
    data = json.dumps(
        form_data(ids, repository, review, case=model),
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    )
    return {
        FORM_FILE: (data + "\n").encode("utf-8"),
        SCHEMA_FILE: case_schema_text(model).encode("utf-8"),
    }


GAP_FIELDS = {"title": "title", "authors": "authors", "doi": "DOI", "pmid": "PMID"}
"""Citation fields whose absence is a curation gap (and how the Contributing page names them)."""


def curation_gaps(cases: list[CaseBase]) -> list[dict[str, Any]]:
    """Active cases whose citation lacks a title, the authors, the DOI or the PMID: those that
    lack most first, then by id. ``bare``: none of them; ``unidentified``: no DOI and no PMID."""
    out = []
    for case in cases:
        if not case.active:
            continue
        missing = [name for key, name in GAP_FIELDS.items() if not getattr(case.citation, key)]
        if missing:
            out.append(
                {
                    "case": case,
                    "missing": missing,
                    "bare": len(missing) == len(GAP_FIELDS),
                    "unidentified": not (case.citation.doi or case.citation.pmid),
                }
            )
    return sorted(out, key=lambda g: (-len(g["missing"]), g["case"].id))


def control_id(name: str) -> str:
    """The HTML id of the control named ``name`` (``citation.first_author`` -> ``f-citation-first-author``)."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")


def page(env: jinja2.Environment, common: dict[str, Any], base: str) -> str:
    """The Markdown (raw HTML) of the form page; ``common["domain"]`` is the review's domain
    (by default that of the working directory)."""
    domain = common.get("domain")
    model = _case(domain.case if domain is not None else None)
    text = env.get_template("submit.md.j2").render(
        **common,
        base=base,
        fields=form_fields(model, review=common.get("review")),
        form_file=FORM_FILE,
        cid=control_id,
        readings=readings(model),
    )
    # one raw HTML block for Markdown: no blank line inside it
    return re.sub(r"\n\s*\n", "\n", text)
