"""The generated site: pages, data files, escaping, and builds that fail on invalid cases."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import markupsafe
import pytest

from generator.model.validate import validate_text
from generator.pages.common import case_label
from generator.pages.pipeline import build, render
from tests.helpers import PROJECT_FILES


@pytest.fixture(scope="module")
def site(root):
    return build(root)


def test_build_is_deterministic(root, site):
    again = build(root)
    assert again.pages == site.pages and again.files == site.files


HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))'
)


def hostile_case(root: Path):
    text = (root / "cases" / "sasaki-2015.yaml").read_text(encoding="utf-8")
    text = text.replace("notes: null", f"notes: '{HOSTILE}'")
    text = text.replace("first_author: Sasaki", f"first_author: '{HOSTILE}'")
    text = text.replace("outcome: null", f"outcome: '{HOSTILE}'")
    case, diags = validate_text("sasaki-2015.yaml", text.encode())
    assert diags == []
    return case


def test_html_in_a_case_is_rendered_as_text(root, result, site):
    case = hostile_case(root)
    cases = [c for c in result.cases if c.id != case.id] + [case]
    out = render(cases, site.review)
    for uri, page in out.pages.items():
        assert "<script>" not in page, uri
        assert "<img src=x" not in page, uri
        assert 'href="javascript' not in page, uri
    page = out.pages["cases/sasaki-2015.md"]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert case_label(case).startswith(HOSTILE)


def copy_project(root: Path, dest: Path) -> Path:
    for name in PROJECT_FILES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def run_site(project: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "site", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=project,
    )


def mkdocs_build(project: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    """Plain `mkdocs build` of ``project`` (the hook builds the pages) into ``out``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-d", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=project,
    )


@pytest.fixture(scope="module")
def project(root, tmp_path_factory):
    return copy_project(root, tmp_path_factory.mktemp("project"))


def test_mkdocs_build_strict_and_hostile_payload_is_inert(project):
    (project / "cases" / "sasaki-2015.yaml").write_text(
        (project / "cases" / "sasaki-2015.yaml")
        .read_text(encoding="utf-8")
        .replace("notes: null", f"notes: '{HOSTILE}'"),
        encoding="utf-8",
    )
    out = project / "site"
    done = run_site(project, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(list((out / "cases").glob("*/index.html"))) == 32
    for page in (
        "table-1/index.html",
        "methods/index.html",
        "data/cases.csv",
        "data/cases.json",
        "index.html",
    ):
        assert (out / page).exists(), page
    html = (out / "cases" / "sasaki-2015" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html and '<script>alert("x")' not in html
    assert "<strong>bold</strong>" not in html


def test_invalid_case_fails_the_build_and_keeps_the_last_good_site(project):
    out = project / "site-atomic"
    assert run_site(project, out).returncode == 0
    marker = (out / "index.html").read_bytes()
    bad = project / "cases" / "bad-2020.yaml"
    bad.write_text(
        (project / "cases" / "sasaki-2015.yaml")
        .read_text(encoding="utf-8")
        .replace("sasaki-2015", "bad-2020")
        .replace("levels: C3-C5", "levels: C9"),
        encoding="utf-8",
    )
    try:
        done = run_site(project, out)
    finally:
        bad.unlink()
    assert done.returncode != 0
    assert (
        "bad-2020.yaml:" in done.stdout
        and "location.levels: C9 is not a vertebral level" in done.stdout
    )
    assert "Traceback" not in done.stdout + done.stderr
    assert (out / "index.html").read_bytes() == marker


def test_mkdocs_itself_fails_on_an_invalid_case(project):
    """Plain `mkdocs build` (the hook) also refuses invalid data, with the validator's messages."""
    bad = project / "cases" / "bad-2021.yaml"
    bad.write_text("id: bad-2021\ncauses: [NPP]\n", encoding="utf-8")
    try:
        done = mkdocs_build(project, project / "site-x", "--strict")
    finally:
        bad.unlink()
    assert done.returncode != 0
    assert "bad-2021.yaml:2:10: causes[0]: unknown cause 'NPP'" in done.stderr
    assert "error(s) in the case files: the site was not built" in done.stderr
    assert "Traceback" not in done.stderr


def test_contributing_page_carries_the_guide_vocabulary_and_eligibility(site, root):
    page = site.pages["contributing.md"]
    assert "python -m generator new" in page and "python -m generator validate" in page
    assert page.count("\n# ") == 1, "one h1"
    from generator.model import load_domain

    domain, _ = load_domain(root)
    vocabularies = domain.model.vocabularies
    for term in (*vocabularies["causes"].terms, *vocabularies["treatments"].terms):
        assert f"<td><code>{term.code}</code></td><td>{term.label}</td>" in page
    assert str(markupsafe.escape(site.review.eligibility.criteria)) in page


def test_serve_watches_the_cases_and_the_metadata(root):
    """`mkdocs serve` rebuilds on edits to cases/ and review.yaml because the hook watches them."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # what `mkdocs serve` runs before watching
    watched = {Path(p).resolve() for p in config.watch}
    assert (root / "cases").resolve() in watched
    assert (root / "review.yaml").resolve() in watched
    assert config.extra["review"]["version"] == "1.0.0"
    # nothing is generated into docs/: the pages exist only in MkDocs' file collection
    assert not (root / "docs" / "cases").exists() and not (root / "docs" / "table-1.md").exists()


def test_mkdocs_build_fills_every_chart_slot_and_writes_every_data_file(project, tmp_path):
    """The hook (MkDocs writes the pages while the charts are drawn): no slot is left in any page,
    the charts are drawn in them, and every data file is the library's, byte for byte."""
    out = tmp_path / "site-hook"
    done = mkdocs_build(project, out, "--strict")
    assert done.returncode == 0, done.stderr
    pages = list(out.rglob("*.html"))
    assert len(pages) > 40
    assert not [p for p in pages if "<!--chart-view" in p.read_text(encoding="utf-8")]
    charts = (out / "charts" / "index.html").read_text(encoding="utf-8")
    assert charts.count('data-static="true"') == 7
    site = build(project)
    for uri, content in site.files.items():
        assert (out / uri).read_bytes() == content, uri


def test_mkdocs_build_refuses_a_docs_file_where_a_data_file_goes(project, tmp_path):
    clash = project / "docs" / "data" / "cases.csv"
    clash.parent.mkdir(parents=True, exist_ok=True)
    clash.write_text("id\n", encoding="utf-8")
    try:
        done = mkdocs_build(project, tmp_path / "site-clash")
    finally:
        clash.unlink()
    assert done.returncode != 0
    assert "data/cases.csv is generated from the case files but also exists in docs/" in done.stderr
    assert "Traceback" not in done.stderr
