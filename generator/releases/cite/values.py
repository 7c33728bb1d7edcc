"""What every citation format shares: the case page's address, the review's key and notes,
release dates, page ranges and one-line text."""

from __future__ import annotations

import re
import unicodedata

from ...model import CaseBase as Case
from ...model.review import Review

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""Three-letter month names (BibTeX's month macros; capitalised in Vancouver dates)."""

_SLUG_STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def case_url(review: Review, case: Case) -> str:
    """The address of the case's page in the review's current version."""
    return f"{review.version_url()}cases/{case.id}/"


def case_note(review: Review, case: Case) -> str:
    """Where the case was read: ``Read in <review title>, version X, <case url>``."""
    return f"Read in {review.title}, version {review.version}, {case_url(review, case)}"


def review_note(review: Review) -> str:
    """``Version X, released YYYY-MM-DD``."""
    return f"Version {review.version}, released {review.released}"


def review_key(review: Review) -> str:
    """The citation key of the review version: ``<short title slug>-v<version>``.

    The slug is the short title in lowercase ASCII without short words such as "of" and "the"
    (``Lesions of the hand and the wrist`` -> ``lesions-hand-wrist``).
    """
    ascii_title = unicodedata.normalize("NFKD", review.short_title)
    ascii_title = ascii_title.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)
    kept = [w for w in words if w not in _SLUG_STOPWORDS] or words or ["review"]
    return f"{'-'.join(kept)}-v{review.version}"


def release_parts(review: Review) -> list[int]:
    """[year, month, day] of the review's release."""
    date = review.released_date
    return [date.year, date.month, date.day]


def page_range(pages: str) -> tuple[str, str | None]:
    """(start, end) of a page range; ``"1245-6"`` ends at ``"1246"``; a single page has no end."""
    parts = [p.strip() for p in re.split(r"\s*[-\u2010-\u2015]+\s*", pages, maxsplit=1)]
    if len(parts) < 2 or not parts[1]:
        return pages.strip(), None
    start, end = parts
    if start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) made one space."""
    return " ".join(text.split())
