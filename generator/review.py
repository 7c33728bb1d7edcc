"""The review metadata file (``review.yaml``): title, version, search and selection, the source's
own summary figures and review-level discrepancies."""

from __future__ import annotations

import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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


SEMVER = r"^\d+\.\d+\.\d+$"


class Release(_Strict):
    version: str = Field(pattern=SEMVER)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    summary: str


class Creator(_Strict):
    name: str
    orcid: str | None = None
    affiliation: str | None = None


class Review(_Strict):
    """Everything about the review that is not a case."""

    title: str
    short_title: str
    releases: list[Release] = Field(min_length=1, description="Newest first.")
    licence: str
    url: str = Field(pattern=r"^https?://\S+/$")
    repository: str = Field(pattern=r"^https?://\S+$")
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    creators: list[Creator] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    description: str
    source: Source
    search: Search
    source_summary: dict[str, float | int]
    discrepancies: list[Discrepancy] = Field(default_factory=list)

    @model_validator(mode="after")
    def _newest_first(self) -> Review:
        keys = [tuple(int(x) for x in r.version.split(".")) for r in self.releases]
        if keys != sorted(set(keys), reverse=True):
            raise ValueError("releases must list each version once, newest first")
        return self

    @property
    def version(self) -> str:
        """The current version: the newest release's."""
        return self.releases[0].version

    @property
    def released(self) -> str:
        """The current version's release date (ISO)."""
        return self.releases[0].date

    @property
    def released_date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.released)

    def version_url(self, version: str | None = None) -> str:
        """The permanent address of a version of the site (mike deploys each under its number)."""
        return f"{self.url}{version or self.version}/"


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
