"""The look-up report (``curation/lookup.yaml``): what ``python -m generator lookup`` proposed
for each case whose citation is incomplete, and which candidates a maintainer accepted.

Reading it needs no network client: the site's Contributing page lists the suggestions still
pending (a candidate not accepted, for a case that still lacks what it proposes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..model.case_model import CaseBase

REPORT = "curation/lookup.yaml"
"""Where ``lookup`` writes its report, and where the site looks for pending suggestions."""
FIELDS = ("doi", "pmid", "title", "authors", "journal")
"""The citation fields a candidate may fill (only where the case has none)."""


@dataclass(frozen=True)
class Pending:
    """A suggestion still to decide: a case, what it lacks, the best candidate."""

    case_id: str
    missing: list[str]
    source: str
    score: float
    values: dict[str, Any]


def missing_fields(case: CaseBase) -> list[str]:
    """The citation fields a look-up may fill that the case lacks."""
    return [name for name in FIELDS if not getattr(case.citation, name, None)]


def pending(text: str | None, cases: list[CaseBase]) -> list[Pending]:
    """The report's suggestions not accepted yet, for cases that still lack what they propose
    (an unreadable report gives none: ``lookup --apply`` says what is wrong with it)."""
    if not text:
        return []
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    by_id = {c.id: c for c in cases if c.active}
    out = []
    for entry in data.get("cases", []) if isinstance(data, dict) else []:
        case = by_id.get(entry.get("case")) if isinstance(entry, dict) else None
        candidates = entry.get("candidates") if case is not None else None
        if not isinstance(candidates, list) or not candidates:
            continue
        best = candidates[0]
        if not isinstance(best, dict) or best.get("accepted") is True:
            continue
        values = best.get("values") if isinstance(best.get("values"), dict) else {}
        lacking = [k for k in missing_fields(case) if values.get(k)]
        if lacking:
            out.append(
                Pending(
                    case.id, lacking, str(best.get("source")), float(best.get("score", 0)), values
                )
            )
    return sorted(out, key=lambda p: p.case_id)
