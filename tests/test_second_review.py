"""A second review, not ours, built end to end: the FICTIONAL neuraxis review of
``tests/fixtures/reviews/neuraxis`` (sites instead of vertebral levels, three coded fields, a
number, a yes/no field, no source paper, no Python of its own). Its pages, Table 1, charts and
exports follow its ``model.yaml``; one vocabulary edit reaches Table 1's filter and the exports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import load_domain
from generator.model.load import load_yaml
from generator.model.review import load_review
from generator.pages.pipeline import render
from tests.helpers import hermetic_git_env

FIXTURE = Path(__file__).parent / "fixtures" / "reviews" / "neuraxis"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "neuraxis"
    shutil.copytree(FIXTURE, root)
    return root


def _cases(root: Path) -> list:
    domain, diagnostics = load_domain(root)
    assert domain is not None, diagnostics
    out = []
    for path in sorted((root / "cases").glob("*.yaml")):
        loaded = load_yaml(path.name, path.read_bytes())
        out.append(domain.case.model_validate(loaded.value))
    return out


def _site(root: Path):
    """The site, rendered from the cases validated with the review's own case model."""
    review, diagnostics = load_review(root)
    assert review is not None, diagnostics
    domain, _ = load_domain(root)
    return render(_cases(root), review, domain=domain)


def _build(root: Path):
    """``generator.pages.pipeline.build``: validation included (with the review's own model)."""
    from generator.model.checks import check_review
    from generator.pages.pipeline import build

    checked = check_review(root)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return build(root)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _site(_copy(tmp_path_factory.mktemp("second")))


def _select(page: str, name: str) -> list[str]:
    match = re.search(rf'<select data-filter="{name}"[^>]*>(.*?)</select>', page)
    assert match, name
    return re.findall(r'<option value="([^"]*)">', match.group(1))


def test_pages_exist(site):
    for uri in ("index.md", "table-1.md", "charts.md", "methods.md", "data/index.md"):
        assert uri in site.pages
    assert {"cases/testcase-2020.md", "cases/placeholder-2022.md"} <= set(site.pages)
    assert "FICTIONAL TEST DATA. 3 invented cases" in site.pages["index.md"]


def test_table_1_has_the_declared_columns_and_filters(site):
    page = site.pages["table-1.md"]
    keys = re.findall(r'<th scope="col" data-sort="([^"]+)"', page)
    assert keys == [
        "author",
        "sex",
        "age",
        "site",
        "presentation",
        "treatment",
        "size-mm",
        "recurrence",
    ]
    names = re.findall(r'<select data-filter="([^"]+)"', page)
    assert names == ["groups", "sex", "presentation", "treatments", "imaging", "recurrence"]
    assert _select(page, "groups") == ["", "brain", "spine"]
    assert "seizures" in _select(page, "presentation")
    assert "Frontal lobe" in page and "Gross total resection" in page
    table = json.loads(site.files["data/table.json"])
    assert [c[0] for c in table["cells"]] == keys


def test_case_page_shows_the_declared_fields(site):
    page = site.pages["cases/testcase-2020.md"]
    assert '<h2 id="site">Site</h2>' in page
    assert "Presentation, treatment and imaging" in page
    assert "<dt>Largest diameter</dt><dd>18 mm</dd>" in page
    assert "<dt>Recurrence</dt><dd>No</dd>" in page
    assert "Reference in the source review" not in page  # no source paper


def test_summary_lists_the_declared_figures_and_no_source(site):
    page = site.pages["table-1.md"]
    assert "Cases in the brain: " in page and "Mean largest diameter (mm): " in page
    assert "differ from" not in page


def test_exports_carry_its_fields(site):
    rows = list(csv.DictReader(io.StringIO(site.files["data/cases.csv"].decode())))
    assert {
        "location",
        "presentation",
        "treatments",
        "imaging",
        "lesion_size_mm",
        "recurrence",
    } <= set(rows[0])
    row = next(r for r in rows if r["case_id"] == "placeholder-2022")
    assert row["location"] == "temporal-lobe; cerebellum" and row["location_group"] == "brain"
    package = json.loads(site.files["data/datapackage.json"])
    assert package["name"] == "neuraxis-review-repository" and package["sources"] == []
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["lesion_size_mm"]["type"] == "number"
    assert fields["recurrence"]["type"] == "boolean"
    assert "presentation" in json.loads(site.files["data/vocabularies.json"])


def test_its_charts_are_drawn(site):
    svgs = {name: data for name, data in site.files.items() if name.endswith(".svg")}
    assert {
        f"charts/{c}.svg"
        for c in ("sites", "presentation", "size-by-treatment", "growth", "explore")
    } <= set(svgs)
    assert all(b"<svg" in data and len(data) > 1000 for data in svgs.values())


def test_a_new_term_reaches_table_1_and_the_exports(tmp_path):
    root = _copy(tmp_path)
    model = root / "model.yaml"
    text = model.read_text(encoding="utf-8")
    new = "      - {code: hydrocephalus, label: Hydrocephalus, description: Fictional term., group: neurological}\n"
    text = text.replace("      - {code: incidental,", new + "      - {code: incidental,", 1)
    model.write_text(text, encoding="utf-8")  # the one edit
    site = _site(root)
    assert "hydrocephalus" in _select(site.pages["table-1.md"], "presentation")
    codes = [
        t["code"] for t in json.loads(site.files["data/vocabularies.json"])["presentation"]["terms"]
    ]
    assert "hydrocephalus" in codes


def test_site_build_validates_and_renders_it(tmp_path):
    site = _build(_copy(tmp_path))
    assert "cases/testcase-2021-a.md" in site.pages and "data/cases.csv" in site.files


def test_mkdocs_builds_it_strict(tmp_path):
    root = _copy(tmp_path)
    _build(root)
    env = hermetic_git_env()
    env.pop("SITE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / "out"
    assert (out / "table-1" / "index.html").is_file()
    assert (out / "cases" / "testcase-2020" / "index.html").is_file()
    assert os.path.getsize(out / "data" / "cases.csv") > 0


def test_render_takes_the_model_of_its_cases_never_the_working_directory(tmp_path):
    """Without a domain, the pages follow the model the cases were validated with (here the
    neuraxis review's, while the tests run in this repository); with no case, they ask for it."""
    root = _copy(tmp_path)
    review, _ = load_review(root)
    table = render(_cases(root), review).pages["table-1.md"]
    assert 'data-filter="presentation"' in table and 'data-filter="causes"' not in table
    with pytest.raises(ValueError, match="no cases and no model"):
        render([], review)


def test_declared_group_labels_reach_every_page_that_shows_a_group(tmp_path):
    """A vocabulary's ``group_labels`` name its groups wherever readers meet them: Table 1's
    filter, the charts, the case page's running text and the form; the data files keep codes."""
    root = _copy(tmp_path)
    model = root / "model.yaml"
    text = model.read_text(encoding="utf-8")
    label = "Spinal column & cord"
    declared = '    noun: site\n    group_labels: {spine: "Spinal column & cord"}\n'
    model.write_text(text.replace("    noun: site\n", declared, 1), encoding="utf-8")
    site = _site(root)
    escaped = "Spinal column &amp; cord"
    assert f'<option value="spine">{escaped}</option>' in site.pages["table-1.md"]
    assert _select(site.pages["table-1.md"], "groups") == ["", "brain", "spine"]
    assert label in json.dumps(json.loads(site.files["submit/form.json"]))
    spec = re.search(r'id="chart-sites".*?data-vega-spec="([^"]*)"', site.pages["charts.md"], re.S)
    assert spec and escaped in spec.group(1)  # the spec, escaped for its attribute
    assert "Brain" in spec.group(1)  # an undeclared group keeps its capitalised name
    page = site.pages["cases/testcase-2021-a.md"]
    assert f"<dd>{escaped}</dd>" in page
    assert "spine" in site.files["data/cases.csv"].decode("utf-8")  # codes, not labels


def test_a_group_label_for_no_group_is_refused_at_its_line(tmp_path):
    from generator.model import read_model

    root = _copy(tmp_path)
    model = root / "model.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(
        text.replace("    noun: site\n", "    noun: site\n    group_labels: {spinal: Spine}\n", 1),
        encoding="utf-8",
    )
    read = read_model(root)
    assert read.model is None
    (d,) = read.diagnostics
    line = text.splitlines().index("    noun: site") + 2
    assert (d.path, d.line) == ("model.yaml", line), d.format()
    assert "'spinal'" in d.message and "brain, spine" in d.message, d.message
