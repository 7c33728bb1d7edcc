"""The build, top to bottom: validate the review, then the pages and data files that aggregate
every case (pandas and Altair: the charts, the summary, Table 1, Home...) and the case pages.

:func:`build` reads a review folder; :func:`render` renders from cases already validated. Both
run every step here, in order. :func:`start` can make the aggregate pages *beside* (``beside``,
e.g. ``engines.forked.beside``: in a child process) while it writes the case pages, so that the
MkDocs plugin hands MkDocs the case pages to convert while the charts are drawn. A
case page depends only on its case, its two neighbours in Table 1's order and what every page
shares (the review, its model), so a page already written for the same inputs is taken from
:data:`CASE_PAGES` (a preview re-renders only the pages of the cases that changed). Nothing here
imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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

Job = Callable[[], tuple[dict[str, str], dict[str, bytes], Any, dict[str, str]]]
"""The pages and data files that aggregate every case, and the summary (``site.summary_pages``)."""
Beside = Callable[[Job], Callable[[], Any]]
"""Runs a job, returns a function that gives its result: :func:`now` (at once, here) or
``engines.forked.beside`` (in a child process, while this one goes on)."""


def now(job: Job) -> Callable[[], Any]:
    """Run ``job`` here, at once."""
    result = job()
    return lambda: result


@dataclass
class Started:
    """A build under way: the list of pages, the case pages (written), and the rest (the pages
    and data files that aggregate every case) when :meth:`rest` is called."""

    site: Site
    listed: list[str]
    wait: Callable[[], Any]
    done: bool = False

    def rest(self, filled: bool = True) -> Site:
        """The whole site, once the rest is made (waiting for it if it is made beside): its
        pages with the charts' views in place, or, if not ``filled``, with their slots (the
        views in ``site.views``)."""
        if not self.done:
            pages, files, summary, views = self.wait()
            self.site.pages.update(pages)
            self.site.files = {**files, **self.site.files}
            self.site.summary, self.site.views, self.done = summary, views, True
            self.site.pages = {uri: self.site.pages[uri] for uri in self.listed}
        if filled and self.site.views:
            pages = self.site.pages
            self.site.pages = {uri: self.site.filled(text) for uri, text in pages.items()}
            self.site.views = {}
        return self.site


def build(root: Path) -> Site:
    """Validate everything under ``root`` and render the site; raise ValidationFailed if invalid."""
    return start(root).rest()


def start(root: Path, beside: Beside = now, draw: bool = True) -> Started:
    """Validate everything under ``root`` (raise ValidationFailed if invalid), start the pages
    that aggregate every case with ``beside``, and write the case pages meanwhile. Charts are
    drawn into the pages unless not ``draw`` (a preview: the browser draws them)."""
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
        cases = checked.result.cases
        started = begin(cases, review, guides, checked.logs, checked.domain, beside, draw)
        from ..releases.locks import build_info  # packaging: needed only now

        started.site.files["build.json"] = build_info(root, review.version, review.released)
        return started


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
    return begin(cases, review, guides or {}, logs, domain).rest()


def begin(
    cases: Iterable[CaseBase],
    review: Review,
    guides: dict[str, str],
    logs: Logs | None,
    domain: Domain | None = None,
    beside: Beside = now,
    draw: bool = True,
) -> Started:
    """:func:`render`, started: the aggregate pages with ``beside``, then the case pages."""
    cases = list(cases)
    domain = domain_of(cases, domain)
    withdrawn = sorted((c for c in cases if not c.active), key=lambda c: c.id)
    cases = [c for c in cases if c.active]
    ordered = table_order(cases)
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

    # made beside (in a child process): the later half of the case pages too, which MkDocs
    # reads after the first half, written here meanwhile
    here = len(ordered) if beside is now else len(ordered) // 2

    def aggregates() -> tuple[dict[str, str], dict[str, bytes], Any, dict[str, str]]:
        from .site import summary_pages  # pandas and Altair

        part = Site(cases=cases, review=review)
        later = range(here, len(ordered))
        part.pages.update(case_pages(env, common, ordered, withdrawn, later))
        summary_pages(env, dict(common), part, ordered, withdrawn, guides, logs, draw)
        return part.pages, part.files, part.summary, part.views

    wait = beside(aggregates)
    if here == len(ordered):
        site.pages.update(case_pages(env, common, ordered, withdrawn))
    else:
        site.pages.update(case_pages(env, common, ordered, withdrawn, range(here)))
        site.pages.update(case_pages(env, common, [], withdrawn))  # the tombstones
    return Started(site, page_list(ordered, withdrawn, guides), wait)
