"""Reading a review's ``model.yaml``: every problem at once, each at its line and column.

The file is read with the project's safe loader (:func:`generator.model.load.load_yaml`), then each
item of each section is validated on its own, so that one broken field does not hide the
problems of the others; the references between sections are then checked
(:mod:`generator.model.crosscheck`) over the items that are valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .crosscheck import crosscheck
from .declaration import (
    FIELD_MODELS,
    FIELD_TYPES,
    PAGES,
    Chart,
    FieldSpec,
    Figure,
    ModelDeclaration,
)
from .diagnostics import Diagnostic
from .load import Loaded, dotted, load_yaml
from .parts import Loc, Parts, Problem, did_you_mean, unknown_key
from .vocabularies import GROUP, Vocabulary

MODEL_FILE = "model.yaml"
MAX_MODEL_BYTES = 512 * 1024
"""Largest model file accepted (this review's is about 12 KB)."""

SECTIONS: dict[str, type] = {
    "fields": list,
    "vocabularies": dict,
    "summary": list,
    "charts": list,
    "chart_order": dict,
}


@dataclass
class ModelFile:
    """The result of reading ``model.yaml``: the declaration (None when anything is wrong),
    every diagnostic, and the loaded file (for positions)."""

    model: ModelDeclaration | None
    diagnostics: list[Diagnostic]
    loaded: Loaded | None = None


def read_model(root: Path) -> ModelFile:
    """Read and check ``model.yaml`` under ``root``, keeping the position of every value."""
    try:
        data = (root / MODEL_FILE).read_bytes()
    except OSError as exc:
        msg = f"cannot read the review's model: {exc.strerror}"
        return ModelFile(None, [Diagnostic(MODEL_FILE, 1, 1, "-", msg)])
    loaded = load_yaml(MODEL_FILE, data, max_bytes=MAX_MODEL_BYTES)
    if loaded.diagnostics:
        return ModelFile(None, loaded.diagnostics, loaded)
    parts, problems = split(loaded.value)
    problems += crosscheck(parts, loaded)
    found = {
        Diagnostic(MODEL_FILE, *loaded.position(loc, key=at_key), dotted(loc), message)
        for loc, message, at_key in problems
    }
    if found:
        return ModelFile(None, sorted(found), loaded)
    return ModelFile(ModelDeclaration.model_validate(loaded.value), [], loaded)


def split(value: Any) -> tuple[Parts, list[Problem]]:
    """Validate each item of each section on its own."""
    parts, problems = Parts(), []
    if not isinstance(value, dict):
        return parts, [((), "expected a mapping of sections: " + ", ".join(SECTIONS), False)]
    for key in value:
        if key not in SECTIONS:
            problems.append(((key,), unknown_key(key, list(SECTIONS)), True))
    for section, kind in SECTIONS.items():
        raw = value.get(section)
        if raw is None:
            continue
        if not isinstance(raw, kind):
            what = "a list ('- ' items)" if kind is list else "a mapping of names to entries"
            problems.append(((section,), f"must be {what}", False))
            continue
        problems += READERS[section](raw, parts)
    return parts, problems


def _read_fields(raw: list[Any], parts: Parts) -> list[Problem]:
    problems: list[Problem] = []
    for i, item in enumerate(raw):
        loc: Loc = ("fields", i)
        if not _is_mapping(item, loc, problems):
            continue
        if isinstance(item.get("name"), str):
            parts.field_names.append((i, item["name"]))
        kind = item.get("type")
        if not isinstance(kind, str) or kind not in FIELD_MODELS:
            problems.append(_bad_type(loc, item))
            continue
        spec = _validate(FIELD_MODELS[kind], item, loc, problems)
        if isinstance(spec, FieldSpec):
            parts.fields.append((i, spec))
    return problems


def _bad_type(loc: Loc, item: dict[str, Any]) -> Problem:
    allowed, kind = ", ".join(FIELD_TYPES), item.get("type")
    if "type" not in item:
        return loc, f"required key 'type' is missing (one of {allowed})", False
    if not isinstance(kind, str):
        return (*loc, "type"), f"must be one of {allowed}, got {_shown(kind)}", False
    msg = f"unknown type {kind!r}{did_you_mean(kind, FIELD_TYPES)} (allowed: {allowed})"
    return (*loc, "type"), msg, False


def _read_vocabularies(raw: dict[str, Any], parts: Parts) -> list[Problem]:
    problems: list[Problem] = []
    for name, item in raw.items():
        parts.vocabulary_names.add(name)
        loc: Loc = ("vocabularies", name)
        if not re.match(GROUP, name):
            problems.append((loc, "a vocabulary's name is a lowercase slug (causes)", True))
        vocab = _validate(Vocabulary, item, loc, problems)
        if isinstance(vocab, Vocabulary):
            parts.vocabularies[name] = vocab
    return problems


def _read_list(
    section: str, model: type[BaseModel], key: str, raw: list[Any], parts: Parts
) -> list[Problem]:
    """Figures or charts: each validated, with its name or id recorded."""
    problems: list[Problem] = []
    valid = parts.figures if section == "summary" else parts.charts
    names = parts.figure_names if section == "summary" else parts.chart_ids
    for i, item in enumerate(raw):
        loc: Loc = (section, i)
        if not _is_mapping(item, loc, problems):
            continue
        if isinstance(item.get(key), str):
            names.append((i, item[key]))
        done = _validate(model, item, loc, problems)
        if done is not None:
            valid.append((i, done))  # type: ignore[arg-type]
    return problems


def _read_chart_order(raw: dict[str, Any], parts: Parts) -> list[Problem]:
    problems: list[Problem] = []
    for page, ids in raw.items():
        loc: Loc = ("chart_order", page)
        if page not in PAGES:
            msg = f"unknown page {page!r}{did_you_mean(page, PAGES)} (pages: {', '.join(PAGES)})"
            problems.append((loc, msg, True))
        elif not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append((loc, "must be a list of chart ids", False))
        else:
            parts.chart_order[page] = ids
    return problems


READERS = {
    "fields": _read_fields,
    "vocabularies": _read_vocabularies,
    "summary": lambda raw, parts: _read_list("summary", Figure, "name", raw, parts),
    "charts": lambda raw, parts: _read_list("charts", Chart, "id", raw, parts),
    "chart_order": _read_chart_order,
}


def _is_mapping(item: Any, loc: Loc, problems: list[Problem]) -> bool:
    if isinstance(item, dict):
        return True
    problems.append((loc, "must be a group of keys: indented 'key: value' lines", False))
    return False


def _validate(model: type[BaseModel], raw: Any, loc: Loc, problems: list[Problem]) -> Any:
    """``model.model_validate(raw)``, or None with its errors added to ``problems``."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        found = [_problem(model, loc, err) for err in exc.errors(include_url=False)]
        problems += _merge(found)
        return None


def _merge(found: list[Problem]) -> list[Problem]:
    """One problem per place: the alternatives of a union (``true, false or a title``) are
    reported as one message."""
    merged: dict[Loc, Problem] = {}
    for loc, message, at_key in found:
        if loc in merged:
            first, sep, got = merged[loc][1].partition(", got ")
            second, _, got_too = message.partition(", got ")
            if got != got_too:
                first, sep, got = merged[loc][1], "", ""
            message = f"{first}, or {second.removeprefix('must be ')}{sep}{got}"
        merged[loc] = (loc, message, at_key)
    return list(merged.values())


_TYPES = {
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "list_type": "must be a list: [a, b], or one '- item' per line",
    "dict_type": "must be a group of keys: indented 'key: value' lines",
    "model_type": "must be a group of keys: indented 'key: value' lines",
}


def _problem(model: type[BaseModel], loc: Loc, err: dict[str, Any]) -> Problem:
    """A pydantic error as a problem at its place, in plain words."""
    sub, parent = _clean(model, tuple(err["loc"]))
    where, kind = (*loc, *sub), err["type"]
    if kind == "extra_forbidden":
        return where, unknown_key(str(sub[-1]), _keys(parent)), True
    if kind == "missing":
        return where, f"required key {sub[-1]!r} is missing", False
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        got = err.get("input")
        hint = did_you_mean(got, allowed) if isinstance(got, str) else ""
        return where, f"{got!r} is not allowed{hint} (allowed: {', '.join(allowed)})", False
    if kind in _TYPES:
        return where, f"{_TYPES[kind]}, got {_shown(err.get('input'))}", False
    return where, err["msg"].removeprefix("Value error, "), False


def _clean(model: type[BaseModel], loc: Loc) -> tuple[Loc, type[BaseModel] | None]:
    """The error's place without pydantic's union tags (``column.bool``), and the model that
    holds its last key."""
    current: type[BaseModel] | None = model
    parent: type[BaseModel] | None = model
    kept: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            kept.append(part)
            continue
        if current is None:
            continue  # the tag of a union's member, below a plain value
        kept.append(part)
        parent = current
        info = _field_info(current, part)
        current = _nested_model(info.annotation) if info else None
    return tuple(kept), parent


def _field_info(model: type[BaseModel] | None, key: str) -> Any:
    if model is None:
        return None
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    return repr(value)
