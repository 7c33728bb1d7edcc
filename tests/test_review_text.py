"""review.yaml's texts and its sources' figures are data checked against model.yaml: an unknown
figure, source or search is reported at its line and column, and a text is never a template."""

from __future__ import annotations

import shutil
from pathlib import Path

import markupsafe

from generator.model import load_domain
from generator.model.review import read_review
from generator.model.review_text import render_text, source_figure_problems, text_problems
from tests.helpers import REVIEW


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "review"
    root.mkdir()
    for name in ("review.yaml", "model.yaml"):
        shutil.copy(REVIEW / name, root / name)
    text = (root / "review.yaml").read_text(encoding="utf-8")
    assert old in text
    (root / "review.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _problems(root: Path, check) -> list[str]:
    model = load_domain(root)[0].model  # type: ignore[union-attr]
    raw = (root / "review.yaml").read_text(encoding="utf-8")
    read = read_review(root)
    assert read.review is not None, read.diagnostics
    found = check(read, model, raw) if check is text_problems else check(read, model)
    return [d.format() for d in found]


def test_this_review_has_no_problems(tmp_path):
    root = _copy(tmp_path, "title:", "title:")
    assert _problems(root, source_figure_problems) == []
    assert _problems(root, text_problems) == []


def test_an_unknown_source_figure_is_reported_at_its_key(tmp_path):
    root = _copy(tmp_path, "      resection: 21\n", "      resection: 21\n      resections: 21\n")
    lines = (root / "review.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == "resections: 21")
    (problem,) = _problems(root, source_figure_problems)
    assert problem.startswith(f"review.yaml:{line}:7: sources[0].figures.resections: ")
    assert "unknown summary figure 'resections'" in problem and "resection" in problem


def test_an_unknown_placeholder_is_reported_at_its_column(tmp_path):
    root = _copy(tmp_path, "{seizures} to seizures", "{seizure} to seizures")
    lines = (root / "review.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "{seizure} to seizures" in text)
    column = lines[line - 1].index("{seizure}") + 1
    (problem,) = _problems(root, text_problems)
    assert (
        problem
        == f"review.yaml:{line}:{column}: summary_text: unknown summary figure 'seizure' in {{seizure}}"
    )


def test_unknown_sources_and_searches_are_reported(tmp_path):
    root = _copy(
        tmp_path, "{source:guo-2017}", "{source:nobody-2000} {search:none} {cases.__class__}"
    )
    problems = _problems(root, text_problems)
    assert any("unknown source 'nobody-2000'" in p for p in problems)
    assert any("unknown search 'none'" in p for p in problems)


def test_a_text_is_escaped_and_never_evaluated():
    (paragraph,) = render_text(
        "<b>{cases}</b> {cases.__class__} {x:>99999999} {{cases}} {source:a}",
        {"cases": "32"},
        {"a": markupsafe.Markup("<i>A</i>")},
    )
    assert paragraph == "&lt;b&gt;32&lt;/b&gt; {cases.__class__} {x:&gt;99999999} {32} <i>A</i>"


def test_paragraphs_are_split_on_blank_lines():
    assert render_text("a {n}\nb\n\n c", {"n": "1"}) == ["a 1\nb", "c"]
