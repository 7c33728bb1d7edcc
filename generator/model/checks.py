"""Every check of a whole review, once: the case files, the published ids, ``review.yaml`` and
the searches with their screening logs.

``python -m generator validate``, the site build and ``generator site`` (before it starts an
engine) all call :func:`check_review`, so they report the same diagnostics in the same order.
Nothing here renders a page (no pandas, no Altair).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..releases.versions import PUBLISHED_IDS, check_published, read_published
from . import searches
from .diagnostics import Diagnostic
from .domain import Domain, load_domain
from .release_checks import check_releases
from .review import REVIEW_FILE, Review, read_review, todo_notes
from .review_text import source_figure_problems, text_problems
from .searches import Logs
from .validate import Result, case_files, validate_paths


@dataclass
class Checked:
    """What the checks read, and every diagnostic they gave."""

    result: Result
    review: Review | None
    logs: Logs
    diagnostics: list[Diagnostic]
    domain: Domain | None = None
    """The review's declared model (``model.yaml``) and its case model."""

    @property
    def ok(self) -> bool:
        """No error anywhere, and review.yaml and model.yaml were read."""
        return (
            self.review is not None
            and self.domain is not None
            and not any(d.severity == "error" for d in self.diagnostics)
        )


def check_review(root: Path, *, release: bool = False) -> Checked:
    """Validate the cases under ``root / "cases"`` against the review's declared case model
    (``model.yaml``) and everything that spans them; ``release``: also that nothing is left
    unreleased (``validate --release``).

    When ``model.yaml`` cannot be read there is no case model: its diagnostics are reported
    with those of ``review.yaml`` and the published ids missing from ``cases/`` (known from
    the files' names); the cases themselves are not checked, nor what spans them."""
    domain, model_diagnostics = load_domain(root)
    read = read_review(root)
    if domain is None:
        unread = Result(invalid={f.stem: None for f in case_files([root / "cases"])})
        missing = check_published(root, unread.present)
        diagnostics = [*model_diagnostics, *missing, *read.diagnostics]
        return Checked(unread, read.review, {}, diagnostics, None)
    result = validate_paths([root / "cases"], case=domain.case)
    recorded = (root / PUBLISHED_IDS).exists()
    published = {case_id for case_id, _ in read_published(root)} if recorded else None
    missing = check_published(root, result.present)
    logs, search_diags = searches.check(root, read, result, published=published)
    versions = check_releases(read, result, published, release=release)
    if release:  # a search whose records still await screening is not ready for a release
        versions += searches.awaiting_screening(read, logs)
    raw = (root / REVIEW_FILE).read_text(encoding="utf-8") if read.review is not None else None
    texts = [
        *todo_notes(read, release=release),
        *text_problems(read, domain.model, raw),
        *source_figure_problems(read, domain.model),
    ]
    diagnostics = [
        *model_diagnostics,
        *result.diagnostics,
        *missing,
        *read.diagnostics,
        *texts,
        *search_diags,
        *versions,
    ]
    return Checked(result, read.review, logs, diagnostics, domain)
