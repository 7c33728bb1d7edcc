"""The preview (`make serve`) draws no chart at build time: the browser draws each one at once,
from the spec the full build draws, at a desktop width and, from the narrow spec, on a phone.

Runs `make serve`'s own command on a copy of the reference review and of the fictional neuraxis
review (``tests/test_serve.py``), opens the pages that show charts in chromium and waits, without
touching the page, for every chart's Vega view. Screenshots: ``screenshots/preview-*.png``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import REVIEW
from tests.test_serve import _wait, serving
from tests.test_site import copy_project

from .conftest import screenshot

PAGES = {"home": "", "table-1": "table-1/", "charts": "charts/"}
DRAWN = """view => {
  const live = view.querySelector('.lr-chart-live--ready svg');
  return {
    marks: live ? live.querySelectorAll('path, rect, circle, line, text').length : 0,
    width: live ? live.getBoundingClientRect().width : 0,
    narrow: !!view.querySelector('.lr-chart-live--narrow'),
    pending: [...view.querySelectorAll('.lr-chart-pending')].length,
  };
}"""


NEURAXIS = Path(__file__).parent.parent / "fixtures" / "reviews" / "neuraxis"


@pytest.fixture(params=["reference", "neuraxis"])
def served(request, tmp_path):
    project = tmp_path / "project"
    if request.param == "reference":
        project.mkdir()
        copy_project(REVIEW, project)
    else:
        shutil.copytree(NEURAXIS, project)
    with serving(project, tmp_path) as (site, log):
        if request.param == "neuraxis":  # its mkdocs.yml's own site_url: served under its path
            site += "neuraxis-review/"
        _wait("the first build", 120, lambda: _ready(site), log)
        yield request.param, site


def _ready(site: str) -> bool:
    from benchmarks.serve_loop import _get

    page = _get(f"{site}charts/")
    return page is not None and "data-live" in page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_preview_draws_every_chart_in_the_browser(browser, served, width):
    review, served = served
    context = browser.new_context(viewport={"width": width, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for name, path in PAGES.items():
            page.goto(f"{served}{path}")
            views = page.locator(".lr-chart-view")
            assert views.count() > 0, name
            page.wait_for_function(
                "() => [...document.querySelectorAll('.lr-chart-view')]"
                ".every(v => v.getAttribute('data-rendered') === 'true')",
                timeout=20_000,
            )
            for i in range(views.count()):
                view = views.nth(i)
                assert view.get_attribute("data-live") is not None, (name, i)
                drawn = view.evaluate(DRAWN)
                assert drawn["marks"] > 10, (name, i, drawn)  # not blank
                assert drawn["pending"] == 0, (name, i, drawn)  # the line of text is gone
                assert drawn["narrow"] == (width < 600), (name, i, drawn)
                assert 0 < drawn["width"] <= width, (name, i, drawn)
            shot: Path = screenshot(page, f"preview-{review}-{name}-{width}")
            assert shot.stat().st_size > 10_000
        assert errors == []
    finally:
        context.close()
