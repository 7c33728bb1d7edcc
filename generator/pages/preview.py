"""The site as ``mkdocs serve`` previews it: built in this process for each rebuild (what did not
change taken from the library's caches), with its charts drawn by the browser, and, when the
input is invalid, a site whose pages list the errors.

Charts are not drawn into a preview's pages (drawing them is most of a rebuild: about 0.05 s a
drawing, two drawings a chart, and vl-convert holds the GIL): each chart's view carries its spec
and ``charts.js`` draws it at once with the vendored Vega, from the same spec the full build
draws. The full build (``make site``) draws them into the pages, and makes their SVG and PNG
files, which a preview does not have.

``mkdocs build`` refuses invalid input: it never publishes a half-correct site. A preview shows
what is wrong instead, because MkDocs' server blocks every request while a build is failing
(the browser would hang until the input is fixed); the next save that fixes the input shows the
site again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model.diagnostics import Diagnostic, ValidationFailed
from .common import GUIDES, case_page, environment, page_list

_CASE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Preview:
    """One build of the preview: pages (Markdown, each chart a slot) and data files, keyed as in
    ``site.Site``, the diagnostics that stopped the build (empty when it was built), and the
    charts' views by slot (``common.SLOT``)."""

    pages: dict[str, str]
    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    views: dict[str, str]

    @property
    def failed(self) -> bool:
        return bool(self.diagnostics)


def preview(root: Path) -> Preview:
    """The site of ``root``, or, if its input is invalid, :func:`failure_pages` and no files."""
    from .pipeline import start  # pandas and Altair

    try:
        site = start(root, draw=False).rest(filled=False)
    except ValidationFailed as exc:
        return Preview(failure_pages(root, exc.diagnostics), {}, exc.diagnostics, {})
    return Preview(site.pages, site.files, [], site.views)


def failure_pages(root: Path, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """A page saying that the site was not built and listing ``diagnostics`` (as text), at the
    address of every page the build writes: each case file's page and the other generated
    pages, so that the page a contributor is looking at shows the errors."""
    cases = root / "cases"
    ids = sorted(
        p.stem
        for p in (cases.iterdir() if cases.is_dir() else [])
        if p.suffix == ".yaml" and _CASE_ID.fullmatch(p.stem) and p.is_file()
    )
    guides = {page: "" for page, name in GUIDES.items() if (root / name).is_file()}
    errors = sum(d.severity == "error" for d in diagnostics)
    text = (
        environment()
        .get_template("build-failed.md.j2")
        .render(errors=errors, diagnostics=diagnostics)
    )
    return dict.fromkeys([*(case_page(i) for i in ids), *page_list([], [], guides)], text)
