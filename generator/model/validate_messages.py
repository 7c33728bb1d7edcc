"""Validation messages: each pydantic error in a case file as one plain-language sentence.

Also the numbers YAML reads differently from how they look (octal, base-60), refused as a
silent change of value.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from .case_model import CaseBase
from .declaration import CodeField
from .load import Loaded
from .locations import SitesScheme
from .vocabularies import Vocabulary


def _model_at(path: tuple[Any, ...], case: type[CaseBase]) -> type[BaseModel] | None:
    """The pydantic model that holds the fields at ``path`` in a case of the model ``case``
    (for suggestions)."""
    model: type[BaseModel] | None = case
    for part in path:
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        ann = info.annotation
        candidates = [ann, *getattr(ann, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        model = nested[0] if nested else None
    return model


_BOUNDS = {
    "less_than_equal": ("at most", "le"),
    "greater_than_equal": ("at least", "ge"),
    "less_than": ("less than", "lt"),
    "greater_than": ("more than", "gt"),
}


_TYPES = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list: [a, b], or one '- item' per line",
    "model_type": "must be a group of fields: indented 'name: value' lines",
    "model_attributes_type": "must be a group of fields: indented 'name: value' lines",
    "dict_type": "must be a group of fields: indented 'name: value' lines",
}

_PATTERNS = {
    "id": "must be a lowercase slug of letters, digits and single hyphens, such as "
    "'durant-2001-a' (no spaces, dots or slashes)",
    "successor": "must be the id of another case: a lowercase slug such as 'durant-2001-a'",
    "doi": "must be a bare DOI such as '10.1186/s13256-017-1474-1' (no 'https://doi.org/' or "
    "'doi:' prefix, no spaces)",
    "pmid": "must be a PubMed ID: 1 to 9 digits, not starting with 0",
    "version": "must be a version number such as '1.2.0'",
    "added_in": "must be a version number such as '1.2.0'",
}


def shown(value: Any, limit: int = 60) -> str:
    """A value as quoted in a message, cut short when long."""
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    return repr(value)


def vocabulary_at(loc: tuple[Any, ...], case: type[CaseBase]) -> Vocabulary | None:
    """The vocabulary whose codes the field at ``loc`` holds (a declared code or codes field, or
    the sites of a sites location; list indices ignored), or None."""
    names = tuple(str(p) for p in loc if not isinstance(p, int))
    declared = case.declaration
    if len(names) == 1:
        spec = next((f for f in declared.fields if f.name == names[0]), None)
        return declared.vocabularies.get(spec.vocabulary) if isinstance(spec, CodeField) else None
    scheme = case.location_scheme
    if isinstance(scheme, SitesScheme) and names == (case.location_field, "sites"):
        return scheme.vocabulary
    return None


def _required(loc: tuple[Any, ...], case: type[CaseBase]) -> bool:
    """Whether the field at ``loc`` must have a value (list items always must)."""
    if not loc or isinstance(loc[-1], int):
        return True
    model = _model_at(loc[:-1], case)
    info = model.model_fields.get(str(loc[-1])) if model is not None else None
    if info is None:
        return True
    ann = info.annotation
    return type(None) not in getattr(ann, "__args__", ())


def _yaml_hint(loc: tuple[Any, ...], value: Any, loaded: Loaded) -> str:
    """Why YAML read what a contributor wrote as something other than text, and the fix."""
    if loc in loaded.bool_words:
        word = loaded.bool_words[loc]
        return f" (YAML reads an unquoted {word} as {value!r}: write '{word}' in quotes)"
    raw = loaded.plain.get(loc)
    if raw is not None and isinstance(value, (int, float)):
        if not isinstance(value, bool) and raw.strip() != str(value):
            return (
                f" (YAML reads the unquoted {raw} as the number {value!r}: write '{raw}' in quotes)"
            )
        return f" (put it in quotes to make it text: '{raw}')"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return " (put it in quotes to make it text)"
    return ""


def _message(
    error: dict[str, Any], loaded: Loaded, case: type[CaseBase]
) -> tuple[tuple[Any, ...], str, bool]:
    """(path, message, at_key) for one pydantic error in a case of the model ``case``."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return loc, _unknown_field(loc, case), True
    if kind == "missing":
        return loc, "required field is missing", False
    if kind == "unknown_code":
        return loc, _unknown_code(loc, error["msg"], value, loaded), False
    if value is None and kind in _TYPES:
        # an empty value (``first_author:`` or ``null``) where one is needed
        return loc, "must not be empty: this field is required", False
    return loc, _value_message(error, loc, kind, value, loaded, case), False


def _unknown_field(loc: tuple[Any, ...], case: type[CaseBase]) -> str:
    """A field the model does not have, with the closest allowed name or the allowed names."""
    parent = _model_at(loc[:-1], case)
    msg = f"unknown field {loc[-1]!r}"
    if parent is not None:
        close = difflib.get_close_matches(str(loc[-1]), list(parent.model_fields), n=1)
        if close:
            msg += f": did you mean {close[0]!r}?"
        else:
            msg += f"; allowed here: {', '.join(parent.model_fields)}"
    return msg


def _unknown_code(loc: tuple[Any, ...], message: str, value: Any, loaded: Loaded) -> str:
    """A code outside its vocabulary: the model's message (naming the vocabulary's noun, with
    the nearest code and the codes allowed), and why YAML read it so when it did."""
    if loc in loaded.bool_words:
        message += _yaml_hint(loc, value, loaded)
    return message


def _value_message(
    error: dict[str, Any],
    loc: tuple[Any, ...],
    kind: str,
    value: Any,
    loaded: Loaded,
    case: type[CaseBase],
) -> str:
    """The message for a value of the wrong type, form, size or range."""
    ctx = error.get("ctx") or {}
    if kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        bound = ctx.get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        msg = f"must be {word} {bound}, got {shown(value)}"
    elif kind in _TYPES:
        msg = f"{_TYPES[kind]}, got {shown(value)}"
        if kind == "string_type":
            msg += _yaml_hint(loc, value, loaded)
    elif kind == "string_pattern_mismatch" and loc and loc[-1] in _PATTERNS:
        msg = f"{_PATTERNS[str(loc[-1])]}, got {shown(value)}"
        if loc[-1] == "doi" and isinstance(value, str) and "10." in value:
            msg += f": write {value[value.index('10.') :].strip()!r}"
    elif kind == "string_too_short":
        msg = "must not be empty"
        if not _required(loc, case):
            msg += ": write null when it is not known"
    elif kind == "string_too_long":
        limit = ctx.get("max_length")
        msg = f"is {len(value):,} characters long; the limit is {limit:,}"
    elif kind == "too_short":
        msg = _too_short(loc, ctx, case)
    elif kind == "literal_error":
        msg = error["msg"].replace("Input should be", "must be") + f", got {shown(value)}"
        msg += _yaml_hint(loc, value, loaded)
    elif kind == "value_error":
        msg = error["msg"].removeprefix("Value error, ")
    else:
        msg = error["msg"].replace("Input should be", "must be").replace("String should", "must")
        if value is not None:
            msg += f", got {shown(value)}"
    return msg


def _too_short(loc: tuple[Any, ...], ctx: dict[str, Any], case: type[CaseBase]) -> str:
    """A list with fewer items than it needs (the lists of codes name their codes)."""
    vocabulary = vocabulary_at(loc, case) if loc else None
    if vocabulary is not None:
        return f"must list at least one code (allowed: {', '.join(vocabulary.codes)})"
    count = ctx.get("min_length", 1)
    return f"must list at least {count} item{'s' if count != 1 else ''}"


_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_PREFIXED = re.compile(r"^[-+]?0[xXbB]")


def _read_as_numbers(
    loaded: Loaded, skip: set[tuple[Any, ...]]
) -> list[tuple[tuple[Any, ...], str]]:
    """Numbers YAML reads differently from how they look (``012`` is octal 10, ``1:20`` is the
    base-60 number 80), in fields that accepted them: a silent change of value, so refused."""
    out = []
    for loc, raw in loaded.plain.items():
        if loc in skip:
            continue
        if ":" in raw:
            why = "a base-60 number"
        elif _OCTAL.match(raw):
            why = "an octal number"
        elif _PREFIXED.match(raw):
            why = "a hexadecimal or binary number"
        else:
            continue
        out.append(
            (
                loc,
                f"YAML reads the unquoted {raw} as {why}: write the number in plain decimal "
                f"digits without a leading zero, or '{raw}' in quotes if it is text",
            )
        )
    return out
