"""The review metadata file (``review.yaml``): title, versions, its source papers (none, one or
several, each with the figures it states), eligibility, the literature searches and their
selection counts, the review's own texts and review-level discrepancies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .diagnostics import Diagnostic
from .load import Loaded, dotted, load_yaml
from .schema import DOI, SEMVER, Discrepancy

LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
"""Licences a review may carry: SPDX id -> (name, address)."""

REVIEW_FILE = "review.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Source(_Strict):
    """A paper the review starts from or checks itself against."""

    id: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    authors: list[str] = Field(min_length=1)
    title: str
    journal: str
    year: int
    doi: str | None = None
    figures: dict[str, float | int] = Field(
        default_factory=dict,
        description="What the paper states, by the name of a summary figure of model.yaml: "
        "the site states every figure the data do not reproduce.",
    )

    @property
    def short(self) -> str:
        """How the text cites it: first author's surname, et al., year ("Smith et al. 2019")."""
        return f"{self.surname} et al. {self.year}"

    @property
    def surname(self) -> str:
        """The first author's surname."""
        return self.authors[0].split()[0]


DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SLUG = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


def _real_date(value: str) -> str:
    """A date that matches YYYY-MM-DD must also exist (no 2026-02-30)."""
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date of the calendar (YYYY-MM-DD)") from None
    return value


class ExclusionReason(_Strict):
    """One term of the controlled list of reasons for excluding a report or a case."""

    code: str = Field(pattern=SLUG)
    label: str


class Eligibility(_Strict):
    """What makes a case eligible, and why one may be excluded."""

    criteria: str
    language: str | None = None
    exclusion_reasons: list[ExclusionReason] = Field(min_length=1)

    def label(self, code: str) -> str:
        """The label of an exclusion reason (the code itself when unknown)."""
        return next((r.label for r in self.exclusion_reasons if r.code == code), code)


class Excluded(_Strict):
    """How many cases a search excluded for one reason (a code of ``exclusion_reasons``)."""

    reason: str
    cases: int = Field(ge=0)


class Search(_Strict):
    """One run of the literature search, with its study-selection counts."""

    id: str = Field(pattern=SLUG, description="Named by the cases it found (found_by).")
    date: str = Field(pattern=DATE)
    run_by: str = Field(min_length=1, description="Who ran the search and screened the records.")
    version: str | None = Field(
        default=None, pattern=SEMVER, description="The release that published it; null until then."
    )
    databases: list[str] = Field(min_length=1)
    query: str | None = Field(default=None, description="The query as typed, where known.")
    keywords: list[str] = Field(default_factory=list)
    records_identified: int = Field(ge=0)
    cases_assessed: int = Field(ge=0)
    cases_excluded: list[Excluded]
    cases_included: int = Field(ge=0)
    screening_log: str | None = Field(default=None, pattern=r"^searches/[a-z0-9-]+\.yaml$")
    notes: str | None = None

    _date = field_validator("date")(_real_date)

    @property
    def excluded_total(self) -> int:
        return sum(e.cases for e in self.cases_excluded)

    @property
    def day(self) -> datetime.date:
        return datetime.date.fromisoformat(self.date)


class PlannedSearch(_Strict):
    """A search written down before it runs (``status: planned``, after every search that has
    run): its query as it will be typed, ready for ``python -m generator search run``, which
    turns it into a search with its date, its counts and its screening log."""

    id: str = Field(pattern=SLUG, description="The id the search keeps once it has run.")
    status: Literal["planned"]
    run_by: str | None = Field(default=None, min_length=1)
    databases: list[str] = Field(min_length=1)
    query: str = Field(min_length=1, description="The query exactly as it will be run.")
    keywords: list[str] = Field(default_factory=list)
    notes: str | None = None


PLANNED = "planned_searches"
"""Where the model keeps the planned entries of ``searches`` (never a key of review.yaml)."""


class OutsideSearch(_Strict):
    """A route by which cases came into the review outside any search (e.g. the source's own
    case, or cases proposed by contributors). Its cases are counted from the case files that
    name it in ``found_by``: nothing here repeats that count."""

    id: str = Field(pattern=SLUG, description="Named by its cases' found_by.")
    reason: str = Field(min_length=1)
    open: bool = Field(
        default=True,
        description="New cases may name it (the submit form offers it); false for a closed "
        "route such as the source's own case.",
    )


class Release(_Strict):
    version: str = Field(pattern=SEMVER)
    date: str = Field(pattern=DATE)
    summary: str

    _date = field_validator("date")(_real_date)


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
    doi: str | None = Field(default=None, pattern=DOI)
    creators: list[Creator] = Field(min_length=1)
    contact_email: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Who NCBI may write to about this review's searches (search run, lookup); "
        "the environment's NCBI_EMAIL comes first.",
    )
    keywords: list[str] = Field(default_factory=list)
    description: str
    introduction: str | None = Field(
        default=None,
        description="What the review covers, for Home: plain text; {name} is replaced by a "
        "summary figure, {source:<id>} by the citation of a source.",
    )
    summary_text: str | None = Field(
        default=None,
        description="The summary of the cases in words (Home, Table 1): plain text with "
        "{name} placeholders for summary figures; without it, the figures are listed.",
    )
    sources: list[Source] = Field(default_factory=list)
    eligibility: Eligibility
    update_interval_months: int = Field(ge=1, le=120)
    searches: list[Search] = Field(min_length=1, description="Oldest first.")
    planned_searches: list[PlannedSearch] = Field(
        default_factory=list,
        description="The entries of searches marked status: planned, which have not run yet.",
    )
    outside_searches: list[OutsideSearch] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _split_planned(cls, data: Any) -> Any:
        """The entries of ``searches`` marked ``status: planned`` are kept apart: every page,
        count and check of a search reads only the searches that have run."""
        if not isinstance(data, dict):
            return data
        if PLANNED in data:
            raise ValueError(f"{PLANNED}: unknown field (a planned search goes in searches)")
        entries = data.get("searches")
        if not isinstance(entries, list):
            return data
        planned = [isinstance(e, dict) and e.get("status") == "planned" for e in entries]
        if True in planned and not all(planned[planned.index(True) :]):
            raise ValueError(
                "searches: a planned search (status: planned) comes after every search that ran"
            )
        run = [e for e, p in zip(entries, planned, strict=True) if not p]
        later = [e for e, p in zip(entries, planned, strict=True) if p]
        return {**data, "searches": run, PLANNED: later}

    @model_validator(mode="after")
    def _newest_first(self) -> Review:
        keys = [tuple(int(x) for x in r.version.split(".")) for r in self.releases]
        if keys != sorted(set(keys), reverse=True):
            raise ValueError("releases must list each version once, newest first")
        return self

    @field_validator("sources")
    @classmethod
    def _sources_once(cls, sources: list[Source]) -> list[Source]:
        ids = [s.id for s in sources]
        if len(set(ids)) != len(ids):
            raise ValueError("names a source id more than once")
        return sources

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

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

    @property
    def first_search(self) -> Search:
        """The source's search: the first of ``searches``."""
        return self.searches[0]

    @property
    def last_search(self) -> Search:
        """The most recent search: the last of ``searches``."""
        return self.searches[-1]

    @property
    def next_search(self) -> PlannedSearch | None:
        """The first planned search: the one ``search run`` runs next."""
        return self.planned_searches[0] if self.planned_searches else None

    def route(self, route_id: str) -> Search | OutsideSearch | None:
        """The search, or the entry of ``outside_searches``, with this id."""
        return next((r for r in [*self.searches, *self.outside_searches] if r.id == route_id), None)

    def open_to_new_cases(self, route: Search | OutsideSearch) -> bool:
        """Whether a case no release has published may name ``route`` in ``found_by``: a search
        until a release publishes it, an entry of ``outside_searches`` unless ``open: false``."""
        if isinstance(route, Search):
            return route.version not in {r.version for r in self.releases}
        return route.open

    def new_case_routes(self) -> list[Search | OutsideSearch]:
        """The routes a new case may name: open searches (newest first), then open entries of
        ``outside_searches``."""
        routes: list[Search | OutsideSearch] = [*reversed(self.searches), *self.outside_searches]
        return [r for r in routes if self.open_to_new_cases(r)]

    def version_url(self, version: str | None = None) -> str:
        """The permanent address of a version of the site (mike deploys each under its number)."""
        return f"{self.url}{version or self.version}/"


TODO = "TODO"
"""The placeholder the case template and ``python -m generator search new`` leave in fields
to fill."""


def todo_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where ``value`` holds the placeholder TODO (as a value or a list item)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in todo_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in todo_paths(v, (*path, i))]
    return [path] if value == TODO else []


@dataclass
class ReviewFile:
    """``review.yaml`` read: the model (None when invalid), its diagnostics and its positions."""

    review: Review | None
    diagnostics: list[Diagnostic]
    loaded: Loaded | None = None

    def position(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        return self.loaded.position(loc, key=key) if self.loaded else (1, 1)


def read_review(root: Path) -> ReviewFile:
    """Read and validate ``review.yaml`` under ``root``, keeping the position of every value."""
    path = root / REVIEW_FILE
    shown = str(REVIEW_FILE)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read review metadata: {exc.strerror}"
        return ReviewFile(None, [Diagnostic(shown, 1, 1, "-", msg)])
    loaded = load_yaml(shown, data)
    if loaded.diagnostics:
        return ReviewFile(None, loaded.diagnostics, loaded)
    todo = todo_paths(loaded.value)
    out = [
        Diagnostic(
            shown,
            *loaded.position(loc),
            dotted(loc),
            f"fill in this field (python -m generator search new left it as {TODO})",
        )
        for loc in todo
    ]
    try:
        review = Review.model_validate(loaded.value)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = _raw_loc(tuple(err["loc"]), loaded.value)
            if any(loc[: len(t)] == t for t in todo):
                continue  # reported once, as a field to fill
            line, col = loaded.position(loc)
            msg = err["msg"].removeprefix("Value error, ")
            out.append(Diagnostic(shown, line, col, dotted(loc), msg))
        return ReviewFile(None, sorted(out), loaded)
    return ReviewFile(None if out else review, out, loaded)


def _raw_loc(loc: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    """Where an error of a planned search is in review.yaml: ``planned_searches[j]`` is the
    j-th planned entry of ``searches``, which come last."""
    if loc[:1] != (PLANNED,) or len(loc) < 2 or not isinstance(value, dict):
        return loc
    entries = value.get("searches") if isinstance(value.get("searches"), list) else []
    run = sum(1 for e in entries if not (isinstance(e, dict) and e.get("status") == "planned"))
    return ("searches", run + loc[1], *loc[2:])


def todo_notes(read: ReviewFile, *, release: bool = False) -> list[Diagnostic]:
    """Values that begin with ``TODO:`` (``living-review init`` writes them: a new review
    builds at once, and these say what is left to fill in): a warning each, an error for a
    release."""
    if read.loaded is None:
        return []

    def walk(value: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in walk(v, (*path, k))]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in walk(v, (*path, i))]
        return [path] if isinstance(value, str) and value.startswith(f"{TODO}:") else []

    severity = "error" if release else "warning"
    return [
        Diagnostic(
            REVIEW_FILE,
            *read.position(loc),
            dotted(loc),
            "fill in this field (it still says TODO)",
            severity=severity,
        )
        for loc in walk(read.loaded.value, ())
    ]


def load_review(root: Path) -> tuple[Review | None, list[Diagnostic]]:
    """Read and validate ``review.yaml`` under ``root``."""
    read = read_review(root)
    return read.review, read.diagnostics
