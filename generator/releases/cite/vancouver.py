"""Vancouver (ICMJE/NLM) references, as medicine cites, without a "cited" date."""

from __future__ import annotations

from ...model import CaseBase as Case
from ...model.review import Review
from .names import Name, case_names, name_vancouver, review_names
from .values import MONTHS, case_url, one_line

VANCOUVER_MAX_AUTHORS = 6
"""Vancouver lists the first six authors, then "et al."."""


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (or its own ``?``/``!``/``.``)."""
    text = one_line(text)
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _vancouver_authors(names: list[Name]) -> str:
    shown = [name_vancouver(n) for n in names[:VANCOUVER_MAX_AUTHORS]]
    if len(names) > VANCOUVER_MAX_AUTHORS:
        shown.append("et al")
    return _sentence(", ".join(shown))


def review_vancouver(review: Review) -> str:
    """The review at its current version in Vancouver style, without a "cited" date.

    ``<creators>. <title> [Internet]. Version X. 2026 Nov 24. Available from: <url>`` and
    `` doi:<doi>`` when the review has one.
    """
    date = review.released_date
    parts = [
        _vancouver_authors(review_names(review)),
        f"{one_line(review.title)} [Internet].",
        f"Version {review.version}.",
        f"{date.year} {MONTHS[date.month - 1].capitalize()} {date.day}.",
        f"Available from: {review.version_url()}",
    ]
    if review.doi:
        parts.append(f"doi:{review.doi}")
    return " ".join(parts)


def _journal_details(case: Case) -> str:
    """``2001;26(15):1673-1679`` (the year alone without a journal)."""
    cit = case.citation
    details = str(cit.year)
    if cit.journal:
        if cit.volume:
            details += f";{cit.volume}"
        if cit.issue:
            details += f"({cit.issue})" if cit.volume else f";({cit.issue})"
        if cit.pages:
            details += f":{cit.pages}"
    return details


def case_vancouver(review: Review, case: Case, with_review: bool = True) -> str:
    """The case's original publication in Vancouver style, as medicine cites it.

    ``Smith J, Jones AB. A case of a rare lesion: a study of 21 cases. Spine.
    2001;26(15):1673-1679.``, then ``doi:...`` and ``PMID: ...`` when known.
    With ``with_review``, a last sentence says where the case was read:
    ``Read in: <short title>, version X. Available from: <case url>``.
    """
    cit = case.citation
    parts = [_vancouver_authors(case_names(case))]
    if cit.title:
        parts.append(_sentence(cit.title))
    if cit.journal:
        parts.append(_sentence(cit.journal))
    parts.append(_sentence(_journal_details(case)))
    if cit.doi:
        parts.append(f"doi:{cit.doi}.")
    if cit.pmid:
        parts.append(f"PMID: {cit.pmid}.")
    if with_review:
        parts.append(f"Read in: {one_line(review.short_title)}, version {review.version}.")
        parts.append(f"Available from: {case_url(review, case)}")
    return " ".join(parts)
