"""Which records a search finds are already in the review.

A record is a duplicate when a case of the review, or a record of an earlier screening log, has
the same PMID, the same DOI (compared without case or resolver prefix), or the same first
author, year and title (surname and title folded: case, accents and punctuation ignored). The
rules are tried in that order; the first that matches names the duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.case_model import CaseBase
from ..model.searches import ScreeningLog
from .records import Record, norm_doi, surname, title_key


@dataclass
class Known:
    """What the review has already: identifier -> the case id or search id that has it."""

    pmid: dict[str, str] = field(default_factory=dict)
    doi: dict[str, str] = field(default_factory=dict)
    author_year_title: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def add(self, owner: str, record: Record) -> None:
        """Record that ``owner`` (a case id or a search id) has ``record``; the first owner
        named keeps an identifier."""
        if record.pmid:
            self.pmid.setdefault(record.pmid.strip(), owner)
        if doi := norm_doi(record.doi):
            self.doi.setdefault(doi, owner)
        key = _aty(record)
        if key is not None:
            self.author_year_title.setdefault(key, owner)

    def duplicate(self, record: Record) -> tuple[str, str] | None:
        """(what it duplicates, the rule) for a record already known, else None."""
        if record.pmid and record.pmid.strip() in self.pmid:
            return self.pmid[record.pmid.strip()], "pmid"
        if (doi := norm_doi(record.doi)) and doi in self.doi:
            return self.doi[doi], "doi"
        key = _aty(record)
        if key is not None and key in self.author_year_title:
            return self.author_year_title[key], "author-year-title"
        return None


def _aty(record: Record) -> tuple[str, int, str] | None:
    name, title = surname(record.first_author), title_key(record.title)
    if not (name and title and record.year):
        return None
    return name, record.year, title


def case_record(case: CaseBase) -> Record:
    """A case's citation as a record."""
    c = case.citation
    return Record(
        first_author=c.first_author,
        year=c.year,
        title=c.title,
        authors=tuple(c.authors),
        journal=c.journal,
        doi=c.doi,
        pmid=c.pmid,
    )


def known_records(cases: list[CaseBase], logs: dict[str, ScreeningLog], skip: str) -> Known:
    """The cases (sorted by id) and the records of every screening log but ``skip``'s (the
    search being run), the cases first."""
    known = Known()
    for case in sorted(cases, key=lambda c: c.id):
        known.add(case.id, case_record(case))
    for search_id in sorted(logs):
        if search_id == skip:
            continue
        for r in logs[search_id].records:
            if r.decision == "duplicate":
                continue  # its report is known under what it duplicates
            known.add(
                search_id,
                Record(r.first_author, r.year, r.title, tuple(r.authors), r.journal, r.doi, r.pmid),
            )
    return known
