"""Hostile and broken input: every bad file gets a positioned message (and the catalogue in
docs/bad-input.md is what contributors really see), the loader survives fuzzing, and a build
killed half-way leaves the last good site."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.model.load import MAX_BYTES, MAX_STRING
from generator.model.validate import review_case, validate_paths, validate_text
from tests.test_site import copy_project, run_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
DOC = ROOT / "docs" / "bad-input.md"
POSITIONED = re.compile(r"^(?P<path>.+?):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (warning: )?\S.+")


def valid_text(case_id: str = "sasaki-2015") -> str:
    """A valid case file (the fixtures' base, so that positions in messages stay put)."""
    text = (FIXTURES / "sex-no.yaml").read_text(encoding="utf-8")
    return text.replace("sex: no", "sex: F").replace("id: sex-no", f"id: {case_id}")


def generated() -> dict[str, bytes]:
    """Bad files too big to commit, or whose badness is their name (built here, not stored)."""
    body = valid_text().encode()
    return {
        "oversized.yaml": b"# " + b"x" * MAX_BYTES + b"\n",
        "long-string.yaml": valid_text("long-string")
        .replace("notes: null", "notes: " + "x" * (MAX_STRING + 1))
        .encode(),
        "Sasaki 2015.yaml": body,  # not a slug; its id then clashes with the next file's
        "sasaki-2015.yaml": body,
        "sasaki-2015.yml": body,
        "notes.txt": b"a stray file\n",
        "con.yaml": valid_text("con").encode(),  # a Windows device name: no checkout there
    }


def bad_folder(dest: Path) -> Path:
    """Every invalid fixture, named as its expected id requires, and the generated bad files."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in EXPECTED:
        (dest / f"{name}.yaml").write_bytes((FIXTURES / f"{name}.yaml").read_bytes())
    for name, data in generated().items():
        (dest / name).write_bytes(data)
    (dest / "linked.yaml").symlink_to("/etc/passwd")  # refused unread, whatever it points at
    return dest


def messages(folder: Path) -> set[str]:
    """Every diagnostic for the folder, as a contributor reads it when it is ``cases/``."""
    case = review_case(ROOT)
    with contextlib.chdir(folder.parent):
        result = validate_paths([Path(folder.name)], case=case)
    return {d.format() for d in result.diagnostics}


# -- the catalogue of bad input ---------------------------------------------------------------


def test_cli_reports_every_bad_file_at_once_positioned_and_without_traceback(tmp_path):
    folder = bad_folder(tmp_path / "cases")
    files = sorted(p.name for p in folder.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(POSITIONED.match(line) for line in lines), [
        line for line in lines if not POSITIONED.match(line)
    ]
    reported = {Path(POSITIONED.match(line)["path"]).name for line in lines}
    assert reported == set(files)  # every file, in one run
    # every file has an error; the one valid case is in the misnamed file
    assert f"error(s) in {len(files)} file(s); 1 valid case(s)" in done.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_fixture_message_is_positioned(name):
    _, diags = validate_text(
        f"cases/{name}.yaml", (FIXTURES / f"{name}.yaml").read_bytes(), expected_id=name
    )
    assert diags
    for d in diags:
        assert POSITIONED.match(d.format()), d.format()
        assert d.path == f"cases/{name}.yaml"


def test_oversized_file_names_the_limit():
    data = generated()["oversized.yaml"]
    case, [d] = validate_text("oversized.yaml", data, expected_id="oversized")
    assert case is None and (d.line, d.column, d.field) == (1, 1, "-")
    assert f"{len(data):,} bytes, over the limit of {MAX_BYTES:,} bytes" in d.message


def test_absurdly_long_string_names_the_limit():
    case, diags = validate_text(
        "long-string.yaml", generated()["long-string.yaml"], expected_id="long-string"
    )
    assert case is None
    assert [(d.field, d.message) for d in diags] == [
        ("notes", f"value is {MAX_STRING + 1:,} characters long; the limit is {MAX_STRING:,}")
    ]


def test_path_traversal_id_is_refused_by_the_slug_rule():
    for bad in ("../../etc/passwd", "../sasaki-2015", "/etc/passwd", "sasaki-2015/..", "a\\b"):
        text = valid_text().replace("id: sasaki-2015", f"id: '{bad}'")
        case, diags = validate_text("sasaki-2015.yaml", text.encode(), expected_id="sasaki-2015")
        assert case is None
        [d] = diags  # one clear message, not also "must equal the file name"
        assert (
            d.field == "id" and "must be a lowercase slug" in d.message and repr(bad) in d.message
        )


def test_yaml_dates_in_text_fields_are_kept_as_written():
    """YAML 1.1 reads 2020-01-01 as a date; the loader keeps the text as written, so a date in a
    text field is accepted unchanged (documented in docs/bad-input.md)."""
    for written in ("2020-01-01", "2020-01-01 10:00:00", "2001-12-14t21:59:43.10-05:00"):
        text = valid_text().replace("where: Table 1, row 30", f"where: {written}")
        case, diags = validate_text("sasaki-2015.yaml", text.encode(), expected_id="sasaki-2015")
        assert diags == [] and case.provenance.where == written


def test_numbers_yaml_reads_differently_are_refused_everywhere():
    for field, written, words in (
        ("cause_as_reported: NP", "cause_as_reported: 0123", "as the number 83"),
        ("pages: null", "pages: 1:20", "as the number 80"),
        ("age_years: 90", "age_years: 012", "as an octal number"),
        ("age_years: 90", "age_years: 1:30", "as a base-60 number"),
        ("age_years: 90", "age_years: 0x1F", "as a hexadecimal or binary number"),
    ):
        text = valid_text().replace(field, written)
        case, diags = validate_text("x.yaml", text.encode())
        assert case is None and any(words in d.message for d in diags), diags
    # plain decimals, leading-zero fractions and quoted text are fine
    for field, written in (("age_years: 90", "age_years: 0.5"), ("pages: null", "pages: '012'")):
        text = valid_text().replace(field, written)
        assert validate_text("x.yaml", text.encode())[1] == []


# -- docs/bad-input.md is honest ----------------------------------------------------------------


def catalogue() -> list[dict[str, str]]:
    """The rows of the catalogue table of docs/bad-input.md (the table with a Message column)."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in re.split(r"\s\|\s", line.strip()[1:-1])]
        if header is None:
            header = [c.lower() for c in cells]
        elif not set(line) <= set("|-: ") and "message" in header:
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


def code(cell: str) -> str:
    match = re.fullmatch(r"`(.*)`", cell)
    assert match, f"expected one code span, got {cell!r}"
    return match[1]


def documented(message: str, got: set[str]) -> bool:
    """Whether a contributor gets ``message`` (one ending in "…" stands for any ending)."""
    if message.endswith("…"):
        return any(m.startswith(message[:-1]) for m in got)
    return message in got


def test_every_documented_message_is_what_a_contributor_gets(tmp_path):
    rows = catalogue()
    assert len(rows) >= 40
    got = messages(bad_folder(tmp_path / "cases"))
    stored = {f"{name}.yaml" for name in EXPECTED}
    for row in rows:
        message = code(row["message"])
        file = message.split(":", 1)[0].removeprefix("cases/")
        assert documented(message, got), f"documented message not produced: {message}\n" + (
            "\n".join(sorted(m for m in got if m.startswith(f"cases/{file}:")))
        )
        example = row["example"]
        if file in stored and example.startswith("`"):
            text = (FIXTURES / file).read_bytes().decode("utf-8", "replace")
            assert code(example) in text, f"{file} does not contain the example {example}"


def test_every_fixture_and_generated_file_is_documented():
    files = {code(row["message"]).split(":", 1)[0] for row in catalogue()}
    assert files >= {f"cases/{name}.yaml" for name in EXPECTED} | {
        f"cases/{n}" for n in generated()
    }


# -- fuzzing ------------------------------------------------------------------------------------


def load_fuzzer():
    spec = importlib.util.spec_from_file_location("fuzz_loader", ROOT / "fuzz" / "fuzz_loader.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_fuzzing_the_loader_finds_nothing():
    fuzz = load_fuzzer()
    stats = fuzz.run(examples=2000, seed=20261124, render=True)
    assert stats.inputs == 2000
    assert stats.failures == [], "\n\n".join(
        f"input {data[:300]!r}\n{report}" for data, report in stats.failures[:3]
    )


def test_fuzz_command_runs(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_loader.py"),
            "--seconds",
            "2",
            "--seed",
            "3",
            "--crash-dir",
            str(tmp_path / "crashes"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"[\d,]+ inputs in \d+s \([\d,]+ valid\), 0 failure\(s\)", done.stdout)
    assert not (tmp_path / "crashes").exists()


# -- atomic builds ------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_killed_build_leaves_the_last_good_site_and_the_next_build_cleans_up(root, tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(root, tmp_path / "p")
    out = project / "site"
    first = run_site(project, out)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(out)
    index, table = (out / "index.html").read_bytes(), (out / "data" / "cases.csv").read_bytes()
    entries = set(os.listdir(project))

    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(project), "site", "--out", str(out)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # wait until MkDocs is writing the new site into its temporary folder, then kill the
        # whole process group (the CLI and MkDocs) without letting either clean up
        deadline = time.monotonic() + 120
        writing = False
        while time.monotonic() < deadline and proc.poll() is None and not writing:
            temps = [p for p in project.glob(".site-*") if p.is_dir()]
            writing = any(any(t.iterdir()) for t in temps)
            time.sleep(0.01)
        assert writing and proc.poll() is None, "the build ended before it could be killed"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # the last good site is untouched: same files, same bytes
    assert snapshot(out) == before
    assert (out / "index.html").read_bytes() == index
    assert (out / "data" / "cases.csv").read_bytes() == table
    # the only leftovers are the killed build's hidden temporary folders
    left = set(os.listdir(project)) - entries
    assert left and all(re.fullmatch(r"\.site-.+", name) for name in left), left

    # the next build cleans the stale temporary folders of the interrupted one
    again = run_site(project, out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert set(os.listdir(project)) == entries
    assert snapshot(out) == before  # reproducible: the same site again
