"""Literature searches: counts that must agree, screening logs, `search new`, the PRISMA 2020
flow of an update, the search status, the news and the feed.

The update used here (tests/fixtures/search-update/) is fictitious: no real report or patient.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.model import searches
from generator.model.review import read_review
from generator.model.validate import validate_paths
from generator.pages import prisma
from generator.pages.pipeline import build
from generator.releases.versions import record_published

UPDATE = Path(__file__).parent / "fixtures" / "search-update"
ATOM = "{http://www.w3.org/2005/Atom}"
SEARCH_ID = "search-2026-11-01"


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> tuple[int, int]:
    """The line of ``key: value`` in a file, and the column of its value."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number, line.index(text) + text.index(": ") + 3
    raise AssertionError(text)


def test_source_search_keeps_its_figures_and_validates(root, result):
    read = read_review(root)
    assert read.diagnostics == []
    logs, diags = searches.check(root, read, result)
    assert diags == [] and logs == {}
    first = read.review.searches[0]
    assert (first.records_identified, first.cases_assessed, first.excluded_total) == (28, 48, 17)
    assert first.cases_included == 31 and not read.review.outside_searches[0].open
    assert {c.found_by for c in result.cases} == {"guo-2017-pubmed", "guo-2017-own-case"}
    assert next(c for c in result.cases if c.id == "guo-2017").found_by == "guo-2017-own-case"


def test_changing_cases_included_by_five_fails_validate_at_its_line(project):
    review = project / "review.yaml"
    edit(review, "cases_included: 31", "cases_included: 36")
    line, col = line_of(review, "cases_included: 36")
    done = cli(project, "validate")
    assert done.returncode == 1
    assert f"review.yaml:{line}:{col}: searches[0].cases_included: " in done.stdout
    assert "minus the cases excluded (17) is 31, but cases_included is 36" in done.stdout
    assert "but 31 case file(s) name 'guo-2017-pubmed'" in done.stdout


def test_a_case_naming_an_unknown_search_fails_at_its_line(project):
    case = project / "cases" / "wong-2013.yaml"
    edit(case, "found_by: guo-2017-pubmed", "found_by: guo-2017-pubmd")
    line, _ = line_of(case, "found_by: guo")
    done = cli(project, "validate", "cases/wong-2013.yaml")
    assert done.returncode == 1
    assert f"cases/wong-2013.yaml:{line}:11: found_by: unknown search 'guo-2017-pubmd'" in (
        done.stdout
    )
    assert "did you mean 'guo-2017-pubmed'?" in done.stdout


def test_dates_in_order_and_not_in_the_future(project, result):
    edit(project / "review.yaml", '"2016-06-29"', '"2099-01-01"')
    read = read_review(project)
    _, diags = searches.check(project, read, result, today=datetime.date(2026, 11, 25))
    [future] = diags
    assert future.field == "searches[0].date" and "2099-01-01 is in the future" in future.message


def test_search_new_placeholders_then_a_filled_update_builds(project):
    done = cli(project, "search", "new", "--date", "2026-11-01")
    assert done.returncode == 0, done.stderr
    steps = " ".join(done.stdout.split())
    for words in (
        "wrote searches/search-2026-11-01.yaml",
        "Record every report screened in searches/search-2026-11-01.yaml",
        "found_by set to search-2026-11-01",
        "Release it as a MAJOR version, 2.0.0",
    ):
        assert words in steps, words
    review = project / "review.yaml"
    # the validator flags every placeholder, each at its line in review.yaml
    done = cli(project, "validate")
    assert done.returncode == 1
    todo = [ln for ln in done.stdout.splitlines() if "fill in this field" in ln]
    fields = {ln.split(": ")[1] for ln in todo}
    assert fields == {
        f"searches[1].{name}"
        for name in (
            "run_by",
            "query",
            "records_identified",
            "cases_assessed",
            "cases_excluded",
            "cases_included",
        )
    } | {"searches[1].databases[0]"}
    lines = review.read_text(encoding="utf-8").splitlines()
    for diag in todo:
        line, col = map(int, re.match(r"review\.yaml:(\d+):(\d+): ", diag).groups())
        assert lines[line - 1][col - 1 :].startswith("TODO"), diag

    fill_update(project)
    done = cli(project, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: 34 cases valid" in done.stdout

    site = build(project)
    check_update_pages(site)
    from frictionless import validate

    from tests.test_versions import write_files

    report = validate(str(write_files(site, project / "out")))
    assert report.valid, report.flatten(["type", "note"])


def fill_update(project: Path) -> None:
    """Fill the entry with the fictitious update: its log, two cases and release 2.0.0."""
    review = project / "review.yaml"
    for old, new in (
        ("run_by: TODO", "run_by: Test fixture (fictitious)"),
        ("databases: [TODO]", "databases: [PubMed]"),
        ("query: TODO", 'query: "tumoral calcinosis AND spine"'),
        ("records_identified: TODO", "records_identified: 4"),
        ("cases_assessed: TODO", "cases_assessed: 4"),
        (
            "cases_excluded: TODO",
            "cases_excluded: [{reason: no-treatment, cases: 1}, {reason: dystrophic, cases: 1}]",
        ),
        ("cases_included: TODO", "cases_included: 2"),
        ("version: null               #", "version: 2.0.0               #"),
        (
            "releases:\n",
            'releases:\n  - version: 2.0.0\n    date: "2026-11-20"\n'
            '    summary: "Fictitious test update."\n',
        ),
    ):
        edit(review, old, new)
    shutil.copy(UPDATE / f"{SEARCH_ID}.yaml", project / "searches" / f"{SEARCH_ID}.yaml")
    for case in (UPDATE / "cases").glob("*.yaml"):
        shutil.copy(case, project / "cases" / case.name)
    # the release records the ids it publishes (make release-files)
    record_published(project, {p.stem for p in (UPDATE / "cases").glob("*.yaml")})


def check_update_pages(site) -> None:
    methods = site.pages["methods.md"]
    assert "PRISMA 2020" in methods
    assert "2016-06-29" in methods and "2026-11-01" in methods
    # the first search as before
    assert "Cases excluded: <strong>17</strong>" in methods
    assert "Cases in the review: <strong>32</strong>" in methods
    # the update in the layout for updated reviews
    update = methods[methods.index(f'id="search-{SEARCH_ID}"') :]
    for words in (
        "PRISMA 2020 flow for an updated review",
        "Cases included in the previous version of the review:<br><strong>32</strong>",
        "New records identified in PubMed (2026-11-01):<br><strong>4 records</strong>",
        "Records excluded (no case to assess): <strong>1</strong>",
        "Not a case of tumoral calcinosis of the spine: 1",
        "Cases assessed for eligibility:<br><strong>4</strong>",
        "No detailed information on treatment: 1",
        "New cases included: <strong>2</strong>",
        "Total cases in the review: <strong>34</strong>",
        "PRISMA 2020 flow for the update of 2026-11-01: 32 cases included in the previous",
        'href="../data/screening-search-2026-11-01.csv"',
        'href="../cases/fictitious-2026/"',
    ):
        assert words in update, words
    case = site.pages["cases/fictitious-2026.md"]
    assert f'<a href="../../methods/#search-{SEARCH_ID}">the search of 2026-11-01</a>' in case
    # status: dated by the release, not the clock
    for page in (methods, site.pages["index.md"]):
        assert "Last literature search: 2026-11-01" in page
        assert "planned for 2027-11-01 (as of 2026-11-20" in page
    # news and feed
    news = site.pages["whats-new.md"]
    v2 = news[news.index("Version 2.0.0") : news.index("Version 1.0.0")]
    assert f'href="../methods/#search-{SEARCH_ID}">Search update of 2026-11-01</a>' in v2
    assert "<strong>2 included</strong>" in v2 and "2 cases added" in v2
    feed = ET.fromstring(site.files["feed.xml"])
    first = feed.findall(f"{ATOM}entry")[0]
    assert first.find(f"{ATOM}title").text.startswith("Literature search update of 2026-11-01")
    assert first.find(f"{ATOM}link").get("href").endswith(f"/2.0.0/methods/#search-{SEARCH_ID}")
    assert first.find(f"{ATOM}updated").text == "2026-11-20T00:00:00Z"
    # the log is a data file, listed in the data package
    csv = site.files[f"data/screening-{SEARCH_ID}.csv"].decode()
    assert csv.count("\n") == 5 and "fictitious-2026" in csv
    package = json.loads(site.files["data/datapackage.json"])
    assert f"screening-{SEARCH_ID}" in {r["name"] for r in package["resources"]}


def test_screening_log_disagreeing_with_the_search_is_reported(project):
    assert cli(project, "search", "new", "--date", "2026-11-01").returncode == 0
    fill_update(project)
    edit(project / "review.yaml", "records_identified: 4", "records_identified: 5")
    log = project / "searches" / f"{SEARCH_ID}.yaml"
    edit(log, "reason: dystrophic", "reason: dystrofic")
    done = cli(project, "validate")
    assert done.returncode == 1
    assert f"searches[1].records_identified: records_identified is 5, but searches/{SEARCH_ID}" in (
        done.stdout
    )
    assert (
        "records[3].reason: unknown exclusion reason 'dystrofic': did you mean 'dystrophic'?"
        in (done.stdout)
    )


def test_update_due_is_stated_as_of_the_release(root):
    site = build(root)
    for page in (site.pages["methods.md"], site.pages["index.md"]):
        assert "Last literature search: 2016-06-29" in page
        assert "An update has been due since 2017-06-29" in page
        assert (
            "as of 2026-11-24 (the release date of version 1.0.0) the last search is 10 years old"
            in page
        )
        assert "contributing/#run-a-search-update" in page
    assert "## Run a search update" in (root / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_add_months():
    assert prisma.add_months(datetime.date(2016, 6, 29), 12) == datetime.date(2017, 6, 29)
    assert prisma.add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert prisma.add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)


def test_validate_paths_keeps_found_by_positions(root):
    result = validate_paths([root / "cases" / "sasaki-2015.yaml"])
    assert result.positions["sasaki-2015"][("found_by",)][0] > 1


def test_search_new_refuses_an_old_date_and_a_taken_id(project):
    done = cli(project, "search", "new", "--date", "2016-06-29")
    assert done.returncode == 1 and "after the last search (guo-2017-pubmed" in done.stderr
    done = cli(project, "search", "new", "--date", "2026-11-01", "--id", "guo-2017-own-case")
    assert done.returncode == 1 and "already the id of a search" in done.stderr
    done = cli(project, "search", "new", "--date", "1 Nov 2026")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
    assert not (project / "searches").exists()


def test_search_new_appends_when_searches_is_the_last_key(project):
    from generator.releases.search_new import start_search

    review = project / "review.yaml"
    text = review.read_text(encoding="utf-8")
    block = text[text.index("searches:\n") : text.index("# Cases in the review that no")]
    text = text.replace(block, "") + "\n# the searches, last\n" + block.replace("\n  ", "\n")
    review.write_text(text, encoding="utf-8")  # top-level list items at column 0
    assert read_review(project).diagnostics == []
    started = start_search(project, datetime.date(2026, 11, 1))
    value = read_review(project).loaded.value
    # the new search goes after the searches that ran, before the planned one
    ids = [s["id"] for s in value["searches"]]
    assert ids == ["guo-2017-pubmed", started.search_id, "pubmed-update-1"]
    assert (project / started.log).read_text().startswith("# Screening log of the search")


def test_an_impossible_date_is_a_diagnostic(project):
    edit(project / "review.yaml", '"2016-06-29"', '"2016-02-30"')
    [diag] = read_review(project).diagnostics
    assert diag.field == "searches[0].date" and "'2016-02-30' is not a date" in diag.message


def test_a_log_no_search_names_is_a_warning(project):
    (project / "searches").mkdir()
    (project / "searches" / "orphan.yaml").write_text("search: orphan\nrecords: []\n")
    done = cli(project, "validate")
    assert done.returncode == 0, done.stdout
    assert "searches/orphan.yaml:1:1: warning: no search of review.yaml names this" in (done.stdout)
