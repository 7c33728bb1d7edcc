"""The review metadata file (``review.yaml``): title, version, search and selection, the source's
own summary figures and review-level discrepancies."""

from __future__ import annotations

import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .diagnostics import Diagnostic
from .load import dotted, load_yaml
from .schema import Discrepancy

REVIEW_FILE = "review.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Count(_Strict):
    reason: str
    cases: int = Field(ge=0)


class Source(_Strict):
    id: str
    authors: list[str]
    title: str
    journal: str
    year: int
    doi: str | None = None


class Search(_Strict):
    database: str
    date: str
    keywords: list[str]
    language: str | None = None
    eligibility: str
    records_identified: int = Field(ge=0)
    cases_identified: int = Field(ge=0)
    excluded: list[Count]
    included_from_search: int = Field(ge=0)
    added_outside_search: list[Count] = Field(default_factory=list)
    included: int = Field(ge=0)


class Review(_Strict):
    """Everything about the review that is not a case."""

    title: str
    short_title: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    released: str
    licence: str
    description: str
    source: Source
    search: Search
    source_summary: dict[str, float | int]
    discrepancies: list[Discrepancy] = Field(default_factory=list)

    @property
    def released_date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.released)


def load_review(root: Path) -> tuple[Review | None, list[Diagnostic]]:
    """Read and validate ``review.yaml`` under ``root``."""
    path = root / REVIEW_FILE
    shown = str(REVIEW_FILE)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(shown, 1, 1, "-", f"cannot read review metadata: {exc.strerror}")]
    loaded = load_yaml(shown, data)
    if loaded.diagnostics:
        return None, loaded.diagnostics
    try:
        return Review.model_validate(loaded.value), []
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            line, col = loaded.position(tuple(err["loc"]))
            out.append(Diagnostic(shown, line, col, dotted(tuple(err["loc"])), err["msg"]))
        return None, out
