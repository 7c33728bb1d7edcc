"""The "Submit a case" form at /submit/, tried as a contributor would, in headless Chromium.

The ``page`` fixture fails a test on any console error or any request leaving the local origin,
so every test here also checks that the form sends nothing anywhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.model.load import load_yaml
from generator.model.validate import review_case, validate_paths, validate_text
from generator.pages.pipeline import build

from .conftest import ROOT, screenshot

FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
Case = review_case(ROOT)
PROJECT = [
    "mkdocs.yml",
    "review.yaml",
    "model.yaml",
    "published-ids.txt",
    "CONTRIBUTING.md",
    "cases",
]

NEW_CASE = {
    "citation.first_author": "Okada",
    "citation.year": "2020",
    "citation.authors": "Okada T\nSato K",
    "citation.title": "A test case: tumoral calcinosis at T11-T12",
    "patient.age_years": "61",
    "location.levels": "T11-T12",
    "provenance.source": "Okada et al. 2020",
    "provenance.where": "Case report, first paragraph",
}
"""A made-up case for the test only (it is written into a temporary copy of the project)."""


def open_form(page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}submit/{query}")
    page.wait_for_selector("#lr-submit[data-ready]")


def fill_new_case(page) -> None:
    for name, value in NEW_CASE.items():
        page.fill(f'[name="{name}"]', value)
    page.check('input[name="patient.sex"][value="F"]')
    page.check('input[name="found_by"][value="contributed"]')
    page.check('input[name="causes"][value="HD"]')
    for code in ("resection", "laminectomy"):
        page.check(f'input[name="treatments"][value="{code}"]')
    judged(page)


def judged(page) -> None:
    """Wait until the form has judged what was typed (the validator loads on the first touch)."""
    page.wait_for_selector("#lr-submit[data-problems]", state="attached")


def case_yaml(page) -> str:
    return page.text_content("#case-yaml")


def js_validate(page, value, expected_id: str | None = None) -> list[dict[str, str]]:
    return page.evaluate(
        "([obj, id]) => LRSubmit.ready.then(() => LRSubmit.validator())"
        ".then(() => LRSubmit.validate(obj, {expectedId: id}))",
        [value, expected_id],
    )


def test_new_case_validates_and_builds(page, base_url, tmp_path):
    open_form(page, base_url)
    assert page.get_attribute("#propose", "aria-disabled") == "true"
    fill_new_case(page)
    page.click("[data-add='discrepancies']")
    for key, value in {
        "field": "patient.age_years",
        "source_says": "61 in the text, 62 in the table",
        "value_kept": "61",
        "reason": "The text gives the age at presentation.",
    }.items():
        page.fill(f'[name="discrepancies[0].{key}"]', value)
    assert page.get_attribute("#submit-a-case", "id")  # the page's own heading
    assert page.text_content("#f-location-levels-reading") == "T11-T12: 2 levels, thoracic"
    text = case_yaml(page)
    assert text.startswith(
        "# yaml-language-server: $schema=../schema/case.schema.json\nid: okada-2020\n"
    )
    assert page.get_attribute("#propose", "aria-disabled") is None
    href = page.get_attribute("#propose", "href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}".endswith("/new/main")
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["filename"] == ["cases/okada-2020.yaml"]
    assert query["value"] == [text]  # decodes to exactly the YAML shown
    # the file is accepted as it is by the validator and published as a case page
    for name in PROJECT:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    (tmp_path / "cases" / "okada-2020.yaml").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "cases/okada-2020.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # nothing else to edit: the whole set (review.yaml's counts included) checks and builds
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    site = build(tmp_path)
    page_md = site.pages["cases/okada-2020.md"]
    assert "Okada" in page_md and "T11-T12" in page_md


def test_id_is_kept_free_like_generator_new(page, base_url):
    open_form(page, base_url)
    page.fill('[name="citation.first_author"]', "Durant")
    page.fill('[name="citation.year"]', "2001")
    assert page.input_value('[name="id"]') == "durant-2001-m"  # -a to -l are taken
    page.fill('[name="citation.first_author"]', "Sasaki")
    page.fill('[name="citation.year"]', "2015")
    assert page.input_value('[name="id"]') == "sasaki-2015-b"
    page.fill('[name="id"]', "sasaki-2015")
    page.dispatch_event('[name="id"]', "input")
    assert "duplicate id 'sasaki-2015'" in page.text_content("#f-id-error")


@pytest.fixture(scope="module")
def cases():
    return {c.id: c for c in validate_paths([ROOT / "cases"]).cases}


def assert_same(original, exported, where: str) -> None:
    """Every field of the file as written; the export adds only empty defaults (null, [])."""
    if isinstance(original, dict):
        assert isinstance(exported, dict), where
        for key in exported.keys() - original.keys():
            assert exported[key] in (None, []), f"{where}.{key}"
        for key, value in original.items():
            assert_same(value, exported[key], f"{where}.{key}")
    else:
        assert exported == original, where


def test_every_case_exports_unchanged_from_suggest_a_correction(page, base_url, cases):
    for case_id, case in sorted(cases.items()):
        page.goto(f"{base_url}cases/{case_id}/")
        page.click("text=Suggest a correction")
        page.wait_for_selector("#lr-submit[data-ready]")
        assert page.input_value('[name="id"]') == case_id
        exported = yaml.safe_load(case_yaml(page))
        original = yaml.safe_load((ROOT / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8"))
        assert Case.model_validate(exported) == case, case_id
        assert_same(original, exported, case_id)
        assert page.get_attribute("#propose", "href").endswith(f"/edit/main/cases/{case_id}.yaml")


def test_correction_records_a_change(page, base_url):
    open_form(page, base_url, "?case=blay-2001")
    assert not page.is_hidden("#lr-correcting")
    page.fill('[name="patient.age_years"]', "45")
    page.fill("#lr-change-reason", "The abstract gives 45.")
    data = yaml.safe_load(case_yaml(page))
    assert data["patient"]["age_years"] == 45
    assert data["changes"] == [
        {"version": None, "description": "Corrected patient.age_years. The abstract gives 45."}
    ]
    _, diags = validate_text("blay-2001.yaml", case_yaml(page).encode(), "blay-2001")
    assert diags == []


def value_fixtures() -> list[Path]:
    """Invalid fixtures about a value (what YAML read is wrong), not about reading the YAML."""
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        if path.name == "expected.yaml":
            continue
        loaded = load_yaml(path.name, path.read_bytes())
        if not loaded.diagnostics and isinstance(loaded.value, dict):
            out.append(path)
    return out


def python_problems(path: Path) -> dict[str, str]:
    _, diags = validate_text(path.name, path.read_bytes(), path.stem)
    # octal and base-60 numbers are a matter of YAML reading, not of the value the form writes
    return {
        d.field: d.message
        for d in diags
        if d.field != "-" and "plain decimal digits" not in d.message
    }


def test_js_validation_flags_the_same_fields_as_the_validator(page, base_url):
    open_form(page, base_url)
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        value = load_yaml(path.name, path.read_bytes()).value
        assert js_validate(page, json.loads(json.dumps(value)), path.stem) == [], path.name
    fixtures = value_fixtures()
    assert len(fixtures) >= 20
    for path in fixtures:
        value = json.loads(json.dumps(load_yaml(path.name, path.read_bytes()).value, default=str))
        found = js_validate(page, value, path.stem)
        expected = python_problems(path)
        assert {p["field"] for p in found} == set(expected), path.name
        for p in found:  # the same words, less the hints about how YAML read the file
            said = expected[p["field"]]
            assert said == p["message"] or said.startswith(p["message"] + " (YAML reads"), p


def python_message(text: str, field: str) -> str:
    _, diags = validate_text("x.yaml", text.encode(), None)
    return next(d.message for d in diags if d.field == field)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("patient.age_years", "250"),
        ("location.levels", "C9"),
        ("location.levels", "L5-C1"),
        ("citation.doi", "https://doi.org/10.1186/s13256-017-1474-1"),
        ("citation.first_author", ""),
    ],
)
def test_bad_value_is_flagged_at_its_field(page, base_url, name, value):
    open_form(page, base_url)
    fill_new_case(page)
    assert page.get_attribute("#propose", "href").startswith("https://github.com/")
    page.fill(f'[name="{name}"]', value)
    control = page.locator(f'[name="{name}"]')
    assert control.get_attribute("aria-invalid") == "true"
    error_id = f"{control.get_attribute('id')}-error"
    assert error_id in control.get_attribute("aria-describedby").split()
    expected = python_message(case_yaml(page), name)  # the validator's words on the file shown
    assert page.text_content(f"#{error_id}") == expected
    assert f"{name}: {expected}" in page.text_content("#lr-summary")
    assert page.get_attribute("#propose", "aria-disabled") == "true"
    assert page.get_attribute("#propose", "href") == "#lr-summary"  # still reachable: it lists
    assert page.get_attribute("#propose", "target") is None


PAYLOAD = "<img src=x onerror=alert(1)>"


def test_typed_html_stays_text(page, base_url):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_form(page, base_url)
    fill_new_case(page)
    page.fill('[name="citation.first_author"]', PAYLOAD)
    page.fill('[name="notes"]', PAYLOAD)
    page.fill('[name="location.levels"]', PAYLOAD)
    page.wait_for_timeout(200)
    assert page.locator("#lr-submit img").count() == 0
    assert yaml.safe_load(case_yaml(page))["notes"] == PAYLOAD
    assert PAYLOAD in page.text_content("#lr-summary")
    assert dialogs == []


def test_draft_is_kept_until_cleared(page, base_url):
    open_form(page, base_url)
    page.fill('[name="citation.first_author"]', "Okada")
    page.reload()
    page.wait_for_selector("#lr-submit[data-ready]")
    assert page.input_value('[name="citation.first_author"]') == "Okada"
    page.click("#lr-clear")
    assert page.input_value('[name="citation.first_author"]') == ""
    drafts = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('lr-submit-draft:'))"
    )
    assert drafts == []


def test_keyboard_only(page, base_url):
    open_form(page, base_url)
    page.focus('[name="citation.first_author"]')
    page.keyboard.type("Okada")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "citation.authors"
    page.focus("[data-add='discrepancies']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "discrepancies[0].field"
    page.focus('input[name="causes"][value="NP"]')
    page.keyboard.press("Space")
    assert page.is_checked('input[name="causes"][value="NP"]')


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(page, base_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    open_form(page, base_url)
    fill_new_case(page)
    page.fill('[name="patient.age_years"]', "250")  # an error on show, too
    page.click("[data-add='discrepancies']")
    page.click("details.lr-maintainer summary")
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    # scoped to the page's content: the header, search and nav are the theme's (another issue)
    results = Axe().run(page, context=".md-content")
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, f"submit-{scheme}")


def test_case_page_links_to_the_form(page, base_url):
    page.goto(f"{base_url}cases/guo-2017/")
    link = page.locator("a", has_text="Suggest a correction")
    assert link.get_attribute("href").endswith("submit/?case=guo-2017")
    screenshot(page, "case-page-suggest")


def test_curation_gap_opens_the_form_on_its_case(page, base_url):
    page.goto(f"{base_url}contributing/")
    link = page.locator(".lr-gaps a", has_text="Suggest a correction to").first
    case_id = link.text_content().rsplit(" ", 1)[-1]
    link.click()
    page.wait_for_selector("#lr-submit[data-ready]")
    assert page.input_value('[name="id"]') == case_id
    assert page.text_content("#lr-correcting-id") == case_id


def test_form_code_loads_only_on_the_form(page, base_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "submit-form.js" in u or "ajv2020" in u], requested
    page.click("a[href$='submit/']")  # through instant navigation
    page.wait_for_selector("#lr-submit[data-ready]")
    assert [u for u in requested if u.endswith("/assets/javascripts/submit-form.js")]


# -- one judge: the form and `python -m generator validate` on the file the form writes ---------

EMOJI_TEXT = "\U0001f600" * 5000  # 5,000 characters (the limit), 20,000 bytes
AGREEMENT = [
    # control characters pasted into text (Word's line break is a vertical tab), U+FFFE
    ("citation.title", "Line one\x0bline two", False),
    ("notes", "Line one\x0bline two", False),
    ("notes", "bell\x07", False),
    ("provenance.where", "escape\x1b[0m", False),
    ("notes", "delete\x7f", False),
    ("notes", "next\x85line", False),
    ("notes", "a\ufffeb", False),
    ("notes", "a\uffffb", False),
    ("notes", "tab\tand\nline breaks are fine", True),
    # numbers: written in plain decimal, never with an exponent
    ("patient.age_years", "0.0000001", True),
    ("patient.age_years", "1e-7", False),
    ("follow_up_months", "0.00005", True),
    # ASCII digits only
    ("location.levels", "L\u0665", False),
    ("location.levels", "L\uff15", False),
    ("citation.pmid", "1\u0662\u0663", False),
    ("citation.pmid", "123", True),
    ("citation.doi", "10.\u0661\u0661\u0668\u0666/abc", False),
    ("citation.doi", "10.1186/ab\ufeffc", False),
    ("citation.doi", "\ufeff10.1186/abc", False),
    ("citation.doi", "10.1186/abc", True),
    # ids Windows cannot check out
    ("id", "con", False),
    ("id", "nul", False),
    ("id", "aux", False),
    ("id", "com1", False),
    ("id", "lpt9", False),
    ("id", "con-2001", True),
    # text over the loader's limit of 10,000 characters
    ("notes", "x" * 10_001, False),
]


def form_problems(page) -> list[str]:
    """What the form reports: every entry of its list of problems, as 'field: message'."""
    return sorted(
        page.eval_on_selector_all("#lr-summary-list li", "els => els.map(e => e.textContent)")
    )


def validator_problems(text: str, case_id: str) -> list[str]:
    """What `python -m generator validate` reports on cases/<case_id>.yaml holding ``text``."""
    _, diags = validate_text(f"{case_id}.yaml", text.encode("utf-8"), case_id)
    return sorted(f"{d.field}: {d.message}" for d in diags)


@pytest.mark.parametrize(("name", "value", "accepted"), AGREEMENT)
def test_the_form_and_the_validator_give_the_same_verdict(page, base_url, name, value, accepted):
    open_form(page, base_url)
    fill_new_case(page)
    page.fill(f'[name="{name}"]', value)
    text = case_yaml(page)
    case_id = yaml.safe_load(text)["id"] or "okada-2020"
    said = validator_problems(text, case_id)
    assert form_problems(page) == said
    assert (said == []) is accepted, said
    assert (page.get_attribute("#propose", "aria-disabled") is None) is accepted


def test_a_file_over_64_kb_gets_the_same_verdict(page, base_url):
    open_form(page, base_url)
    fill_new_case(page)
    for name in ("citation.note", "location.description", "outcome", "notes"):
        page.fill(f'[name="{name}"]', EMOJI_TEXT)
    text = case_yaml(page)
    assert len(text.encode("utf-8")) > 64 * 1024
    said = validator_problems(text, "okada-2020")
    assert len(said) == 1 and said[0].startswith("-: file is ")
    assert form_problems(page) == said
    page.fill('[name="notes"]', "")  # back under the limit: accepted by both
    assert validator_problems(case_yaml(page), "okada-2020") == form_problems(page) == []


def test_numbers_are_written_in_plain_decimal(page, base_url):
    open_form(page, base_url)
    fill_new_case(page)
    page.fill('[name="patient.age_years"]', "0.0000001")
    assert "\n  age_years: 0.0000001\n" in case_yaml(page)
    assert yaml.safe_load(case_yaml(page))["patient"]["age_years"] == 1e-7
    plain = page.evaluate("[1e-7, 1.5e-10, 2e21, -3e-7, 61, 0.5].map(LRSubmit.plainNumber)")
    assert plain == [
        "0.0000001",
        "0.00000000015",
        "2000000000000000000000",
        "-0.0000003",
        "61",
        "0.5",
    ]


# -- found_by: what a new case may name, and what a correction keeps ------------------------------


def test_found_by_offers_only_open_routes_and_keeps_a_corrections_own(page, base_url):
    open_form(page, base_url)
    offered = page.eval_on_selector_all('input[name="found_by"]', "els => els.map(e => e.value)")
    assert offered == ["contributed"]  # the 2016 search is released, the source's case closed
    assert page.is_checked('input[name="found_by"][value="contributed"]')
    labels = page.eval_on_selector_all(
        '[data-name="found_by"] label', "els => els.map(e => e.textContent)"
    )
    assert len(labels) == len(set(labels)) and "Outside a search" not in " ".join(labels)
    open_form(page, base_url, "?case=guo-2017")
    kept = page.locator('input[name="found_by"][value="guo-2017-own-case"]')
    assert kept.is_checked()
    assert "The source's own case" in page.text_content('[data-name="found_by"]')
    assert yaml.safe_load(case_yaml(page))["found_by"] == "guo-2017-own-case"


# -- nothing typed is lost -------------------------------------------------------------------------


def assert_holds_new_case(page) -> None:
    for name, value in NEW_CASE.items():
        assert page.input_value(f'[name="{name}"]') == value, name
    assert page.input_value('[name="id"]') == "okada-2020"
    assert page.input_value('[name="notes"]') == "Typed before proposing."
    for name, value in [
        ("patient.sex", "F"),
        ("found_by", "contributed"),
        ("causes", "HD"),
        ("treatments", "resection"),
        ("treatments", "laminectomy"),
    ]:
        assert page.is_checked(f'input[name="{name}"][value="{value}"]'), (name, value)


def github_stub(context) -> list[str]:
    """Serve GitHub's pages from a stub (the test never reaches GitHub); return the URLs asked."""
    asked: list[str] = []

    def answer(route, request):
        asked.append(request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>GitHub stub</title>")

    context.route("https://github.com/**", answer)
    return asked


def test_propose_opens_a_new_tab_and_every_field_comes_back(page, base_url):
    asked = github_stub(page.context)
    open_form(page, base_url)
    fill_new_case(page)
    page.fill('[name="notes"]', "Typed before proposing.")
    assert page.get_attribute("#propose", "target") == "_blank"
    assert page.get_attribute("#propose", "rel") == "noopener"
    with page.expect_popup() as popup:
        page.click("#propose")
    github = popup.value
    github.wait_for_load_state()
    assert github.url.startswith("https://github.com/") and "cases%2Fokada-2020.yaml" in github.url
    assert asked and page.url.endswith("/submit/")  # the form's tab did not move
    github.close()
    assert_holds_new_case(page)
    # come back after leaving the page, and after a reload: every field from the draft
    page.goto(f"{base_url}about/")
    page.go_back()
    page.wait_for_selector("#lr-submit[data-ready]")
    assert_holds_new_case(page)
    page.reload()
    page.wait_for_selector("#lr-submit[data-ready]")
    assert_holds_new_case(page)


def test_two_tabs_keep_their_own_drafts(page, base_url):
    open_form(page, base_url)
    page.fill('[name="citation.first_author"]', "Okada")
    other = page.context.new_page()
    open_form(other, base_url)
    assert other.input_value('[name="citation.first_author"]') == ""
    assert other.is_visible("#lr-drafts")  # told that another tab holds a draft
    assert "Okada" in other.text_content("#lr-drafts")
    other.fill('[name="citation.first_author"]', "Tanaka")
    other.click("#lr-clear")  # clearing one tab's draft leaves the other's
    other.fill('[name="citation.first_author"]', "Tanaka")
    for tab, name in ((page, "Okada"), (other, "Tanaka")):
        tab.reload()
        tab.wait_for_selector("#lr-submit[data-ready]")
        assert tab.input_value('[name="citation.first_author"]') == name
    # a third tab may take a draft over: then it is that tab's, and nothing is lost
    third = page.context.new_page()
    open_form(third, base_url)
    third.click("#lr-drafts button[data-draft] >> nth=0")
    assert third.input_value('[name="citation.first_author"]') in ("Okada", "Tanaka")
    other.close()
    third.close()


def test_clear_can_be_undone(page, base_url):
    open_form(page, base_url)
    fill_new_case(page)
    page.click("#lr-clear")
    assert page.input_value('[name="citation.first_author"]') == ""
    assert page.is_visible("#lr-undo")
    page.click("#lr-undo")
    assert page.input_value('[name="citation.first_author"]') == "Okada"
    assert page.is_checked('input[name="causes"][value="HD"]')
    assert page.is_hidden("#lr-undo")


def visible_errors(page) -> list[str]:
    return page.eval_on_selector_all(
        ".lr-error:not([hidden])", "els => els.map(e => e.id + ': ' + e.textContent)"
    )


def test_errors_wait_for_a_touch_or_a_request(page, base_url):
    open_form(page, base_url)
    assert visible_errors(page) == [] and page.is_hidden("#lr-summary")
    page.fill('[name="patient.age_years"]', "250")
    judged(page)
    assert visible_errors(page) == ["f-patient-age_years-error: must be at most 120, got 250"]
    assert page.is_hidden("#lr-summary")
    # the action that lists every problem is reached with the keyboard
    page.focus("#case-yaml")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "propose"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'lr-summary'")
    assert page.is_visible("#lr-summary")
    assert len(visible_errors(page)) > 1


def test_focus_lands_on_download_when_the_file_is_too_long_for_a_link(page, base_url):
    open_form(page, base_url)
    fill_new_case(page)
    page.fill('[name="notes"]', "\u00e9" * 2000)  # 12,000 characters once in a link
    assert form_problems(page) == []
    page.focus("#propose")  # withdrawn (aria-disabled), yet in the tab order and working
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'lr-download'")
    assert page.is_visible("#lr-download")
    assert "too long to travel in a link" in page.text_content("#lr-propose-why")


def test_a_long_correction_reason_is_reported_where_it_was_typed(page, base_url):
    open_form(page, base_url, "?case=blay-2001")
    page.fill('[name="patient.age_years"]', "45")
    page.fill("#lr-change-reason", "y" * 5000)
    judged(page)
    prefix = "Corrected patient.age_years. "
    error = page.text_content("#lr-change-reason-error")
    assert error == (
        f"is 5,000 characters long; the limit is {5000 - len(prefix):,} "
        f"(the form adds {len(prefix)} characters before it)"
    )
    assert page.get_attribute("#lr-change-reason", "aria-invalid") == "true"
    assert "changes[" not in page.text_content("#lr-summary")
    # the validator refuses the same file, at the description the form wrote
    said = validator_problems(case_yaml(page), "blay-2001")
    assert [p.split(":")[0] for p in said] == ["changes[0].description"]
    page.fill("#lr-change-reason", "y" * (5000 - len(prefix)))
    assert page.text_content("#lr-change-reason-error") == ""
    assert validator_problems(case_yaml(page), "blay-2001") == []
