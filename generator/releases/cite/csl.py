"""CSL-JSON items (the format Zotero, Mendeley and citeproc read)."""

from __future__ import annotations

from typing import Any

from ...model import CaseBase as Case
from ...model.review import Review
from .names import case_names, review_names
from .values import case_note, case_url, release_parts, review_key


def review_csl(review: Review) -> dict[str, Any]:
    """The review at its current version as a CSL-JSON ``dataset`` item."""
    item: dict[str, Any] = {
        "id": review_key(review),
        "type": "dataset",
        "title": review.title,
        "title-short": review.short_title,
        "author": review_names(review),
        "issued": {"date-parts": [release_parts(review)]},
        "version": review.version,
        "URL": review.version_url(),
    }
    if review.doi:
        item["DOI"] = review.doi
    return item


def case_csl(review: Review, case: Case) -> dict[str, Any]:
    """The case's original publication as a CSL-JSON ``article-journal`` item.

    ``URL`` (and the ``note``) lead back to the case page at the version read.
    """
    cit = case.citation
    item: dict[str, Any] = {"id": case.id, "type": "article-journal"}
    if cit.title:
        item["title"] = cit.title
    item["author"] = case_names(case)
    item["issued"] = {"date-parts": [[cit.year]]}
    optional = {
        "container-title": cit.journal,
        "volume": cit.volume,
        "issue": cit.issue,
        "page": cit.pages,
        "DOI": cit.doi,
        "PMID": cit.pmid,
    }
    item.update({key: value for key, value in optional.items() if value})
    item["URL"] = case_url(review, case)
    item["note"] = case_note(review, case)
    return item
