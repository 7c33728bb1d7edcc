"""`make serve` survives mistakes: an invalid case is reported (terminal and browser) and the next
save that fixes it is served, every time; `mkdocs build` still refuses invalid input. Its
preview rebuilds only what changed, and is never stale: after each save (an edit, a new case, a
renamed case, a removed case) the case's page, Table 1, the charts' data, the summary, the data
files and the search index are what a full build gives."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from benchmarks.serve_loop import _free_port, _get, stop  # the benchmark's own
from generator.model.diagnostics import Diagnostic
from generator.pages.pipeline import build
from generator.pages.preview import failure_pages
from tests.helpers import REVIEW
from tests.test_contribution_loop import new_case
from tests.test_site import copy_project

ROOT = Path(__file__).resolve().parent.parent
CASE = "cases/sasaki-2015.yaml"
AGE = "age_years: 90"
BROKEN = "age_years: 250"
DIAGNOSTIC = f"{CASE}:18:14: patient.age_years: must be at most 120, got 250"


def _set_age(project: Path, line: str) -> None:
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    current = next(x for x in text.splitlines() if x.strip().startswith("age_years:"))
    path.write_text(text.replace(current, f"  {line}"), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "project").mkdir()
    project = copy_project(REVIEW, tmp_path / "project")
    assert AGE in (project / CASE).read_text(encoding="utf-8")
    return project


# --- the command -------------------------------------------------------------------------------


def serve_command(port: int, folder: Path = ROOT, **env: str) -> list[str]:
    """What `make serve PORT=port` runs (its last line) in ``folder``, as ``make -n`` prints it."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL", "MAKEFLAGS")}
    done = subprocess.run(
        ["make", "-s", "-n", "-C", str(folder), "serve", f"PORT={port}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **env},
    )
    assert done.returncode == 0, done.stderr
    return shlex.split(done.stdout.strip().splitlines()[-1])


SERVE_8123 = [
    "SITE_URL=http://127.0.0.1:8123/",
    ".venv/bin/mkdocs",
    "serve",
    "--dirty",  # a save rebuilds only what it changed
    "-a",
    "127.0.0.1:8123",
]
"""What `make serve PORT=8123` runs, in this review and in one made by ``init``."""


def test_make_serve_takes_the_port_and_site_url_follows_it():
    assert serve_command(8123) == SERVE_8123
    assert serve_command(8000, SITE_URL="http://127.0.0.1:8000/sub/")[0] == (
        "SITE_URL=http://127.0.0.1:8000/sub/"
    )


def test_a_review_made_by_init_previews_incrementally_too(tmp_path):
    """...and installs the very generator that wrote it (pinned: it builds the same later)."""
    from importlib.metadata import version

    from generator.init_review import init_review

    init_review(tmp_path / "review", "A review of something")
    makefile = (tmp_path / "review" / "Makefile").read_text(encoding="utf-8")
    pinned = f"GENERATOR ?= living-review-generator=={version('living-review-generator')}\n"
    assert pinned in makefile
    (tmp_path / "review" / ".venv").mkdir()
    (tmp_path / "review" / ".venv" / ".installed").touch()  # make -n: no install to print
    assert serve_command(8123, tmp_path / "review") == SERVE_8123


# --- the hook's events, build after build, without a server ------------------------------------


def _serve_build(project: Path, site_dir: Path) -> tuple[dict[str, str], list[str]]:
    """One rebuild as `mkdocs serve` runs the hook (a new config each time, the same hook
    module): the generated pages and the files written into the site."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    config.plugins.on_post_build(config=config)
    pages = {
        uri: files.get_file_from_path(uri).content_string
        for uri in ("cases/sasaki-2015.md", "index.md")
    }
    written = sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*") if p.is_file())
    return pages, written


def test_serve_hook_recovers_from_invalid_input_build_after_build(project, tmp_path, caplog):
    caplog.set_level("ERROR", logger="mkdocs.plugins.living_review")
    for round_, age in enumerate((77, 78), start=1):
        _set_age(project, BROKEN)
        caplog.clear()
        pages, written = _serve_build(project, tmp_path / f"broken-{round_}")
        assert DIAGNOSTIC in caplog.text
        for text in pages.values():
            assert "The site was not built" in text and DIAGNOSTIC in text
        assert "build.json" not in written and not any(w.startswith("data/") for w in written)

        _set_age(project, f"age_years: {age}")
        caplog.clear()
        pages, written = _serve_build(project, tmp_path / f"fixed-{round_}")
        assert caplog.text == ""
        assert f"<dd>{age} years</dd>" in pages["cases/sasaki-2015.md"]
        assert "The site was not built" not in pages["index.md"]
        assert "<!--chart-view " in pages["index.md"]  # the plugin puts the view in the HTML
        assert "data/cases.csv" in written and "build.json" in written


def test_mkdocs_build_hook_still_refuses_invalid_input(project, tmp_path):
    _set_age(project, BROKEN)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    with pytest.raises(PluginError, match="the site was not built"):
        config.plugins.on_files(get_files(config), config=config)


def test_failure_pages_list_the_diagnostics_as_text(project):
    bad = Diagnostic(CASE, 3, 5, "notes", 'unknown value "<script>alert(1)</script>"')
    pages = failure_pages(project, [bad])
    assert "cases/sasaki-2015.md" in pages and "index.md" in pages and "table-1.md" in pages
    assert len([p for p in pages if p.startswith("cases/")]) == 32
    text = pages["cases/sasaki-2015.md"]
    assert "<script>" not in text
    assert (
        f"{CASE}:3:5: notes: unknown value &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in text
    )
    assert "1 error in the input" in text


# --- the real server ---------------------------------------------------------------------------


def _wait(what: str, seconds: float, check, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise AssertionError(f"{what}: not within {seconds} s; the server said:\n{tail}")


@contextlib.contextmanager
def serving(project: Path, tmp_path: Path):
    """`make serve`'s own command, run in ``project`` on a free port: yields the site's address
    and the server's log."""
    port = _free_port()
    assigns = serve_command(port)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    while "=" in assigns[0]:
        name, value = assigns.pop(0).split("=", 1)
        env[name] = value
    assert assigns[0] == ".venv/bin/mkdocs"  # run here from this test's venv, in the copy
    command = [str(Path(sys.executable).with_name("mkdocs")), *assigns[1:]]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            command,
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield f"http://127.0.0.1:{port}/", log
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
        assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")
    finally:
        stop(server)


def test_make_serve_reports_a_broken_case_and_serves_each_fix(project, tmp_path):
    with serving(project, tmp_path) as (site, log):
        url = f"{site}cases/sasaki-2015/"

        def output() -> str:
            return log.read_text(encoding="utf-8", errors="replace")

        def said(text: str, times: int):
            return lambda: output().count(text) == times

        def served(text: str):
            return lambda: (page := _get(url)) is not None and text in page

        _wait("the first page", 60, served("<dd>90 years</dd>"), log)
        for round_, age in enumerate((77, 78), start=1):
            _set_age(project, BROKEN)
            _wait("the diagnostic in the terminal", 30, said(DIAGNOSTIC, round_), log)
            _wait("the diagnostic in the browser", 30, served(DIAGNOSTIC), log)
            _set_age(project, f"age_years: {age}")
            _wait(f"the fixed page (round {round_})", 30, served(f"<dd>{age} years</dd>"), log)


_SUMMARY = re.compile(r"mean age of [0-9.]+ years \(range [0-9.]+ to [0-9.]+\)")
_SPEC = re.compile(r'data-vega-spec="([^"]*)"')
_DRAWN = re.compile(r"<svg[^>]*\sdata-static=")  # a chart drawn at build time


def _expected(project: Path) -> dict[str, Any]:
    """What a full build of ``project`` gives, for the checks of :func:`_current`."""
    site = build(project)
    (summary,) = set(_SUMMARY.findall(site.pages["table-1.md"]))
    rows = list(csv.DictReader(io.StringIO(site.files["data/cases.csv"].decode("utf-8"))))
    specs = sorted(_SPEC.findall(site.pages["charts.md"]))  # wide and narrow, data included
    ids = sorted(r["case_id"] for r in rows)
    return {"summary": summary, "ids": ids, "rows": rows, "specs": specs}


def _served_ids(pages: dict[str, str], files: dict[str, str]) -> list[list[str]]:
    """The cases the charts' data, Table 1's data, the data file and the search index list."""
    charted = sorted(set(re.findall(r"cases/([a-z0-9-]+)/&#34;", pages["charts/"])))
    tabled = sorted(row[0] for row in json.loads(files["data/table.json"])["rows"])
    listed = sorted(r["case_id"] for r in csv.DictReader(io.StringIO(files["data/cases.csv"])))
    docs = json.loads(files["search/search_index.json"])["docs"]
    indexed = sorted(
        {d["location"].split("/")[1] for d in docs if d["location"].startswith("cases/")}
    )
    return [charted, tabled, listed, indexed]


def _current(site: str, expected: dict[str, Any], case_id: str, text: str | None):
    """A check that the served site is the full build's: ``case_id``'s page shows ``text`` (or is
    gone, when None), Table 1 and the home page show the summary, the data file's rows are the
    build's, the charts' specs (their data) are the build's, every chart is left to the browser
    to draw (no drawing of an earlier build), and the charts' data, Table 1's data, the data
    file and the search index list exactly the expected cases."""

    def check() -> bool:
        page = _get(f"{site}cases/{case_id}/")
        if (page is None) if text is not None else (page is not None):
            return False
        if page is not None and text is not None and text not in page:
            return False
        pages = {name: _get(f"{site}{name}") for name in ("", "table-1/", "charts/")}
        names = ("data/table.json", "data/cases.csv", "search/search_index.json")
        files = {name: _get(f"{site}{name}") for name in names}
        if any(v is None for v in [*pages.values(), *files.values()]):
            return False
        rows = list(csv.DictReader(io.StringIO(files["data/cases.csv"])))
        return (
            all(
                "data-live" in pages[name]
                and _DRAWN.search(pages[name]) is None
                and "<!--chart-view" not in pages[name]
                for name in pages
            )
            and sorted(_SPEC.findall(pages["charts/"])) == expected["specs"]
            and expected["summary"] in pages[""]
            and expected["summary"] in pages["table-1/"]
            and rows == expected["rows"]
            and all(ids == expected["ids"] for ids in _served_ids(pages, files))
        )

    return check


def test_the_preview_is_never_stale(project, tmp_path):
    okada = project / "cases" / "okada-2020.yaml"
    renamed = okada.with_name("okada-2021.yaml")

    def saved(what: str, case_id: str, text: str | None) -> None:
        _wait(what, 30, _current(site, _expected(project), case_id, text), log)

    with serving(project, tmp_path) as (site, log):
        _wait("the first build", 60, _current(site, _expected(project), "sasaki-2015", "90 y"), log)
        _set_age(project, "age_years: 20")  # its page, Table 1, the charts, the summary
        saved("the edit", "sasaki-2015", "<dd>20 years</dd>")
        new_case(project, "okada-2020", "contributed")
        saved("the new case", "okada-2020", "Okada 2020")
        text = okada.read_text(encoding="utf-8").replace("id: okada-2020", "id: okada-2021")
        renamed.write_text(text, encoding="utf-8")
        okada.unlink()
        saved("the renamed case", "okada-2021", "Okada 2020")
        saved("the old address gone", "okada-2020", None)
        renamed.unlink()
        saved("the removed case", "okada-2021", None)
        assert log.read_text(encoding="utf-8").count("Documentation built") >= 3


def test_a_dirty_rebuild_after_a_change_of_settings_rebuilds_every_page(project, tmp_path):
    """`make serve` (--dirty) rebuilds only what changed, except when the settings change (here
    the site's name in mkdocs.yml): then MkDocs' own pages are rebuilt too, not only ours."""
    from mkdocs.commands.build import build as mkdocs_build

    site_dir = tmp_path / "served"

    def rebuild() -> None:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="serve", dirty=True)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    rebuild()
    about = site_dir / "about" / "index.html"
    assert "a living review" in about.read_text(encoding="utf-8")
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(text.replace("a living review", "a renamed review", 1), encoding="utf-8")
    rebuild()
    assert "a renamed review" in about.read_text(encoding="utf-8")  # a page of docs/
    assert "a renamed review" in (site_dir / "table-1" / "index.html").read_text(encoding="utf-8")
