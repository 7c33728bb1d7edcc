"""RIS records: LF line endings throughout, each record ending with ``ER  - `` and a newline."""

from __future__ import annotations

from ...model import CaseBase as Case
from ...model.review import Review
from .names import case_names, name_inverted, review_names
from .values import case_note, case_url, one_line, page_range, review_note


def _ris(fields: list[tuple[str, str | None]]) -> str:
    """A RIS record with LF line endings; empty values are left out; ends with ``ER  - ``."""
    lines = [f"{tag}  - {one_line(value)}" for tag, value in fields if value]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def review_ris(review: Review) -> str:
    """The review at its current version as a RIS ``DATA`` record."""
    date = review.released_date
    return _ris(
        [
            ("TY", "DATA"),
            *(("AU", name_inverted(n)) for n in review_names(review)),
            ("TI", review.title),
            ("ST", review.short_title),
            ("PY", str(date.year)),
            ("DA", f"{date.year:04d}/{date.month:02d}/{date.day:02d}/"),
            ("ET", review.version),
            ("UR", review.version_url()),
            ("DO", review.doi),
            ("N1", review_note(review)),
        ]
    )


def case_ris(review: Review, case: Case) -> str:
    """The case's original publication as a RIS ``JOUR`` record (PMID as ``AN``)."""
    cit = case.citation
    start, end = page_range(cit.pages) if cit.pages else (None, None)
    return _ris(
        [
            ("TY", "JOUR"),
            *(("AU", name_inverted(n)) for n in case_names(case)),
            ("TI", cit.title),
            ("T2", cit.journal),
            ("PY", str(cit.year)),
            ("VL", cit.volume),
            ("IS", cit.issue),
            ("SP", start),
            ("EP", end),
            ("DO", cit.doi),
            ("AN", cit.pmid),
            ("UR", case_url(review, case)),
            ("N1", case_note(review, case)),
        ]
    )
