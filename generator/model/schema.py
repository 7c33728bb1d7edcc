"""The case-report core every review shares (pydantic): citation, patient, provenance,
discrepancies, changes, withdrawal, and the patterns and reserved names of ids.

A review's case model adds the fields it declares in ``model.yaml`` to this core
(:func:`generator.model.case_model`); its JSON Schema is generated from that model. Unknown keys
are rejected everywhere (``extra="forbid"``).
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
# Patterns are checked by pydantic (Rust regex) and by the form (JavaScript): they spell digits
# [0-9] (a Unicode-aware \d matches '٥' or '５' on one side only) and say which characters end a
# DOI explicitly ('\s' is Unicode White_Space in Rust, and also U+FEFF but not U+0085 in JS).
DOI = r"^10\.[0-9]{4,9}/[^\s\u0085\ufeff]+$"
PMID = r"^[1-9][0-9]{0,8}$"
SEMVER = r"^[0-9]+\.[0-9]+\.[0-9]+$"
WINDOWS_RESERVED = frozenset(
    [
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{n}" for n in range(1, 10)),
        *(f"lpt{n}" for n in range(1, 10)),
    ]
)
"""Names Windows keeps for devices, with any extension: ``cases/con.yaml`` cannot be checked out
there, so no id may be one of them (``con-2001`` is fine)."""
MIN_YEAR = 1900
MAX_AGE = 120

Text = Annotated[str, Field(min_length=1, max_length=5000)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class Citation(Strict):
    """The publication that reported the case."""

    first_author: ShortText = Field(
        description="Surname of the first author, as cited (e.g. Durant)."
    )
    authors: list[ShortText] = Field(
        default_factory=list,
        description="All authors in Vancouver form ('Durant DM'), where known; empty if not known.",
    )
    year: int = Field(ge=MIN_YEAR, description="Year of publication.")
    title: ShortText | None = Field(default=None, description="Article title, where known.")
    journal: ShortText | None = Field(default=None, description="Journal name, where known.")
    volume: ShortText | None = None
    issue: ShortText | None = None
    pages: ShortText | None = None
    doi: str | None = Field(
        default=None,
        pattern=DOI,
        description="DOI without any prefix (10.xxxx/...). Leave empty rather than guess.",
    )
    pmid: str | None = Field(
        default=None,
        pattern=PMID,
        description="PubMed ID (digits). Leave empty rather than guess.",
    )
    source_ref: int | None = Field(
        default=None, ge=1, description="Reference number of this publication in the source review."
    )
    note: Text | None = None

    @field_validator("year")
    @classmethod
    def _not_in_future(cls, year: int) -> int:
        this_year = datetime.date.today().year
        if year > this_year:
            raise ValueError(f"must be between {MIN_YEAR} and {this_year}, got {year}")
        return year


class Patient(Strict):
    """The patient, as reported."""

    sex: Literal["M", "F"] | None = Field(description="M or F; null if the report does not say.")
    age_years: float | None = Field(
        ge=0,
        le=MAX_AGE,
        description="Age at presentation in years; fractions allowed (1.4). Null if not reported.",
    )


class Provenance(Strict):
    """Where the data of this case were read."""

    source: ShortText = Field(
        description="The publication the data were read from (first author et al. and year)."
    )
    where: ShortText = Field(description="Which table, row or section of that publication.")
    also: list[ShortText] = Field(default_factory=list, description="Other places read, if any.")


class Discrepancy(Strict):
    """A place where the source is wrong or contradicts itself, and what this review keeps."""

    field: ShortText = Field(description="The field concerned, e.g. patient.sex.")
    source_says: Text = Field(description="What the source says, quoted.")
    value_kept: Text = Field(description="The value this review keeps.")
    reason: Text = Field(description="Why.")


class Change(Strict):
    """A correction (or other change) to a published case."""

    version: str | None = Field(
        default=None,
        pattern=SEMVER,
        description="The review version that published the change; null until it is released.",
    )
    description: Text = Field(description="What changed and why.")


class Withdrawal(Strict):
    """A withdrawn or merged case keeps its file, and so its page, as a tombstone."""

    version: str | None = Field(
        default=None,
        pattern=SEMVER,
        description="The review version that withdrew the case; null until it is released.",
    )
    reason: Text = Field(description="Why the case was withdrawn (e.g. duplicate of another case).")
    successor: str | None = Field(
        default=None, pattern=SLUG, description="The id of the case that replaces it, if any."
    )


RESERVED_MESSAGE = (
    "{quoted} is a device name on Windows (con, prn, aux, nul, com1-com9, lpt1-lpt9): "
    "cases/{id}.yaml could not be checked out there; add the year, e.g. '{id}-2001'"
)
"""Why an id is refused when it is a Windows device name (the form gives the same words)."""


def reserved_problem(text: str) -> str | None:
    """Why ``text`` cannot name a case file on Windows, or None."""
    if text not in WINDOWS_RESERVED:
        return None
    return RESERVED_MESSAGE.format(quoted=repr(text), id=text)


def slug_problem(text: str) -> str | None:
    """Why ``text`` is not a valid id (or case file name), or None."""
    if re.match(SLUG, text) and len(text) <= 80:
        return reserved_problem(text)
    return "must be a lowercase slug of letters, digits and single hyphens (e.g. 'durant-2001-a')"
