"""Validation of one case file: its name, its bytes and its fields, every problem at once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .case_model import CaseBase
from .diagnostics import Diagnostic
from .domain import load_domain
from .load import Loaded, dotted, load_yaml
from .review import TODO
from .review import todo_paths as _todo_paths
from .schema import slug_problem
from .validate_messages import _message, _read_as_numbers, shown

CASE_SUFFIX = ".yaml"

Positions = dict[tuple[Any, ...], tuple[int, int]]
FileResult = tuple[str, "CaseBase | None", list[Diagnostic], Positions, "str | None"]
"""(file as shown, the case or None, its diagnostics, positions of CROSS_FILE_FIELDS, and for an
invalid file its ``found_by`` as written when that is text: the file still counts as present)."""

CROSS_FILE_FIELDS = [
    ("id",),
    ("citation", "doi"),
    ("citation", "pmid"),
    ("citation", "first_author"),
    ("withdrawn", "successor"),
    ("found_by",),
    ("added_in",),
    ("withdrawn", "version"),
]
"""The fields whose positions the checks across files may report."""


class ModelUnreadable(ValueError):
    """A review whose ``model.yaml`` cannot be read: no case model to validate with."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics) or "model.yaml unreadable")


def review_case(root: Path | None = None) -> type[CaseBase]:
    """The case model the review under ``root`` declares in its ``model.yaml`` (by default the
    review in the working directory). Raises :class:`ModelUnreadable`, with model.yaml's
    diagnostics, when it has none."""
    domain, diagnostics = load_domain(Path.cwd() if root is None else root)
    if domain is None:
        raise ModelUnreadable(diagnostics)
    return domain.case


def validate_text(
    path: str,
    data: bytes,
    expected_id: str | None = None,
    *,
    case: type[CaseBase] | None = None,
) -> tuple[CaseBase | None, list[Diagnostic]]:
    """Validate one case file's bytes against the review's case model ``case`` (default: that
    of the review in the working directory, :func:`review_case`). ``path`` is shown in
    messages."""
    found, diags, _ = _check(path, data, expected_id, case or review_case())
    return found, diags


def _check(
    path: str, data: bytes, expected_id: str | None, model: type[CaseBase]
) -> tuple[CaseBase | None, list[Diagnostic], Loaded]:
    loaded = load_yaml(path, data)
    diags = list(loaded.diagnostics)
    value = loaded.value
    if value is None and diags:
        return None, diags, loaded
    refused = _not_a_case(value, model)
    if refused:
        diags.append(Diagnostic(path, 1, 1, "-", refused))
        return None, diags, loaded
    # only a file that says TODO somewhere can have fields left to fill (skip the walk otherwise)
    todo_paths = _todo_paths(value) if TODO.encode() in data else []
    case: CaseBase | None = None
    try:
        case = model.model_validate(value)
    except ValidationError as exc:
        reported = _model_problems(path, exc, loaded, set(todo_paths), diags, model)
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
    diags.extend(_id_mismatch(path, value, expected_id, loaded))
    if diags:
        return None, sorted(diags, key=lambda d: (d.line, d.column)), loaded
    return case, [], loaded


def _not_a_case(value: Any, model: type[CaseBase]) -> str | None:
    """Why a file's top-level value cannot be a case (not a mapping, or no case field at all)."""
    if not isinstance(value, dict):
        if isinstance(value, list):
            kind = "a list"
        else:
            kind = f"a single value, {shown(value)}: write one 'name: value' line per field"
        return f"expected a mapping of case fields, got {kind}"
    if not set(value) & set(model.model_fields):
        return (
            "no case fields found: expected "
            + ", ".join(model.model_fields)
            + " (copy the template)"
        )
    return None


def _model_problems(
    path: str,
    exc: ValidationError,
    loaded: Loaded,
    todo: set[tuple[Any, ...]],
    diags: list[Diagnostic],
    model: type[CaseBase],
) -> set[tuple[Any, ...]]:
    """Add the model's errors to ``diags``; return the paths they concern."""
    found = [_message(error, loaded, model) for error in exc.errors(include_url=False)]
    # a misspelt field gives "unknown field x: did you mean y" and "y missing": keep the first
    suggested = {
        loc[:-1] + (msg.rsplit("'", 2)[-2],)
        for loc, msg, at_key in found
        if at_key and "did you mean" in msg
    }
    for loc, msg, at_key in found:
        if msg == "required field is missing" and loc in suggested:
            continue
        if loc in todo:
            continue  # reported once, as a field left to fill
        line, col = loaded.position(loc, key=at_key)
        diags.append(Diagnostic(path, line, col, dotted(loc), msg))
    return {loc for loc, _, _ in found}


def _id_mismatch(
    path: str, value: dict[str, Any], expected_id: str | None, loaded: Loaded
) -> list[Diagnostic]:
    """The id when it differs from the file's name (a malformed id is reported elsewhere)."""
    if (
        expected_id is None
        or not isinstance(value.get("id"), str)
        or value["id"] == expected_id
        or slug_problem(value["id"]) is not None  # a malformed id is reported once, above
    ):
        return []
    line, col = loaded.position(("id",))
    return [
        Diagnostic(
            path,
            line,
            col,
            "id",
            f"id {value['id']!r} must equal the file name without .yaml "
            f"({expected_id!r}): rename the file or change the id",
        )
    ]


def _check_file(
    file: Path, shown: str, model: type[CaseBase], seen: FileCache | None = None
) -> FileResult:
    """Everything that can be checked in one file, alone, against the case model ``model``;
    from ``seen`` when this very content was checked there before (see :class:`FileCache`)."""
    refused = _link_problem(file)
    if refused:  # decided before a byte is read: the message names nothing of the target
        return shown, None, [Diagnostic(shown, 1, 1, "-", refused)], {}, None
    if file.suffix != CASE_SUFFIX:
        if file.suffix == ".yml":
            msg = "case files end in .yaml, not .yml: rename the file"
        else:
            msg = f"not a case file: only *{CASE_SUFFIX} files belong in the cases folder"
        return shown, None, [Diagnostic(shown, 1, 1, "-", msg)], {}, None
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
            None,
        )
    if seen is None:
        return _checked(shown, data, stem, problem, diags, model)
    key = (model, shown, hashlib.sha256(data).digest())
    return seen.get(key, lambda: _checked(shown, data, stem, problem, diags, model))


def _checked(
    shown: str,
    data: bytes,
    stem: str,
    problem: str | None,
    diags: list[Diagnostic],
    model: type[CaseBase],
) -> FileResult:
    """A case file's bytes checked against ``model`` (``diags``: what its name gave)."""
    case, found, loaded = _check(shown, data, None if problem else stem, model)
    if problem:  # an id equal to its bad file name has the same problem: reported once
        found = [d for d in found if not (d.field == "id" and d.message == problem)]
    # keep only the few positions cross-file checks may report: holding every file's full
    # position tables would make Python's garbage collector crawl on large reviews
    positions = {}
    if case:
        changes = [("changes", i, "version") for i in range(len(case.changes))]
        positions = {loc: loaded.position(loc) for loc in [*CROSS_FILE_FIELDS, *changes]}
    raw = loaded.value.get("found_by") if case is None and isinstance(loaded.value, dict) else None
    return shown, case, [*diags, *found], positions, raw if isinstance(raw, str) else None


class FileCache:
    """Files already checked, by model, path as shown and content: the same bytes give the same
    result, the very same case object included (so a preview re-validates, and re-renders, only
    the cases whose file changed). Only the last run's files are kept."""

    def __init__(self) -> None:
        self._results: dict[tuple[Any, ...], FileResult] = {}
        self._used: dict[tuple[Any, ...], FileResult] = {}

    def get(self, key: tuple[Any, ...], check: Callable[[], FileResult]) -> FileResult:
        hit = self._results.get(key)
        if hit is None:
            hit = check()
        self._used[key] = hit
        return hit

    def done(self) -> None:
        """Keep only the files of the run that just ended."""
        self._results, self._used = self._used, {}


SEEN = FileCache()
"""The files of the last validation run in this process."""


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
