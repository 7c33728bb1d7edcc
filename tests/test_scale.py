"""Large reviews: the same results in parallel and in series, small pages whatever N, and the
views that switch to counts or to JSON data above their limits. (Speed itself is measured by
`make bench`, never asserted here.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.synth import synthetic_cases, write_project
from generator.charts.kinds import CASE_MARK_LIMIT, all_figures
from generator.model.review import load_review
from generator.model.validate import validate_paths, validate_text
from generator.pages.dataset import frame
from generator.pages.pipeline import render
from generator.pages.site import TABLE_INLINE_LIMIT
from tests.helpers import declared

ROOT = Path(__file__).resolve().parents[1]
N = 2200


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    dest = write_project(ROOT, tmp_path_factory.mktemp("scale") / "project", N)
    cases = dest / "cases"
    # a few problems, so that diagnostics (not only cases) are compared
    (cases / "broken-2020.yaml").write_text("id: broken-2020\ncauses: [NPP]\n", encoding="utf-8")
    (cases / "notes.txt").write_text("not a case\n", encoding="utf-8")
    return dest


def test_synthetic_cases_are_valid_and_varied():
    cases = synthetic_cases(300, seed=1)
    assert len({c["id"] for c in cases}) == 300
    assert {c["location"]["levels"][0] for c in cases} == {"C", "T", "L"}
    import yaml

    for case in cases[:50]:
        got, diags = validate_text(f"{case['id']}.yaml", yaml.safe_dump(case).encode(), case["id"])
        assert diags == [] and got is not None


def test_a_file_is_checked_again_only_when_its_content_changes(project, monkeypatch):
    from generator.model import validate_file

    first = validate_paths([project / "cases"])
    again = validate_paths([project / "cases"])
    assert len(first.cases) == N
    assert all(a is b for a, b in zip(first.cases, again.cases, strict=True))  # from the cache
    assert again.diagnostics == first.diagnostics
    assert any("unknown cause 'NPP'" in d.message for d in again.errors)
    assert any("notes.txt" in d.path for d in again.errors)
    edited = next(
        p for p in sorted((project / "cases").glob("*.yaml")) if "NPP" not in p.read_text()
    )
    saved = edited.read_text(encoding="utf-8")
    try:
        edited.write_text(
            saved.replace("age_years:", "age_years: 250\nold_age:", 1), encoding="utf-8"
        )
        changed = validate_paths([project / "cases"])
        assert any(d.path.endswith(edited.name) for d in changed.errors)  # checked again
        monkeypatch.setattr(validate_file, "SEEN", validate_file.FileCache())  # nothing cached
        fresh = validate_paths([project / "cases"])
        assert [c.model_dump() for c in fresh.cases] == [c.model_dump() for c in changed.cases]
        assert fresh.diagnostics == changed.diagnostics
    finally:
        edited.write_text(saved, encoding="utf-8")
    assert len(validate_paths([project / "cases"]).cases) == N


@pytest.fixture(scope="module")
def big_site(project):
    result = validate_paths([project / "cases"])
    review, _ = load_review(ROOT)
    return render(result.cases, review)


def test_big_table_1_draws_from_json(big_site):
    assert N > TABLE_INLINE_LIMIT
    page = big_site.pages["table-1.md"]
    assert 'data-rows-url="../data/table.json"' in page
    assert "<tr data-case-id=" not in page
    table = json.loads(big_site.files["data/table.json"])
    assert len(table["rows"]) == N and table["columns"][0] == "case_id"
    assert f"{N:,} of {N:,} cases" in page


def test_big_charts_draw_counts_not_cases(big_site, project):
    assert N > CASE_MARK_LIMIT
    cases, model = declared(validate_paths([project / "cases"]).cases)
    figures = {f.id: f for f in all_figures(frame(cases), model)}
    for fig in figures.values():
        rows = sum(len(v) for v in fig.spec().get("datasets", {}).values())
        assert rows < 2000, (fig.id, rows)  # aggregated: far fewer rows than cases
    assert '"href"' not in json.dumps(figures["age-by-sex"].spec())
    by_sex = {r[0]: r[1] for r in figures["age-by-sex"].rows}
    assert sum(by_sex.values()) == N
    assert sum(r[-1] for r in figures["linked"].rows) == N
    assert len(big_site.pages["charts.md"]) < 1_500_000


def test_small_review_keeps_inline_rows_and_case_marks(root):
    from generator.pages.pipeline import build

    site = build(root)
    assert "<tr data-case-id=" in site.pages["table-1.md"]
    assert "data-rows-url" not in site.pages["table-1.md"]
