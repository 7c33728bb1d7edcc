"""The packaged stylesheets parse as their author meant: every block closes, and none closes
twice (a stray brace moves every rule after it into or out of a media query: the print footer
once showed on screen because of one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STYLESHEETS = sorted((Path(__file__).parents[1] / "generator" / "assets").rglob("*.css"))
OURS = [p for p in STYLESHEETS if "vendor" not in p.parts]


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name)
def test_every_block_closes_once(path):
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for line_number, line in enumerate(text.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{path.name}:{line_number}: a brace closes a block never opened"
    assert depth == 0, f"{path.name}: {depth} block(s) left open at the end"


def test_the_print_rules_stand_alone():
    text = (Path(__file__).parents[1] / "generator/assets/stylesheets/extra.css").read_text()
    top = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    before = top[: top.index("@media print")]
    assert before.count("{") == before.count("}"), "@media print sits inside another block"
