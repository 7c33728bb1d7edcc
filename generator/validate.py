"""Validation of case files: every problem in every file, reported at once."""

from __future__ import annotations

import difflib
import gc
import multiprocessing as mp
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .load import Loaded, dotted, load_yaml
from .schema import Case, slug_problem
from .vocabulary import load_vocabulary

CASE_SUFFIX = ".yaml"


@dataclass
class Result:
    """Valid cases (sorted by id) and every diagnostic found, errors and warnings."""

    cases: list[Case] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    """case id -> the file it came from (as displayed)."""
    positions: dict[str, dict[tuple[str, ...], tuple[int, int]]] = field(default_factory=dict)
    """case id -> where the fields of CROSS_FILE_FIELDS are in its file (for cross-checks)."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _model_at(path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that holds the fields at ``path`` (for suggestions)."""
    model: type[BaseModel] | None = Case
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


def _required(loc: tuple[Any, ...]) -> bool:
    """Whether the field at ``loc`` must have a value (list items always must)."""
    if not loc or isinstance(loc[-1], int):
        return True
    model = _model_at(loc[:-1])
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


def _message(error: dict[str, Any], loaded: Loaded) -> tuple[tuple[Any, ...], str, bool]:
    """(path, message, at_key) for one pydantic error."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    vocab = load_vocabulary()
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        msg = f"unknown field {loc[-1]!r}"
        if parent is not None:
            close = difflib.get_close_matches(str(loc[-1]), list(parent.model_fields), n=1)
            if close:
                msg += f": did you mean {close[0]!r}?"
            else:
                msg += f"; allowed here: {', '.join(parent.model_fields)}"
        return loc, msg, True
    if kind == "missing":
        return loc, "required field is missing", False
    if kind == "literal_error" and len(loc) == 2 and loc[0] in ("causes", "treatments"):
        what = "cause" if loc[0] == "causes" else "treatment"
        msg = f"unknown {what} {shown(value)}"
        hint = vocab.suggest(loc[0], value) if isinstance(value, str) else None
        if hint:
            msg += f": did you mean {hint!r}?"
        msg += f" (allowed: {', '.join(vocab.codes(loc[0]))})"
        if loc in loaded.bool_words:
            msg += _yaml_hint(loc, value, loaded)
        return loc, msg, False
    if value is None and kind in _TYPES:
        # an empty value (``first_author:`` or ``null``) where one is needed
        return loc, "must not be empty: this field is required", False
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
        if not _required(loc):
            msg += ": write null when it is not known"
    elif kind == "string_too_long":
        limit = ctx.get("max_length")
        msg = f"is {len(value):,} characters long; the limit is {limit:,}"
    elif kind == "too_short":
        count = ctx.get("min_length", 1)
        msg = f"must list at least {count} item{'s' if count != 1 else ''}"
        if loc and loc[-1] in ("causes", "treatments"):
            msg = f"must list at least one code (allowed: {', '.join(vocab.codes(str(loc[-1])))})"
    elif kind == "literal_error":
        msg = error["msg"].replace("Input should be", "must be") + f", got {shown(value)}"
        msg += _yaml_hint(loc, value, loaded)
    elif kind == "value_error":
        msg = error["msg"].removeprefix("Value error, ")
    else:
        msg = error["msg"].replace("Input should be", "must be").replace("String should", "must")
        if value is not None:
            msg += f", got {shown(value)}"
    return loc, msg, False


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


TODO = "TODO"
"""The placeholder the case template leaves in fields a contributor must fill."""


def _todo_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _todo_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _todo_paths(v, (*path, i))]
    return [path] if value == TODO else []


def validate_text(
    path: str, data: bytes, expected_id: str | None = None
) -> tuple[Case | None, list[Diagnostic]]:
    """Validate one case file's bytes. ``path`` is shown in messages."""
    case, diags, _ = _check(path, data, expected_id)
    return case, diags


def _check(
    path: str, data: bytes, expected_id: str | None
) -> tuple[Case | None, list[Diagnostic], Loaded]:
    loaded = load_yaml(path, data)
    diags = list(loaded.diagnostics)
    value = loaded.value
    if value is None and diags:
        return None, diags, loaded
    if not isinstance(value, dict):
        if isinstance(value, list):
            kind = "a list"
        else:
            kind = f"a single value, {shown(value)}: write one 'name: value' line per field"
        diags.append(Diagnostic(path, 1, 1, "-", f"expected a mapping of case fields, got {kind}"))
        return None, diags, loaded
    if not set(value) & set(Case.model_fields):
        diags.append(
            Diagnostic(
                path,
                1,
                1,
                "-",
                "no case fields found: expected "
                + ", ".join(Case.model_fields)
                + " (copy the template)",
            )
        )
        return None, diags, loaded
    # only a file that says TODO somewhere can have fields left to fill (skip the walk otherwise)
    todo_paths = _todo_paths(value) if TODO.encode() in data else []
    case: Case | None = None
    try:
        case = Case.model_validate(value)
    except ValidationError as exc:
        found = [_message(error, loaded) for error in exc.errors(include_url=False)]
        # a misspelt field gives "unknown field x: did you mean y" and "y missing": keep the first
        suggested = {
            loc[:-1] + (msg.rsplit("'", 2)[-2],)
            for loc, msg, at_key in found
            if at_key and "did you mean" in msg
        }
        todo = set(todo_paths)
        for loc, msg, at_key in found:
            if msg == "required field is missing" and loc in suggested:
                continue
            if loc in todo:
                continue  # reported once below, as a field left to fill
            line, col = loaded.position(loc, key=at_key)
            diags.append(Diagnostic(path, line, col, dotted(loc), msg))
        reported = {loc for loc, _, _ in found}
    else:
        reported = set()
    for loc, msg in _read_as_numbers(loaded, reported):
        line, col = loaded.position(loc)
        diags.append(Diagnostic(path, line, col, dotted(loc), msg))
    for loc in todo_paths:
        line, col = loaded.position(loc)
        diags.append(
            Diagnostic(
                path, line, col, dotted(loc), f"fill in this field (the template left it as {TODO})"
            )
        )
    if (
        expected_id is not None
        and isinstance(value.get("id"), str)
        and value["id"] != expected_id
        and slug_problem(value["id"]) is None  # a malformed id is reported once, above
    ):
        line, col = loaded.position(("id",))
        diags.append(
            Diagnostic(
                path,
                line,
                col,
                "id",
                f"id {value['id']!r} must equal the file name without .yaml "
                f"({expected_id!r}): rename the file or change the id",
            )
        )
    if diags:
        return None, sorted(diags, key=lambda d: (d.line, d.column)), loaded
    return case, [], loaded


def case_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml`` files (sorted); keep files as given."""
    files: list[Path] = []
    for p in paths:
        if p.is_symlink():  # a linked file or folder is refused, unread, by _check_file
            files.append(p)
        elif p.is_dir():
            # links are kept (whatever they point at, even nothing) so that they are refused
            files.extend(
                sorted(
                    x
                    for x in p.iterdir()
                    if (x.is_symlink() or x.is_file()) and not x.name.startswith(".")
                )
            )
        else:
            files.append(p)
    return files


def display(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:  # outside the working directory
        return str(path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch.

    Loading and rendering allocate many short-lived, acyclic objects while the list of cases
    grows; the collector's repeated passes over that list cost a third of the time on large
    reviews and find nothing to free (reference counting frees the rest as usual).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def validate_paths(paths: list[Path]) -> Result:
    """Validate every case file under ``paths``, with the checks that span files."""
    with gc_paused():
        return _validate_paths(paths)


Positions = dict[tuple[str, ...], tuple[int, int]]
FileResult = tuple[str, "Case | None", list[Diagnostic], Positions]

PARALLEL_MIN = 2000
"""From this many files on, validation is spread over the machine's cores (2 processes here)."""


def _check_file(file: Path, shown: str) -> FileResult:
    """Everything that can be checked in one file, alone."""
    refused = _link_problem(file)
    if refused:  # decided before a byte is read: the message names nothing of the target
        return shown, None, [Diagnostic(shown, 1, 1, "-", refused)], {}
    if file.suffix != CASE_SUFFIX:
        if file.suffix == ".yml":
            msg = "case files end in .yaml, not .yml: rename the file"
        else:
            msg = f"not a case file: only *{CASE_SUFFIX} files belong in the cases folder"
        return shown, None, [Diagnostic(shown, 1, 1, "-", msg)], {}
    stem = file.name[: -len(CASE_SUFFIX)]
    problem = slug_problem(stem)
    diags = [Diagnostic(shown, 1, 1, "-", f"file name {problem}")] if problem else []
    try:
        data = file.read_bytes()
    except OSError as exc:
        return (
            shown,
            None,
            [*diags, Diagnostic(shown, 1, 1, "-", f"cannot read file: {exc.strerror}")],
            {},
        )
    case, found, loaded = _check(shown, data, None if problem else stem)
    # keep only the few positions cross-file checks may report: holding every file's full
    # position tables would make Python's garbage collector crawl on large reviews
    positions = {loc: loaded.position(loc) for loc in CROSS_FILE_FIELDS} if case else {}
    return shown, case, [*diags, *found], positions


def _link_problem(file: Path) -> str | None:
    """Why ``file`` is refused unread: a symbolic link (a case file or the cases folder itself).

    Files are listed from their folder, so without links nothing resolves outside it."""
    try:
        if file.is_symlink():
            return f"is a symbolic link: {LINK_RULE}"
    except OSError:  # a path too long
        return f"cannot be checked: {LINK_RULE}"
    return None


LINK_RULE = "the cases folder takes real files only (the link is not followed)"


def _check_files(batch: list[tuple[Path, str]]) -> list[FileResult]:
    with gc_paused():
        return [_check_file(file, shown) for file, shown in batch]


def _check_all(batch: list[tuple[Path, str]]) -> list[FileResult]:
    """Check every file, in two processes when there are many (results keep the file order)."""
    workers = min(2, os.cpu_count() or 1)
    if len(batch) < PARALLEL_MIN or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _check_files(batch)
    size = -(-len(batch) // workers)
    chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            return [r for part in pool.map(_check_files, chunks) for r in part]
    except OSError:  # no processes allowed here: do it in this one
        return _check_files(batch)


def _validate_paths(paths: list[Path]) -> Result:
    result = Result()
    first_seen: dict[str, tuple[str, int, int]] = {}
    positions = result.positions
    folders: dict[Path, str] = {}  # resolving each file's path is slow: do it once per folder
    batch = []
    for file in case_files(paths):
        if file.parent not in folders:
            folders[file.parent] = display(file.parent)
        folder = folders[file.parent]
        batch.append((file, file.name if folder == "." else f"{folder}/{file.name}"))
    for shown, case, diags, where in _check_all(batch):
        result.diagnostics.extend(diags)
        if case is None:
            continue
        if case.id in first_seen:
            other = first_seen[case.id]
            line, col = where[("id",)]
            result.diagnostics.append(
                Diagnostic(
                    shown,
                    line,
                    col,
                    "id",
                    f"duplicate id {case.id!r}: also used by {other[0]}:{other[1]}",
                )
            )
            continue
        first_seen[case.id] = (shown, *where[("id",)])
        result.files[case.id] = shown
        result.cases.append(case)
        positions[case.id] = where
    result.diagnostics.extend(
        likely_duplicates([c for c in result.cases if c.active], result.files, positions)
    )
    ids = {c.id for c in result.cases}
    for case in result.cases:
        successor = case.withdrawn.successor if case.withdrawn else None
        if successor and (successor not in ids or successor == case.id):
            line, col = positions[case.id][("withdrawn", "successor")]
            result.diagnostics.append(
                Diagnostic(
                    result.files[case.id],
                    line,
                    col,
                    "withdrawn.successor",
                    f"successor {successor!r} is not another case of the review",
                )
            )
    result.cases.sort(key=lambda c: c.id)
    return result


def _patient_key(case: Case) -> tuple[Any, ...]:
    return (case.patient.sex, case.patient.age_years, case.location.levels)


CROSS_FILE_FIELDS = [
    ("id",),
    ("citation", "doi"),
    ("citation", "pmid"),
    ("citation", "first_author"),
    ("withdrawn", "successor"),
    ("found_by",),
]


def likely_duplicates(
    cases: list[Case],
    files: dict[str, str],
    positions: dict[str, dict[tuple[str, ...], tuple[int, int]]] | None = None,
) -> list[Diagnostic]:
    """Cases that may report the same patient twice, each named with the earlier file.

    * same DOI or PMID *and* the same patient (sex, age, levels): an error (an exact clash);
    * same DOI or PMID only: a warning (one paper may report several patients);
    * same first author, year, sex, age and levels: a warning.
    """
    out: list[Diagnostic] = []
    positions = positions or {}
    seen: dict[tuple[Any, ...], Case] = {}
    for case in cases:
        where = positions.get(case.id)
        path = files.get(case.id, f"{case.id}.yaml")
        cit = case.citation
        keys: list[tuple[tuple[Any, ...], tuple[str, ...], str]] = []
        for name in ("doi", "pmid"):
            ident = getattr(cit, name)
            if ident:
                keys.append((("ident", name, ident.lower()), ("citation", name), name.upper()))
        keys.append(
            (
                ("same", cit.first_author.lower(), cit.year, *_patient_key(case)),
                ("citation", "first_author"),
                "first author, year, sex, age and levels",
            )
        )
        for key, loc, what in keys:
            other = seen.get(key)
            if other is None:
                seen[key] = case
                continue
            line, col = where.get(loc, (1, 1)) if where else (1, 1)
            other_file = files.get(other.id, f"{other.id}.yaml")
            field, severity = ".".join(loc), "warning"
            if key[0] == "ident" and _patient_key(other) == _patient_key(case):
                severity = "error"
                message = (
                    f"duplicate of {other_file}: same {what} and the same patient (sex, age, "
                    "levels); remove this file, or correct it if it is another patient"
                )
            elif key[0] == "ident":
                message = (
                    f"same {what} as {other_file}: fine if the paper reports several "
                    "patients, otherwise this case is a duplicate"
                )
            else:
                field = "citation"
                message = (
                    f"looks like a duplicate of {other_file}: same {what}; check that it is "
                    "a different patient"
                )
            out.append(Diagnostic(path, line, col, field, message, severity=severity))
            break
    return out
