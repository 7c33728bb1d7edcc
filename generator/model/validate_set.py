"""Validation of a set of case files: listed from their folders, each checked alone (once per
content: ``validate_file.SEEN``), and gathered into one :class:`Result` with the checks that span
files."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import validate_file
from .case_model import CaseBase
from .diagnostics import Diagnostic
from .schema import slug_problem
from .validate_file import CASE_SUFFIX, FileResult, _check_file, review_case
from .validate_ids import duplicate_id, likely_duplicates, missing_successors


@dataclass
class Result:
    """Valid cases (sorted by id) and every diagnostic found, errors and warnings."""

    cases: list[CaseBase] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    """case id -> the file it came from (as displayed)."""
    positions: dict[str, dict[tuple[str, ...], tuple[int, int]]] = field(default_factory=dict)
    """case id -> where the fields of CROSS_FILE_FIELDS are in its file (for cross-checks)."""
    invalid: dict[str, str | None] = field(default_factory=dict)
    """Case files that are there but invalid: id (the file's name) -> its ``found_by`` as
    written (None when that is not text). Such a case is still present for every check across
    files, so that one mistake gives one error."""

    @property
    def present(self) -> set[str]:
        """The ids of every case file there, valid or not."""
        return {c.id for c in self.cases} | set(self.invalid)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


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


def validate_paths(paths: list[Path], *, case: type[CaseBase] | None = None) -> Result:
    """Validate every case file under ``paths`` against the review's case model ``case``
    (default: that of the review in the working directory,
    :func:`generator.model.validate_file.review_case`), with the checks that span files. A file
    whose content was checked in the last run is not checked again (``validate_file.SEEN``)."""
    model = case or review_case()
    with gc_paused():
        return _validate_paths(paths, model)


def _check_all(batch: list[tuple[Path, str]], model: type[CaseBase]) -> list[FileResult]:
    """Every file checked, in order (from ``SEEN`` where its content was checked last time)."""
    seen = validate_file.SEEN
    try:
        return [_check_file(file, shown, model, seen) for file, shown in batch]
    finally:
        seen.done()


def _batch(paths: list[Path]) -> list[tuple[Path, str]]:
    """Every case file under ``paths``, with its path as shown in messages."""
    folders: dict[Path, str] = {}  # resolving each file's path is slow: do it once per folder
    batch = []
    for file in case_files(paths):
        if file.parent not in folders:
            folders[file.parent] = display(file.parent)
        folder = folders[file.parent]
        batch.append((file, file.name if folder == "." else f"{folder}/{file.name}"))
    return batch


def _validate_paths(paths: list[Path], model: type[CaseBase]) -> Result:
    result = Result()
    first_seen: dict[str, tuple[str, int, int]] = {}
    positions = result.positions
    for shown, case, diags, where, found_by in _check_all(_batch(paths), model):
        result.diagnostics.extend(diags)
        if case is None:
            stem = Path(shown).name.removesuffix(CASE_SUFFIX)
            if shown.endswith(CASE_SUFFIX) and slug_problem(stem) is None:
                result.invalid[stem] = found_by
            continue
        clash = duplicate_id(shown, case, where, first_seen)
        if clash is not None:
            result.diagnostics.append(clash)
            continue
        result.files[case.id] = shown
        result.cases.append(case)
        positions[case.id] = where
    result.diagnostics.extend(
        likely_duplicates([c for c in result.cases if c.active], result.files, positions)
    )
    result.diagnostics.extend(
        missing_successors(result.cases, result.files, positions, result.present)
    )
    result.cases.sort(key=lambda c: c.id)
    return result
