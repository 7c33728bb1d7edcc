"""The build, step by step: the pages it writes before it imports pandas and Altair, then the rest.

:func:`build_parts` validates the review and yields the list of its pages, then each page as
it is written (see :data:`common.Part`). The case pages come first (``common.case_pages``): they
need only the case and the review, so that a caller reading them (the MkDocs plugin, in another
process) works while pandas and Altair are imported and then the charts, the summary and the
other pages are made (``site.summary_parts``). :func:`build` and :func:`render` run the same
steps to the end. Nothing here imports pandas, Altair or MkDocs until the summary pages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    Part,
    Site,
    case_label,
    case_pages,
    environment,
    into,
    location_words,
    page_list,
    table_order,
)
from .declared import domain_of

if TYPE_CHECKING:
    pass


FIRST_PAGES = 200
"""Case pages written before pandas and Altair are imported: enough to keep MkDocs busy while
they load (about 0.7 s); the rest follow once the charts are being drawn."""


def build_parts(root: Path, site: Site | None = None) -> Iterator[Part]:
    """``site.build`` step by step (see :data:`Part`), for a caller that can use each page as
    soon as it is written: the MkDocs plugin reads the pages while the charts are drawn, and puts
    the drawings in the HTML. ``site`` is filled as they go. Raises ValidationFailed at the
    first step if any input is invalid."""
    site = Site() if site is None else site
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
        yield from render_parts(
            checked.result.cases, review, guides, checked.logs, site, checked.domain
        )
        from ..releases.locks import build_info  # packaging: needed only now

        site.files["build.json"] = build_info(root, review.version, review.released)
        yield ("files", site.files)


def render_parts(
    cases: Iterable[Any],
    review: Review,
    guides: dict[str, str],
    logs: Logs | None,
    site: Site,
    domain: Domain | None = None,
) -> Iterator[Part]:
    """``site.render`` step by step into ``site`` (see :data:`Part`): the list of pages, the
    first case pages, then (pandas and Altair imported meanwhile) the rest of the pages, while
    the charts are drawn, and the drawings. Without ``domain``, the cases' own (their model's)."""
    cases = list(cases)
    domain = domain_of(cases, domain)
    withdrawn = sorted((c for c in cases if not c.active), key=lambda c: c.id)
    cases = [c for c in cases if c.active]
    ordered = table_order(cases)
    listed = page_list(ordered, withdrawn, guides)
    yield ("pages", listed)
    site.cases, site.review = cases, review
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
    pages = case_pages(env, common, ordered, withdrawn)
    yield from into(site, itertools.islice(pages, FIRST_PAGES))
    from .site import summary_parts  # pandas and Altair: imported while those pages are read

    yield from summary_parts(env, common, site, ordered, withdrawn, guides, logs, pages)
    if list(site.pages) != listed:  # the plugin gives MkDocs the listed pages, and only those
        raise RuntimeError(
            f"pages written but not listed, or listed but not written, or out of order: {sorted(set(site.pages) ^ set(listed))}"
        )


def build(root: Path) -> Site:
    """Validate everything under ``root`` and render the site; raise ValidationFailed if invalid."""
    site = Site()
    for _ in build_parts(root, site):
        pass
    return site


def render(
    cases: list[CaseBase],
    review: Review,
    guides: dict[str, str] | None = None,
    logs: Logs | None = None,
    domain: Domain | None = None,
) -> Site:
    """Render pages and data files from valid cases and review metadata (and the project's
    guides, by page, and the searches' screening logs, by search id)."""
    site = Site()
    for _ in render_parts(cases, review, guides or {}, logs, site, domain):
        pass
    return site
