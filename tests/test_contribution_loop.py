"""The loop a contribution goes through: a one-file pull request validates with no other edit, one
mistake gives one error at its line, a renamed case keeps its search, and what a release
requires (versions that are releases, published cases that say when) is checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, reference_review


def validate(project: Path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_case(project: Path, case_id: str, found_by: str) -> Path:
    """A new case, as a contributor writes it: a copy of sasaki-2015 under another id."""
    text = (project / "cases" / "sasaki-2015.yaml").read_text(encoding="utf-8")
    text = text.replace("id: sasaki-2015", f"id: {case_id}").replace(
        "added_in: 1.0.0", "added_in: null"
    )
    text = text.replace("first_author: Sasaki", "first_author: Okada").replace(
        "year: 2015", "year: 2020"
    )
    text = text.replace("found_by: guo-2017-pubmed", f"found_by: {found_by}")
    path = project / "cases" / f"{case_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_contributed_case_alone_validates(project):
    new_case(project, "okada-2020", "contributed")
    assert validate(project) == (0, ["ok: 33 cases valid"])


def test_one_mistake_gives_one_error_at_its_line(project):
    edit(project / "cases" / "sasaki-2015.yaml", "age_years: 90", "age_years: 250")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "cases/sasaki-2015.yaml:18:14: patient.age_years: must be at most 120, got 250"
    ]


def test_an_unreadable_found_by_is_one_error_too(project):
    edit(project / "cases" / "sasaki-2015.yaml", "found_by: guo-2017-pubmed", "found_by: [1, 2]")
    code, lines = validate(project)
    assert code == 1 and len(lines) == 1 and lines[0].startswith("cases/sasaki-2015.yaml:31:")


def test_a_successor_that_is_invalid_is_still_there(project):
    """A tombstone whose successor has a mistake: only the mistake is reported."""
    new_case(project, "okada-2020", "contributed")
    edit(project / "cases" / "okada-2020.yaml", "age_years: 90", "age_years: 250")
    edit(
        project / "cases" / "durant-2001-a.yaml",
        "discrepancies:",
        "withdrawn:\n  reason: Duplicate of okada-2020.\n  successor: okada-2020\ndiscrepancies:",
    )
    code, lines = validate(project)
    assert code == 1 and [line.split(":")[0] for line in lines] == ["cases/okada-2020.yaml"]


def test_a_renamed_case_keeps_its_search(project):
    """Renaming: the old file stays as a tombstone naming its successor, both found by the same
    search, which still counts the case once."""
    cases = project / "cases"
    text = (cases / "sasaki-2015.yaml").read_text(encoding="utf-8")
    renamed = text.replace("id: sasaki-2015", "id: sasaki-2015-a").replace(
        "added_in: 1.0.0", "added_in: null"
    )
    (cases / "sasaki-2015-a.yaml").write_text(renamed, encoding="utf-8")
    edit(
        cases / "sasaki-2015.yaml",
        "discrepancies: []",
        "discrepancies: []\nwithdrawn:\n  reason: Renamed to sasaki-2015-a.\n  successor: sasaki-2015-a",
    )
    assert validate(project) == (0, ["ok: 33 cases valid"])


def test_a_merged_duplicate_still_counts_for_its_search(project):
    """Merging: a published case withdrawn into another published case found by the same search
    is history, still counted by the search (which did find it)."""
    edit(
        project / "cases" / "durant-2001-a.yaml",
        "discrepancies:",
        "withdrawn:\n  reason: Same patient as durant-2001-b.\n  successor: durant-2001-b\n"
        "discrepancies:",
    )
    assert validate(project) == (0, ["ok: 32 cases valid"])


@pytest.mark.parametrize(
    ("found_by", "message"),
    [
        ("guo-2017-own-case", "'guo-2017-own-case' is closed to new cases"),
        ("guo-2017-pubmed", "search 'guo-2017-pubmed' was published in version 1.0.0"),
    ],
)
def test_a_new_case_cannot_name_a_closed_route(project, found_by, message):
    new_case(project, "okada-2020", found_by)
    code, lines = validate(project)
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("cases/okada-2020.yaml:31:11: found_by: " + message), lines


def test_versions_must_be_releases(project):
    edit(project / "cases" / "sasaki-2015.yaml", "added_in: 1.0.0", "added_in: 1.1.0")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "cases/sasaki-2015.yaml:3:11: added_in: version 1.1.0 is not a release of review.yaml"
    ]


def test_a_published_case_says_which_version_added_it(project):
    edit(project / "cases" / "sasaki-2015.yaml", "added_in: 1.0.0", "added_in: null")
    code, lines = validate(project)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("cases/sasaki-2015.yaml:3:11: added_in: the case is published")


def test_a_new_case_is_not_added_in_a_past_release(project):
    path = new_case(project, "okada-2020", "contributed")
    edit(path, "added_in: null", "added_in: 1.0.0")
    code, lines = validate(project)
    assert code == 1 and len(lines) == 1
    assert "but the case is not in published-ids.txt" in lines[0], lines


def test_a_search_with_published_cases_names_its_version(project):
    edit(
        project / "review.yaml",
        "    version: 1.0.0\n    databases:",
        "    version: null\n    databases:",
    )
    code, lines = validate(project)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("review.yaml:")
    assert "searches[0].version: its cases are published" in lines[0]


def test_release_mode_wants_everything_released(project):
    assert validate(project, "--release") == (0, ["ok: 32 cases valid"])
    new_case(project, "okada-2020", "contributed")
    assert validate(project)[0] == 0
    code, lines = validate(project, "--release")
    assert code == 1
    assert lines == [
        "cases/okada-2020.yaml:3:11: added_in: set the version that releases this (1.0.0)",
    ]


def test_the_tests_of_this_review_read_its_released_cases(tmp_path):
    """A pull request that adds a case passes `make test` with no other edit: the tests that know
    this review's figures read a copy holding only the cases released in 1.0.0, while
    tests/review/test_cases.py validates every file of cases/."""
    repo = tmp_path / "repo"
    (repo / "cases").mkdir(parents=True)
    for path in (REPO / "cases").glob("*.yaml"):
        shutil.copy(path, repo / "cases" / path.name)
    new_case(repo, "okada-2020", "contributed")
    copy = reference_review(tmp_path / "copy", source=repo)
    names = sorted(p.stem for p in (copy / "cases").glob("*.yaml"))
    assert len(names) == 32 and "okada-2020" not in names and "sasaki-2015" in names


def test_validate_refuses_unknown_figures_and_placeholders_in_review_yaml(project):
    """review.yaml's texts and its sources' figures name summary figures of model.yaml: a name
    the model does not declare is refused by validate, at its line, before any build."""
    edit(project / "review.yaml", "      resection: 21", "      resections: 21")
    edit(project / "review.yaml", "{lumbar} involved", "{lumbr} involved")
    code, lines = validate(project)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith("review.yaml:") and "unknown summary figure 'lumbr'" in lines[0]
    assert "sources[0].figures.resections: unknown summary figure 'resections'" in lines[1]
