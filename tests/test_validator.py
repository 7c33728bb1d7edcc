"""Invalid case files: each fixture gives the diagnostics it must, with file, line and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.model.validate import validate_paths, validate_text

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


def test_every_fixture_has_expectations():
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml") if p.name != "expected.yaml") == sorted(
        EXPECTED
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture(name):
    case, diags = validate_text(
        f"{name}.yaml", (FIXTURES / f"{name}.yaml").read_bytes(), expected_id=name
    )
    assert case is None
    got = [(d.line, d.column, d.field, d.message) for d in diags]
    for line, column, field, words in EXPECTED[name]:
        assert any((g[0], g[1], g[2]) == (line, column, field) and words in g[3] for g in got), (
            f"expected {line}:{column}: {field}: ...{words}... in {got}"
        )
    assert all(d.path == f"{name}.yaml" for d in diags)


def test_all_errors_in_one_file_are_reported(root):
    text = (root / "cases" / "sasaki-2015.yaml").read_text(encoding="utf-8")
    text = text.replace("age_years: 90", "age_years: 300").replace("levels: C3-C5", "levels: C9")
    text = text.replace("causes: [NP]", "causes: [NPP]")
    _, diags = validate_text("x.yaml", text.encode())
    assert [d.field for d in diags] == ["patient.age_years", "location.levels", "causes[0]"]


def test_duplicate_ids_across_folders(tmp_path, root):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "sasaki-2015.yaml").write_bytes(
            (root / "cases" / "sasaki-2015.yaml").read_bytes()
        )
    result = validate_paths([tmp_path / "a", tmp_path / "b"])
    assert len(result.cases) == 1
    [dup] = result.errors
    assert dup.field == "id" and "duplicate id 'sasaki-2015'" in dup.message
    assert dup.path.endswith("b/sasaki-2015.yaml") and "a/sasaki-2015.yaml" in dup.message
    assert dup.line == 2


def test_file_names_must_be_slugs_and_yaml(tmp_path, root):
    body = (root / "cases" / "sasaki-2015.yaml").read_bytes()
    (tmp_path / "Sasaki 2015.yaml").write_bytes(body)
    (tmp_path / "sasaki-2015.yml").write_bytes(body)
    messages = sorted(d.message for d in validate_paths([tmp_path]).errors)
    assert any("file name must be a lowercase slug" in m for m in messages)
    assert any("end in .yaml, not .yml" in m for m in messages)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_clean_summary(root):
    done = run_cli("validate", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok: 32 cases valid"


def test_cli_reports_every_bad_file_at_once_without_traceback(root, tmp_path):
    for name in ("unknown-cause", "python-tag", "not-utf8", "billion-laughs"):
        (tmp_path / f"{name}.yaml").write_bytes((FIXTURES / f"{name}.yaml").read_bytes())
    done = run_cli("validate", str(tmp_path), cwd=root)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in ("unknown-cause", "python-tag", "not-utf8", "billion-laughs"):
        assert any(
            line.startswith(f"{tmp_path}/{name}.yaml:") or f"/{name}.yaml:" in line
            for line in lines
        )
    assert "error(s) in 4 file(s)" in done.stderr


def test_cli_github_annotations(root, tmp_path):
    (tmp_path / "unknown-cause.yaml").write_bytes((FIXTURES / "unknown-cause.yaml").read_bytes())
    done = run_cli("validate", "--format", "github", str(tmp_path), cwd=root)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=")
    assert ",line=20,col=10::causes[0]: unknown cause 'hemodialysis'" in done.stdout


def test_billion_laughs_is_fast():
    import time

    start = time.perf_counter()
    validate_text("x.yaml", (FIXTURES / "billion-laughs.yaml").read_bytes())
    # refused before any expansion: far below the "few seconds" contributors may wait
    assert time.perf_counter() - start < 2


ASCII_ONLY = [
    ("levels: C3-C5", "levels: L\u0665", "location.levels", "expected a level such as 'L4'"),
    ("levels: C3-C5", "levels: L\uff15", "location.levels", "expected a level such as 'L4'"),
    ("pmid: null", "pmid: '1\u0662\u0663'", "citation.pmid", "must be a PubMed ID"),
    ("doi: null", "doi: '10.\u0661\u0661\u0668\u0666/x'", "citation.doi", "must be a bare DOI"),
    ("doi: null", 'doi: "10.1186/ab\\ufeffc"', "citation.doi", "must be a bare DOI"),
    ("doi: null", 'doi: "10.1186/ab\\u3000c"', "citation.doi", "must be a bare DOI"),
]


@pytest.mark.parametrize(("old", "new", "field", "words"), ASCII_ONLY)
def test_digits_are_ascii_and_a_doi_ends_at_any_space(root, old, new, field, words):
    """Python's \\d matches '٥' and '５', and pydantic's \\S matches U+FEFF: the browser's do not."""
    text = (root / "cases" / "sasaki-2015.yaml").read_text(encoding="utf-8")
    assert old in text
    _, diags = validate_text("sasaki-2015.yaml", text.replace(old, new).encode(), "sasaki-2015")
    assert [(d.field, words in d.message) for d in diags] == [(field, True)]


@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_windows_device_names_are_refused_as_ids_and_file_names(root, tmp_path, name):
    text = (root / "cases" / "sasaki-2015.yaml").read_text(encoding="utf-8")
    text = text.replace("id: sasaki-2015\n", f"id: {name}\n", 1)
    _, diags = validate_text(f"{name}.yaml", text.encode(), name)
    assert [d.field for d in diags] == ["id"]
    assert diags[0].message.startswith(f"'{name}' is a device name on Windows")
    assert f"cases/{name}.yaml could not be checked out there" in diags[0].message
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    messages = [d.message for d in validate_paths([tmp_path]).diagnostics]
    [message] = messages  # the file name, not again the id that equals it
    assert message.startswith(f"file name '{name}' is a device name on Windows")
    # a reserved name with a suffix names a file Windows accepts
    ok = text.replace(f"id: {name}\n", f"id: {name}-2001\n", 1)
    assert validate_text(f"{name}-2001.yaml", ok.encode(), f"{name}-2001")[1] == []
