"""``python -m generator lookup``: candidates for the missing DOI, PMID, title or authors of
each case, from PubMed and Crossref, scored, in a report a maintainer reads; never a case edited.

``lookup --apply REPORT`` then writes, for each candidate marked ``accepted: true``, the values
its case still lacks, with a ``changes`` entry naming the source of each value
(:mod:`.case_edit` edits the case file's text, so its comments and order stay).

A candidate's score (0 to 1) adds up: the first author's surname (0.35; 0.15 when the surname is
another author's), the year (0.25; 0.1 a year off, as an online-first year often is), the
journal (0.15; half when the case names none) and the title (0.25 times the share of the case
title's words in the candidate's title, or of the review's condition words when the case has
no title). Candidates from :data:`THRESHOLD` up are proposed, best first.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..model.case_model import CaseBase
from ..model.checks import check_review
from ..model.review import Review
from . import LiteratureError
from .dedup import case_record
from .records import Record, fold, surname, title_words
from .report import FIELDS, REPORT, missing_fields

THRESHOLD = 0.6
PER_CASE = 3


class PubMedLike(Protocol):
    def search(self, term: str) -> tuple[int, list[str]]: ...

    def fetch(self, pmids: list[str]) -> list[Record]: ...


class CrossrefLike(Protocol):
    def works(self, surname: str, year: int | None, words: str, rows: int = 5) -> list[Record]: ...


def condition_words(review: Review) -> frozenset[str]:
    """What every case of the review is about: the words of its short title."""
    return title_words(review.short_title)


def score(case: Record, candidate: Record, condition: frozenset[str]) -> tuple[float, dict]:
    """How well ``candidate`` matches the case's citation, and what matched."""
    name = surname(case.first_author)
    authors = {surname(a) for a in candidate.authors}
    s_name = 0.35 if surname(candidate.first_author) == name else 0.15 * (name in authors)
    gap = abs((case.year or 0) - (candidate.year or 0)) if case.year and candidate.year else 9
    s_year = 0.25 if gap == 0 else 0.1 * (gap == 1)
    if case.journal and candidate.journal:
        a, b = fold(case.journal), fold(candidate.journal)
        s_journal = 0.15 * (a == b or a in b or b in a)
    else:
        s_journal = 0.075
    wanted = title_words(case.title) or condition
    share = len(wanted & title_words(candidate.title)) / len(wanted) if wanted else 0.0
    total = round(s_name + s_year + s_journal + 0.25 * share, 2)
    matched = {"surname": s_name == 0.35, "year": gap == 0, "title_words": round(share, 2)}
    return total, matched


def _pubmed_term(case: Record, words: frozenset[str]) -> str:
    text = " ".join(sorted(words)[:6])
    year = f" AND {case.year}[dp]" if case.year else ""
    return f"{case.first_author}[1au]{year} AND ({text})"


def candidates(
    case: CaseBase, review: Review, pubmed: PubMedLike, crossref: CrossrefLike
) -> list[dict[str, Any]]:
    """The scored candidates for one case, best first, those from the threshold up."""
    record = case_record(case)
    condition = condition_words(review)
    words = title_words(record.title) or condition
    found: list[tuple[str, Record]] = []
    _, pmids = pubmed.search(_pubmed_term(record, words))
    found += [("PubMed", r) for r in pubmed.fetch(pmids[:5])]
    found += [
        ("Crossref", r)
        for r in crossref.works(record.first_author, record.year, " ".join(sorted(words)))
    ]
    out = []
    for source, cand in found:
        total, matched = score(record, cand, condition)
        if total < THRESHOLD:
            continue
        values = {k: v for k, v in cand.as_log().items() if k in FIELDS and v}
        values["year"] = cand.year
        out.append(
            {
                "source": source,
                "score": total,
                "accepted": False,
                "matched": matched,
                "values": values,
            }
        )
    out.sort(key=lambda c: (-c["score"], c["source"], str(c["values"].get("doi") or "")))
    return out[:PER_CASE]


REPORT_HEADER = """\
# Candidates for the missing citation fields of the cases, written by python -m generator lookup
# on {date}. Nothing here is in the review yet. Check each candidate against the paper; set
# accepted: true on the right one (at most one per case), then run
#   python -m generator lookup --apply {report}
# which writes the values the case still lacks, each with a changes entry naming its source.
"""


def lookup(
    root: Path, pubmed: PubMedLike, crossref: CrossrefLike, *, today: datetime.date | None = None
) -> tuple[Path, int, int]:
    """Write the report for every case with a field to look up: (its path, cases, with a
    candidate). The report is written only once every question has been answered."""
    checked = check_review(root)
    if not checked.ok or checked.review is None:
        raise LiteratureError(
            "the review does not validate: run python -m generator validate and fix it first"
        )
    entries = []
    for case in sorted(checked.result.cases, key=lambda c: c.id):
        missing = missing_fields(case)
        if not case.active or not {"doi", "pmid", "title", "authors"} & set(missing):
            continue
        found = candidates(case, checked.review, pubmed, crossref)
        entries.append({"case": case.id, "missing": missing, "candidates": found})
    date = (today or datetime.date.today()).isoformat()
    text = REPORT_HEADER.format(date=date, report=REPORT) + yaml.safe_dump(
        {"date": date, "cases": entries}, sort_keys=False, allow_unicode=True, width=100
    )
    path = root / REPORT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, len(entries), sum(1 for e in entries if e["candidates"])
