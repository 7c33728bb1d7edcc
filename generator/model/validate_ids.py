"""Checks across the cases of a review: ids used twice, successors that are not another case,
and cases that may report the same patient twice."""

from __future__ import annotations

from typing import Any

from .case_model import CaseBase as Case
from .diagnostics import Diagnostic
from .validate_file import Positions

DupKey = tuple[tuple[Any, ...], tuple[str, ...], str]
"""(what two cases share, the field to point at, how the message names it)."""


def duplicate_id(
    shown: str, case: Case, where: Positions, first_seen: dict[str, tuple[str, int, int]]
) -> Diagnostic | None:
    """The error for a case whose id an earlier file already uses; else record the id."""
    if case.id in first_seen:
        other = first_seen[case.id]
        line, col = where[("id",)]
        return Diagnostic(
            shown,
            line,
            col,
            "id",
            f"duplicate id {case.id!r}: also used by {other[0]}:{other[1]}",
        )
    first_seen[case.id] = (shown, *where[("id",)])
    return None


def missing_successors(
    cases: list[Case],
    files: dict[str, str],
    positions: dict[str, Positions],
    present: set[str] | None = None,
) -> list[Diagnostic]:
    """Withdrawn cases whose successor is not another case of the review (``present``: the ids
    of every case file there, an invalid one included)."""
    ids = {c.id for c in cases} if present is None else present
    out = []
    for case in cases:
        successor = case.withdrawn.successor if case.withdrawn else None
        if successor and (successor not in ids or successor == case.id):
            line, col = positions[case.id][("withdrawn", "successor")]
            out.append(
                Diagnostic(
                    files[case.id],
                    line,
                    col,
                    "withdrawn.successor",
                    f"successor {successor!r} is not another case of the review",
                )
            )
    return out


def _patient_key(case: Case) -> tuple[Any, ...]:
    place = case.place
    return (case.patient.sex, case.patient.age_years, place.positions if place else None)


def _patient_words(case: Case) -> str:
    """What :func:`_patient_key` compares, in words ('sex, age and levels')."""
    scheme = case.location_scheme
    return f"sex, age and {scheme.noun}s" if scheme else "sex and age"


def _duplicate_keys(case: Case) -> list[DupKey]:
    """What a duplicate of ``case`` would share with it: its DOI, its PMID, or its first
    author, year and patient."""
    cit = case.citation
    keys: list[DupKey] = []
    for name in ("doi", "pmid"):
        ident = getattr(cit, name)
        if ident:
            keys.append((("ident", name, ident.lower()), ("citation", name), name.upper()))
    keys.append(
        (
            ("same", cit.first_author.lower(), cit.year, *_patient_key(case)),
            ("citation", "first_author"),
            f"first author, year, {_patient_words(case)}",
        )
    )
    return keys


def _clash(
    key: tuple[Any, ...], what: str, case: Case, other: Case, other_file: str
) -> tuple[str | None, str, str]:
    """(field, severity, message) for ``case`` sharing ``key`` with the earlier ``other``
    (field None: the key's own field)."""
    if key[0] == "ident" and _patient_key(other) == _patient_key(case):
        return (
            None,
            "error",
            f"duplicate of {other_file}: same {what} and the same patient "
            f"({_patient_words(case).replace(' and ', ', ')}); remove this file, or correct it "
            "if it is another patient",
        )
    if key[0] == "ident":
        return (
            None,
            "warning",
            f"same {what} as {other_file}: fine if the paper reports several "
            "patients, otherwise this case is a duplicate",
        )
    return (
        "citation",
        "warning",
        f"looks like a duplicate of {other_file}: same {what}; check that it is "
        "a different patient",
    )


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
        for key, loc, what in _duplicate_keys(case):
            other = seen.get(key)
            if other is None:
                seen[key] = case
                continue
            line, col = where.get(loc, (1, 1)) if where else (1, 1)
            other_file = files.get(other.id, f"{other.id}.yaml")
            field, severity, message = _clash(key, what, case, other, other_file)
            field = field or ".".join(loc)
            out.append(Diagnostic(path, line, col, field, message, severity=severity))
            break
    return out
