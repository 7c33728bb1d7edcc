"""Versioned deployment without mike: ``python -m generator deploy`` writes each version in its
folder, Material's ``versions.json`` and the alias redirects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.releases.deploy import deploy, redirect_page, update_versions

ROOT = Path(__file__).resolve().parent.parent


def _site(folder: Path, marker: str) -> Path:
    for page in ("index.html", "cases/guo-2017/index.html"):
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        (folder / page).write_text(marker)
    return folder


def test_versions_json_newest_first_aliases_move():
    entries = update_versions([], "1.0.0", ["latest"])
    entries = update_versions(entries, "1.10.0", ["latest"])
    entries = update_versions(entries, "1.2.0", [])
    assert entries == [
        {"version": "1.10.0", "title": "1.10.0", "aliases": ["latest"]},
        {"version": "1.2.0", "title": "1.2.0", "aliases": []},
        {"version": "1.0.0", "title": "1.0.0", "aliases": []},
    ]
    again = update_versions(entries, "1.0.0", ["latest"])
    assert [(e["version"], e["aliases"]) for e in again] == [
        ("1.10.0", []),
        ("1.2.0", []),
        ("1.0.0", ["latest"]),
    ]


def test_deploy_into_a_folder(tmp_path):
    into = tmp_path / "pages"
    deploy(_site(tmp_path / "a", "one"), into, "1.0.0", ["latest"])
    deploy(_site(tmp_path / "b", "two"), into, "1.1.0", ["latest"])
    assert json.loads((into / "versions.json").read_text()) == [
        {"version": "1.1.0", "title": "1.1.0", "aliases": ["latest"]},
        {"version": "1.0.0", "title": "1.0.0", "aliases": []},
    ]
    assert (into / "1.0.0/cases/guo-2017/index.html").read_text() == "one"
    assert (into / "1.1.0/cases/guo-2017/index.html").read_text() == "two"
    assert (into / "latest/index.html").read_text() == redirect_page("../1.1.0/")
    page = (into / "latest/cases/guo-2017/index.html").read_text()
    assert page == redirect_page("../../../1.1.0/cases/guo-2017/")
    assert (into / "index.html").read_text() == redirect_page("latest/")
    with pytest.raises(ValueError):
        deploy(tmp_path / "a", into, "latest", ["latest"])


def test_redirect_page_escapes_its_target():
    page = redirect_page('../x"<y>/')
    assert '"<y>' not in page and "&quot;&lt;y&gt;" in page


@pytest.mark.slow
def test_deploy_command_builds_the_version_with_the_selector(tmp_path):
    into = tmp_path / "pages"
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "VERSION_PROVIDER")}
    cmd = [sys.executable, "-m", "generator", "deploy", "--into", str(into), "--version", "9.0.0"]
    done = subprocess.run(
        [*cmd, "--alias", "latest", "--site-url", "https://example.invalid/review/"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((into / "versions.json").read_text()) == [
        {"version": "9.0.0", "title": "9.0.0", "aliases": ["latest"]}
    ]
    home = (into / "9.0.0/index.html").read_text(encoding="utf-8")
    assert '"provider":"mike"' in home.replace(" ", "")
    assert 'href="https://example.invalid/review/9.0.0/"' in home
    assert (into / "latest/cases/guo-2017/index.html").is_file()
