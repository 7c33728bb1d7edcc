"""The submission form of another review, with no Python of its own: the FICTIONAL neuraxis
review of the test fixtures (sites in groups). Its form page is rendered alone by the library
(``generator.pages.submit``: the page's HTML and its JSON, with the package's scripts), and a case
typed at "frontal lobe" is accepted by the form and then, unchanged, by ``validate``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from importlib.resources import files

import pytest

from generator.model import load_domain
from generator.model.review import load_review
from generator.pages import submit
from generator.pages.common import environment

from .conftest import REPO, bound_server, screenshot

NEURAXIS = REPO / "tests" / "fixtures" / "reviews" / "neuraxis"

FILLED = {
    "citation.first_author": "Fictive",
    "citation.year": "2023",
    "patient.age_years": "40",
    "provenance.source": "FICTIONAL TEST DATA (no publication)",
    "provenance.where": "invented for the browser test",
}


@pytest.fixture
def form_url(tmp_path):
    """The neuraxis review's /submit/ page, served from a folder with the package's assets."""
    domain, _ = load_domain(NEURAXIS)
    review, _ = load_review(NEURAXIS)
    assert domain is not None and review is not None
    out = tmp_path / "site"
    shutil.copytree(files("generator") / "assets", out / "assets")
    ids = sorted(p.stem for p in (NEURAXIS / "cases").glob("*.yaml"))
    for name, data in submit.files(ids, review.repository, review, case=domain.case).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    page = submit.page(environment(), {"review": review, "domain": domain}, "../")
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
    (out / "submit").mkdir(exist_ok=True)
    (out / "submit" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Submit a case</title>'
        '<link rel="stylesheet" href="../assets/stylesheets/submit.css"></head><body>'
        f'{body}<script src="../assets/javascripts/submit.js"></script></body></html>',
        encoding="utf-8",
    )
    server, base = bound_server(out)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}submit/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_case_at_the_frontal_lobe_is_accepted_by_the_form_and_the_validator(
    page, form_url, tmp_path
):
    page.goto(form_url)
    page.wait_for_selector("#lr-submit[data-ready]")
    titles = page.locator("#f-location-sites .lr-option-group-title").all_text_contents()
    assert titles == ["Brain", "Spine"]
    assert "calcinosis" not in page.text_content("#lr-submit").lower()
    for name, value in FILLED.items():
        page.fill(f'[name="{name}"]', value)
    page.check('input[name="patient.sex"][value="F"]')
    page.check('input[name="location.sites"][value="frontal-lobe"]')
    page.check('input[name="presentation"][value="seizures"]')
    page.check('input[name="treatments"][value="biopsy"]')
    page.check('input[name="recurrence"][value="false"]')
    page.check('input[name="found_by"][value="contributed"]')
    page.wait_for_selector("#lr-submit[data-problems='0']")
    assert page.get_attribute("#propose", "aria-disabled") is None
    text = page.text_content("#case-yaml")
    assert "  sites: [frontal-lobe]\n" in text and "recurrence: false\n" in text
    screenshot(page, "submit-neuraxis")

    # a problem in the model's words, at its field
    page.uncheck('input[name="location.sites"][value="frontal-lobe"]')
    page.wait_for_selector("#lr-submit[data-problems='1']")
    assert page.text_content("#f-location-sites-error").startswith(
        "must list at least one code (allowed: frontal-lobe, temporal-lobe,"
    )
    page.check('input[name="location.sites"][value="frontal-lobe"]')
    page.wait_for_selector("#lr-submit[data-problems='0']")

    review = tmp_path / "neuraxis"
    shutil.copytree(NEURAXIS, review)
    (review / "cases" / "fictive-2023.yaml").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(review), "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "ok: 4 cases valid"
