"""Citable versions: what's new, the feed, tombstones, published ids, the data package, JSON-LD
and reproducible builds."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.model.schema import Change, Withdrawal
from generator.model.validate import validate_paths
from generator.pages.pipeline import build, render
from generator.releases.versions import PUBLISHED_IDS, check_published

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(root):
    return build(root)


def with_changes(result):
    """The 32 cases plus an unreleased addition, a correction and a withdrawal (merged)."""
    cases = {c.id: c for c in result.cases}
    new = cases["sasaki-2015"].model_copy(update={"id": "sasaki-2015-b", "added_in": None})
    cases["wong-2013"] = cases["wong-2013"].model_copy(
        update={
            "changes": [Change(version="1.0.1", description="Age corrected from the full text.")]
        }
    )
    cases["iglesias-2002-b"] = cases["iglesias-2002-b"].model_copy(
        update={
            "withdrawn": Withdrawal(
                version="1.0.1", reason="Duplicate of iglesias-2002-a.", successor="iglesias-2002-a"
            )
        }
    )
    return [*cases.values(), new]


def test_whats_new_lists_versions_newest_first(site):
    page = site.pages["whats-new.md"]
    assert "Version 1.0.0 <small>(2026-11-24)</small>" in page
    assert "32 cases added" in page
    assert "MAJOR</strong> when the literature search is rerun" in page


def test_whats_new_groups_additions_corrections_withdrawals(result, site):
    out = render(with_changes(result), site.review)
    page = out.pages["whats-new.md"]
    assert (
        page.index("Not yet released") < page.index("Version 1.0.1") < page.index("Version 1.0.0")
    )
    unreleased = page[page.index("Not yet released") : page.index("Version 1.0.1")]
    assert "sasaki-2015-b" in unreleased
    v101 = page[page.index("Version 1.0.1") : page.index("Version 1.0.0")]
    assert "Age corrected from the full text." in v101 and "1 case withdrawn" in v101


def test_tombstone_keeps_the_url_and_leaves_the_data(result, site):
    out = render(with_changes(result), site.review)
    page = out.pages["cases/iglesias-2002-b.md"]
    assert "This case is no longer part of the review" in page
    assert "Duplicate of iglesias-2002-a." in page
    assert 'href="../../cases/iglesias-2002-a/"' in page
    assert "iglesias-2002-b" not in out.pages["table-1.md"]
    assert b"iglesias-2002-b" not in out.files["data/cases.csv"]
    assert out.summary.cases == 32  # 32 - 1 withdrawn + 1 added


def test_a_published_id_cannot_vanish(tmp_path, root):
    (tmp_path / "cases").mkdir()
    shutil.copy(root / PUBLISHED_IDS, tmp_path / PUBLISHED_IDS)
    for path in (root / "cases").glob("*.yaml"):
        if path.stem != "tuy-2008":
            shutil.copy(path, tmp_path / "cases" / path.name)
    ids = {c.id for c in validate_paths([tmp_path / "cases"]).cases}
    [diag] = check_published(tmp_path, ids)
    assert diag.path == PUBLISHED_IDS and diag.line > 2
    assert "published case 'tuy-2008' has no file" in diag.message and "tombstone" in diag.message
    # the CLI reports it too, and fails
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(tmp_path), "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 1 and "published case 'tuy-2008'" in done.stdout


def test_every_case_is_recorded_as_published(root, result):
    recorded = {
        line.strip()
        for line in (root / PUBLISHED_IDS).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert recorded == {c.id for c in result.cases if c.added_in}


def test_successor_must_exist(tmp_path, root):
    text = (root / "cases" / "tuy-2008.yaml").read_text(encoding="utf-8")
    text += "withdrawn:\n  version: null\n  reason: Duplicate.\n  successor: nobody-2000\n"
    (tmp_path / "tuy-2008.yaml").write_text(text, encoding="utf-8")
    [err] = validate_paths([tmp_path]).errors
    assert err.field == "withdrawn.successor" and "'nobody-2000' is not another case" in err.message


def test_feed_is_valid_atom(site):
    root = ET.fromstring(site.files["feed.xml"])
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 32
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("https://") and "/1.0.0/cases/" in link
    assert root.find(f"{ATOM}updated").text == "2026-11-24T00:00:00Z"


def write_files(site, dest: Path) -> Path:
    for name, data in site.files.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_bytes(data)
    return dest / "data" / "datapackage.json"


def test_datapackage_validates_with_frictionless(site, tmp_path):
    from frictionless import validate

    path = write_files(site, tmp_path)
    report = validate(str(path))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads(path.read_text())
    assert (
        package["version"] == site.review.version and package["licenses"][0]["name"] == "CC-BY-4.0"
    )
    for res in package["resources"]:
        data = (path.parent / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        if res["profile"] != "tabular-data-resource":
            continue  # cases-full.json: nested records, not a table
        assert {f["name"] for f in res["schema"]["fields"]} >= {"case_id", "age_years", "levels"}
        assert all(f.get("description") for f in res["schema"]["fields"])
    # a tampered file is caught
    csv = path.parent / "cases.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Sasaki", b"Sasako"))
    assert not validate(str(path)).valid


def test_home_page_json_ld(site):
    page = site.pages["index.md"]
    line = next(ln for ln in page.splitlines() if ln.startswith("jsonld: "))
    text = json.loads(line[len("jsonld: ") :])
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert data["@type"] == "Dataset" and data["version"] == "1.0.0"
    assert data["citation"]["sameAs"] == "https://doi.org/10.1186/s13256-017-1474-1"
    assert {d["contentUrl"].rsplit("/", 1)[-1] for d in data["distribution"]} == {
        "cases.csv",
        "cases.json",
        "datapackage.json",
    }
    assert data["license"].startswith("https://creativecommons.org/licenses/by/4.0")


def test_two_builds_are_byte_identical(root, tmp_path):
    from tests.test_site import copy_project, run_site

    (tmp_path / "p").mkdir()
    project = copy_project(root, tmp_path / "p")
    outs = []
    for name in ("one", "two"):
        done = run_site(project, tmp_path / name)
        assert done.returncode == 0, done.stdout + done.stderr
        outs.append(tmp_path / name)
    one, two = outs
    compared = 0
    for path in sorted(one.rglob("*")):
        rel = path.relative_to(one)
        if path.is_file() and (
            rel.parts[0] in ("data", "cases") or rel.name in ("feed.xml", "sitemap.xml")
        ):
            assert path.read_bytes() == (two / rel).read_bytes(), rel
            compared += 1
    assert compared >= 32 + 3 + 2
    assert "<lastmod>2026-11-24</lastmod>" in (one / "sitemap.xml").read_text()
