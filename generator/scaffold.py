"""``python -m generator new``: a new case file from the template, under a free id."""

from __future__ import annotations

import json
import re
import string
import unicodedata
from pathlib import Path

import jinja2

from .model import ModelDeclaration
from .model.declaration import CodeField, LocationField, NumberField

TEMPLATE = Path(__file__).with_name("templates") / "case-template.yaml.j2"
COMMENT_AT = 34
"""The column of the comments of the template's top-level lines."""


def declared_lines(model: ModelDeclaration) -> list[tuple[str, str]]:
    """The lines of a new case file for the fields the review declares, each with its comment
    (the field's help; the codes of its vocabulary; the placeholder of its location scheme).
    A field to fill says TODO; an optional one is null (or an empty list)."""
    out: list[tuple[str, str]] = []
    for spec in model.fields:
        todo = "TODO" if spec.required else "null"
        if isinstance(spec, LocationField):
            scheme = model.scheme()
            assert scheme is not None
            line, hint = scheme.template
            out.append((f"{spec.name}:", ""))
            out.append((f"  {line}", hint))
            out.append(("  description: null", "side and structures involved, as reported"))
        elif isinstance(spec, CodeField):
            codes = ", ".join(model.vocabularies[spec.vocabulary].codes)
            value = ("[TODO]" if spec.required else "[]") if spec.type == "codes" else todo
            out.append((f"{spec.name}: {value}", f"{spec.help} Codes: {codes}"))
        elif isinstance(spec, NumberField):
            unit = f" In {spec.unit}." if spec.unit else ""
            out.append((f"{spec.name}: {todo}", f"{spec.help}{unit}"))
        elif spec.type == "yes-no":
            out.append((f"{spec.name}: {todo}", f"{spec.help} true or false."))
        else:
            out.append((f"{spec.name}: {todo}", spec.help))
    return out


def _pad(line: str) -> str:
    return line.ljust(COMMENT_AT - 1) + " "


def slugify(text: str) -> str:
    """``"Remy-Leroux"`` -> ``"remy-leroux"``; accents folded, anything else a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _suffixes():
    yield from string.ascii_lowercase
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            yield first + second


def free_id(first_author: str, year: int, taken: set[str]) -> str:
    """The id for a new case: ``author-year``, or the next free ``-b``, ``-c``... when that paper
    (or another by the same first author that year) already has cases. Published ids never change,
    so an existing ``author-year`` stays as it is and counts as ``-a``."""
    base = f"{slugify(first_author)}-{year}"
    siblings = {
        t for t in taken if t == base or re.fullmatch(rf"{re.escape(base)}-[a-z]{{1,2}}", t)
    }
    if not siblings:
        return base
    for suffix in _suffixes():
        candidate = f"{base}-{suffix}"
        if suffix == "a" and base in siblings:
            continue
        if candidate not in taken:
            return candidate
    raise ValueError(f"no free id left for {base}")  # pragma: no cover - 702 cases of one paper


def render_template(
    case_id: str,
    first_author: str,
    year: int,
    doi: str | None,
    pmid: str | None,
    path: str,
    routes: list[str] | None = None,
    *,
    model: ModelDeclaration,
) -> str:
    """The text of a new case file of the review declared by ``model``, every field commented.
    ``routes`` are the ids a case may name in ``found_by`` (those open to new cases:
    ``Review.new_case_routes``)."""
    env = jinja2.Environment(
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["pad"] = _pad
    # a JSON string (or null) is a valid YAML flow scalar: quotes and colons stay inert
    env.filters["yaml_str"] = lambda v: json.dumps(v, ensure_ascii=False)
    source = f"{first_author} et al. {year}" + (
        f" (doi:{doi})" if doi else f" (PMID {pmid})" if pmid else ""
    )
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        id=case_id,
        first_author=first_author,
        year=year,
        doi=doi,
        pmid=pmid,
        path=path,
        source=source,
        declared=declared_lines(model),
        routes=", ".join(routes) if routes else "an id of 'searches' or 'outside_searches'",
    )
