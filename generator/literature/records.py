"""A bibliographic record as the literature commands handle it, whatever database it came from,
and the normalisations that compare two of them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "case",
        "cases",
        "report",
        "reports",
        "review",
        "literature",
    ]
)
"""Words that say nothing of which paper a title is (compared titles drop them)."""


@dataclass(frozen=True)
class Record:
    """One paper: PubMed's or Crossref's answer, or a case's citation."""

    first_author: str
    year: int | None
    title: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    journal: str | None = None
    doi: str | None = None
    pmid: str | None = None

    def as_log(self) -> dict[str, Any]:
        """The record's fields in a screening log's order."""
        return {
            "first_author": self.first_author,
            "year": self.year,
            "title": self.title,
            "authors": list(self.authors),
            "journal": self.journal,
            "doi": self.doi,
            "pmid": self.pmid,
        }


def fold(text: str) -> str:
    """Lower case, accents removed, anything but letters and digits a single space."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def title_words(text: str | None) -> frozenset[str]:
    """The words of a title that tell papers apart."""
    return frozenset(w for w in fold(text or "").split() if w not in STOPWORDS and len(w) > 1)


def title_key(text: str | None) -> str:
    """A title compared as a whole: folded, its words in order."""
    return fold(text or "")


def norm_doi(doi: str | None) -> str | None:
    """A DOI as compared: lower case, without a resolver prefix."""
    if not doi:
        return None
    doi = doi.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
    return doi.lower() or None


def surname(name: str | None) -> str:
    """The surname of ``"Surname Initials"`` or of a bare surname, folded."""
    words = fold(name or "").split()
    if len(words) > 1 and len(words[-1]) <= 3 and words[-1].isalpha():
        words = words[:-1]  # "de luca f" -> "de luca"
    return " ".join(words)
