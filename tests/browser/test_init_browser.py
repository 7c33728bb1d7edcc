"""A new review from the installed generator, end to end: ``init`` from the wheel (installed
into a fresh environment, the repository not on its path; ``tests/test_package.py``), in an
empty folder outside the repository; two cases added; built; then, in Chromium, every script and
stylesheet the pages reference is there, Table 1 sorts, a chart shows and the form validates a
case."""

from __future__ import annotations

import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.helpers import REPO
from tests.test_package import python, wheel  # noqa: F401 (fixtures)

from .conftest import _port, bound_server, screenshot

CASE = """\
# yaml-language-server: $schema=../schema/case.schema.json
id: {id}
added_in: null
citation:
  first_author: {author}
  authors: []
  year: {year}
  title: null
  journal: null
  volume: null
  issue: null
  pages: null
  doi: null
  pmid: null
  source_ref: null
patient:
  sex: {sex}
  age_years: {age}
location:
  sites: [{site}]
  description: null
treatments: [{treatment}]
treatment_as_reported: null
outcome: null
follow_up_months: null
notes: null
provenance:
  source: Test data written by the test (no publication)
  where: tests/browser/test_init_browser.py
found_by: contributed
discrepancies: []
"""


def _run(cmd: list[str], cwd: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        cmd, cwd=cwd, env={**environ, **env}, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def new_site(python, tmp_path_factory):  # noqa: F811 (the fixture imported above)
    """A review made with the installed package's ``init``, two cases added, built."""
    where = _run([str(python), "-c", "import generator; print(generator.__file__)"], Path("/"))
    assert not Path(where.strip()).resolve().is_relative_to(REPO), where
    folder = tmp_path_factory.mktemp("new-review") / "review"
    assert not folder.resolve().is_relative_to(REPO)
    title = "Case reports of an example condition"
    _run([str(python), "-m", "generator", "init", str(folder), "--title", title], folder.parent)
    for values in (
        dict(id="older-2019", author="Older", year=2019, sex="M", age=70, site="site-c"),
        dict(id="younger-2021", author="Younger", year=2021, sex="F", age=30, site="site-a"),
    ):
        text = CASE.format(treatment="surgery", **values)
        (folder / "cases" / f"{values['id']}.yaml").write_text(text, encoding="utf-8")
    assert "ok: 2 cases valid" in _run([str(python), "-m", "generator", "validate"], folder)
    port = _port()
    url = f"http://127.0.0.1:{port}/"
    _run([str(python), "-m", "generator", "site", "--out", "site"], folder, SITE_URL=url)
    server, base = bound_server(folder / "site")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder / "site", base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_its_makefile_pins_the_generator_that_wrote_it(new_site, python):  # noqa: F811
    site, _ = new_site
    code = "import importlib.metadata as m; print(m.version('living-review-generator'))"
    installed = _run([str(python), "-c", code], Path("/")).strip()
    makefile = (site.parent / "Makefile").read_text(encoding="utf-8")
    assert f"GENERATOR ?= living-review-generator=={installed}\n" in makefile


def test_every_script_and_stylesheet_is_in_the_site(new_site):
    site, _ = new_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 8
    refs = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        base = "http://x/" + page.relative_to(site).as_posix()
        for ref in re.findall(r'<script[^>]* src="([^"]+)"', html) + re.findall(
            r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html
        ):
            target = urlsplit(urljoin(base, ref))
            assert target.netloc == "x", f"{page}: {ref} is not in the site"
            assert (site / target.path.lstrip("/")).is_file(), f"{page}: {ref} is missing"
            refs += 1
    assert refs > 50


def test_table_1_sorts(page, new_site):
    _, base = new_site
    page.goto(f"{base}table-1/")
    page.wait_for_selector("table.lr-cases tbody tr[data-case-id]")
    ids = page.eval_on_selector_all("tbody tr[data-case-id]", "rs => rs.map(r => r.dataset.caseId)")
    assert sorted(ids) == ["older-2019", "younger-2021"]
    page.click('th[data-sort="age"] button')
    page.wait_for_selector('th[data-sort="age"][aria-sort="ascending"]')
    first = page.eval_on_selector_all("tbody tr[data-case-id]", "rs => rs[0].dataset.caseId")
    assert first == "younger-2021"
    page.click('th[data-sort="age"] button')
    page.wait_for_selector('th[data-sort="age"][aria-sort="descending"]')
    first = page.eval_on_selector_all("tbody tr[data-case-id]", "rs => rs[0].dataset.caseId")
    assert first == "older-2019"
    screenshot(page, "init-table-1")


def test_a_chart_shows(page, new_site):
    _, base = new_site
    page.goto(f"{base}charts/")
    charts = page.locator("figure svg:visible")  # the wide drawings (the narrow ones: phones)
    assert charts.count() >= 4
    # a drawn chart has marks: the sites map has a bar for each case's site
    marks = page.eval_on_selector_all(
        "figure svg", "ss => ss.map(s => s.querySelectorAll('path, rect').length)"
    )
    assert all(n > 3 for n in marks), marks
    box = charts.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    screenshot(page, "init-charts")


def test_the_form_validates_a_case(page, new_site):
    _, base = new_site
    page.goto(f"{base}submit/")
    page.wait_for_selector("#lr-submit[data-ready]")
    page.fill('[name="citation.first_author"]', "Newcase")
    page.fill('[name="citation.year"]', "2022")
    page.fill('[name="patient.age_years"]', "55")
    page.fill('[name="provenance.source"]', "Test data (no publication)")
    page.fill('[name="provenance.where"]', "the browser test")
    page.check('input[name="patient.sex"][value="F"]')
    page.check('input[name="location.sites"][value="site-b"]')
    page.check('input[name="treatments"][value="medication"]')
    page.check('input[name="found_by"][value="contributed"]')
    page.wait_for_selector("#lr-submit[data-problems='0']")
    assert page.get_attribute("#propose", "aria-disabled") is None
    text = page.text_content("#case-yaml")
    assert "  sites: [site-b]\n" in text and "treatments: [medication]\n" in text
    # a problem, in the validator's words, at its field
    page.uncheck('input[name="treatments"][value="medication"]')
    page.wait_for_selector("#lr-submit[data-problems='1']")
    screenshot(page, "init-submit")
