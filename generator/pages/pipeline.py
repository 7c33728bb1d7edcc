"""The build, top to bottom: validate the review, write the case pages, then (pandas and Altair)
the charts, the summary, the other pages and the data files.

:func:`build` reads a review folder; :func:`render` renders from cases already validated. A
case page depends only on its case, its two neighbours in Table 1's order and what every page
shares (the review, its model), so a page already written for the same inputs is taken from
:data:`CASE_PAGES` (a preview re-renders only the pages of the cases that changed). Nothing here
imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import CaseBase, Domain
from ..model.checks import check_review
from ..model.diagnostics import ValidationFailed
from ..model.review import Review
from ..model.searches import Logs
from ..model.validate import gc_paused
from . import page_meta
from .common import (
    FORMAT_LABELS,
    GUIDES,
    INPUTS,
    Site,
    case_label,
    case_pages,
    environment,
    location_words,
    page_list,
    table_order,
)
from .declared import domain_of


def build(root: Path) -> Site:
    """Validate everything under ``root`` and render the site; raise ValidationFailed if invalid."""
    with gc_paused():
        checked = check_review(root)
        if not checked.ok or checked.review is None:
            raise ValidationFailed(checked.diagnostics)
        review = checked.review
        guides = {
            page: (root / name).read_text(encoding="utf-8")
            for page, name in {**GUIDES, **INPUTS}.items()
            if (root / name).exists()
        }
        site = render(checked.result.cases, review, guides, checked.logs, checked.domain)
        from ..releases.locks import build_info  # packaging: needed only now

        site.files["build.json"] = build_info(root, review.version, review.released)
        return site


def render(
    cases: Iterable[CaseBase],
    review: Review,
    guides: dict[str, str] | None = None,
    logs: Logs | None = None,
    domain: Domain | None = None,
) -> Site:
    """Render pages and data files from valid cases and review metadata (and the project's
    guides, by page, and the searches' screening logs, by search id). Without ``domain``, the
    cases' own (their model's)."""
    guides = guides or {}
    cases = list(cases)
    domain = domain_of(cases, domain)
    withdrawn = sorted((c for c in cases if not c.active), key=lambda c: c.id)
    cases = [c for c in cases if c.active]
    ordered = table_order(cases)
    listed = page_list(ordered, withdrawn, guides)
    site = Site(cases=cases, review=review)
    env = environment()
    common: dict[str, Any] = {
        "review": review,
        "model": domain.model,
        "scheme": domain.model.scheme(),
        "words": location_words(domain.model),
        "label": case_label,
        "labels_fmt": FORMAT_LABELS,
        "meta": page_meta,
        "licence": page_meta.licence(review),
        "domain": domain,
    }
    site.pages.update(case_pages(env, common, ordered, withdrawn))
    from .site import summary_pages  # pandas and Altair

    summary_pages(env, common, site, ordered, withdrawn, guides, logs)
    site.pages = {uri: site.pages[uri] for uri in listed}  # in the listed order
    return site
