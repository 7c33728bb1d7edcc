"""Contributing a case: the scaffold, the TODO check and likely-duplicate detection."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model.validate import validate_paths
from generator.scaffold import free_id, slugify

FILLED = {
    "sex: TODO": "sex: F",
    "age_years: TODO": "age_years: 61",
    "levels: TODO": "levels: T11-T12",
    "causes: [TODO]": "causes: [HD]",
    "treatments: [TODO]": "treatments: [resection, laminectomy]",
    "where: TODO": "where: Case report, first paragraph",
    "found_by: TODO": "found_by: contributed",
}


def new(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "new", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def project(tmp_path, root):
    (tmp_path / "cases").mkdir()
    shutil.copy(root / "model.yaml", tmp_path / "model.yaml")  # the review declares its fields
    for name in ("durant-2001-a.yaml", "durant-2001-b.yaml", "wong-2013.yaml"):
        shutil.copy(root / "cases" / name, tmp_path / "cases" / name)
    return tmp_path


def test_slug_and_free_ids():
    assert slugify("Rémy-Leroux") == "remy-leroux" and slugify("O'Brien Jr.") == "o-brien-jr"
    assert free_id("Smith", 2020, set()) == "smith-2020"
    assert free_id("Durant", 2001, {"durant-2001-a", "durant-2001-b"}) == "durant-2001-c"
    # an unsuffixed published id keeps its URL and counts as the paper's first case
    assert free_id("Sasaki", 2015, {"sasaki-2015"}) == "sasaki-2015-b"
    assert free_id("Sasaki", 2015, {"sasaki-2015", "sasaki-2015-b"}) == "sasaki-2015-c"
    assert free_id("Sasaki", 2016, {"sasaki-2015"}) == "sasaki-2016"


def test_scaffold_fails_only_on_fields_to_fill_then_passes(project):
    done = new(
        project,
        "--first-author",
        "Okada",
        "--year",
        "2020",
        "--doi",
        "https://doi.org/10.1000/test.1",
    )
    assert done.returncode == 0, done.stderr
    path = project / "cases" / "okada-2020.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert 'doi: "10.1000/test.1"' in text
    # every field line carries a comment saying what goes there
    field_lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert all("#" in ln for ln in field_lines if not ln.rstrip().endswith(":"))

    result = validate_paths([project / "cases"])
    fields = sorted(d.field for d in result.errors if d.path.endswith("okada-2020.yaml"))
    assert fields == sorted(
        [
            "patient.sex",
            "patient.age_years",
            "location.levels",
            "causes[0]",
            "treatments[0]",
            "provenance.where",
            "found_by",
        ]
    )
    assert all("fill in this field" in d.message for d in result.errors)

    for old, filled in FILLED.items():
        text = text.replace(old, filled)
    path.write_text(text, encoding="utf-8")
    result = validate_paths([project / "cases"])
    assert result.errors == [], [d.format() for d in result.errors]
    assert "okada-2020" in [c.id for c in result.cases]


def test_scaffold_picks_the_next_suffix_and_refuses_an_existing_id(project):
    done = new(project, "--first-author", "Durant", "--year", "2001")
    assert done.returncode == 0 and (project / "cases" / "durant-2001-c.yaml").exists()
    done = new(project, "--first-author", "Wong", "--year", "2013", "--id", "wong-2013")
    assert done.returncode == 1 and "exists already" in done.stderr
    done = new(project, "--year", "2013")
    assert done.returncode != 0 and "First author's surname is required" in done.stderr


def case_text(root: Path, name: str) -> str:
    return (root / "cases" / name).read_text(encoding="utf-8")


def test_duplicate_doi_and_same_patient_is_an_error(tmp_path, root):
    (tmp_path / "wong-2013.yaml").write_text(case_text(root, "wong-2013.yaml"), encoding="utf-8")
    (tmp_path / "wong-2013-b.yaml").write_text(
        case_text(root, "wong-2013.yaml").replace("id: wong-2013", "id: wong-2013-b"),
        encoding="utf-8",
    )
    result = validate_paths([tmp_path])
    [err] = result.errors
    assert err.path.endswith("wong-2013.yaml") or err.path.endswith("wong-2013-b.yaml")
    assert err.field == "citation.doi" and "duplicate of" in err.message
    assert "same DOI and the same patient" in err.message
    assert err.line == 13 and "wong-2013-b.yaml" in err.message


def test_same_doi_other_patient_is_a_warning(tmp_path, root):
    (tmp_path / "wong-2013.yaml").write_text(case_text(root, "wong-2013.yaml"), encoding="utf-8")
    other = (
        case_text(root, "wong-2013.yaml")
        .replace("id: wong-2013", "id: wong-2013-b")
        .replace("age_years: 77", "age_years: 40")
    )
    (tmp_path / "wong-2013-b.yaml").write_text(other, encoding="utf-8")
    result = validate_paths([tmp_path])
    assert result.errors == []
    [warn] = result.diagnostics
    assert (
        warn.severity == "warning" and "same DOI as" in warn.message and "wong-2013" in warn.message
    )
    assert warn.format().split(": ", 2)[1] == "warning"


def test_same_author_year_and_patient_is_a_warning(tmp_path, root):
    (tmp_path / "sasaki-2015.yaml").write_text(
        case_text(root, "sasaki-2015.yaml"), encoding="utf-8"
    )
    (tmp_path / "sasaki-2015-b.yaml").write_text(
        case_text(root, "sasaki-2015.yaml").replace("id: sasaki-2015", "id: sasaki-2015-b"),
        encoding="utf-8",
    )
    result = validate_paths([tmp_path])
    [warn] = result.diagnostics
    assert warn.severity == "warning" and "looks like a duplicate of" in warn.message
    assert warn.path.endswith("sasaki-2015.yaml") or warn.path.endswith("sasaki-2015-b.yaml")


def test_the_32_cases_have_no_likely_duplicates(result):
    assert result.diagnostics == []
