"""``python -m generator lookup --apply REPORT``: the accepted candidates written into their cases.

Only the citation fields a case still lacks (``null``, ``[]`` or empty) are filled, by editing
the line of each in the case file's text, so that its comments, order and layout stay; a
``changes`` entry (version null until a release) names each value and its source. Every file
is validated once written, and put back as it was if it does not validate. Problems in the
report are reported as ``file:line:col``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..model.domain import load_domain
from ..model.load import load_yaml
from ..model.validate import validate_paths
from . import LiteratureError
from .report import FIELDS

EMPTY = re.compile(r"^(?P<key>\s+)(?P<name>[a-z_]+):\s*(null|~|\[\]|''|\"\")?\s*(#.*)?$")


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _accepted(report: Path) -> list[tuple[str, dict[str, Any], tuple[int, int]]]:
    """(case id, candidate, position) of each accepted candidate; errors at file:line:col."""
    shown = str(report)
    loaded = load_yaml(shown, report.read_bytes(), max_bytes=8 * 1024 * 1024)
    if loaded.diagnostics:
        raise LiteratureError(loaded.diagnostics[0].format())
    data = loaded.value if isinstance(loaded.value, dict) else {}
    out = []
    for i, entry in enumerate(data.get("cases") or []):
        chosen = [
            (j, c)
            for j, c in enumerate(entry.get("candidates") or [])
            if isinstance(c, dict) and c.get("accepted") is True
        ]
        if len(chosen) > 1:
            line, col = loaded.position(("cases", i, "candidates", chosen[1][0], "accepted"))
            raise LiteratureError(f"{shown}:{line}:{col}: accept one candidate per case at most")
        for j, cand in chosen:
            if not isinstance(cand.get("values"), dict) or not cand.get("source"):
                line, col = loaded.position(("cases", i, "candidates", j))
                raise LiteratureError(f"{shown}:{line}:{col}: a candidate has a source and values")
            out.append((str(entry.get("case")), cand, loaded.position(("cases", i, "case"))))
    return out


def _fill(text: str, values: dict[str, Any], source: str) -> tuple[str, list[str]]:
    """The case file's text with each empty citation field among ``values`` filled."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if re.match(r"^citation:\s*(#.*)?$", ln)), None)
    if start is None:
        return text, []
    done = []
    for i in range(start + 1, len(lines)):
        if lines[i].strip() and not lines[i][0].isspace():
            break  # the next top-level key
        m = EMPTY.match(lines[i].rstrip("\n"))
        if m and m["name"] in FIELDS and values.get(m["name"]) and m["key"] == "  ":
            lines[i] = f"{m['key']}{m['name']}: {_scalar(values[m['name']])}\n"
            done.append(m["name"])
    return "".join(lines), done


def _with_change(text: str, description: str) -> str:
    entry = f"- version: null\n  description: {json.dumps(description, ensure_ascii=False)}\n"
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if re.match(r"^changes:\s*\[\]\s*(#.*)?$", line):
            lines[i] = "changes:\n" + entry
            return "".join(lines)
        if re.match(r"^changes:\s*(#.*)?$", line):
            end = i + 1
            while end < len(lines) and (
                lines[end].startswith(("- ", "  ")) or not lines[end].strip()
            ):
                end += 1
            return "".join(lines[:end] + [entry] + lines[end:])
    return text + ("" if text.endswith("\n") else "\n") + "changes:\n" + entry


def apply_report(root: Path, report: Path) -> list[tuple[str, list[str]]]:
    """Write every accepted candidate of ``report``: (case id, fields written) for each."""
    domain, diagnostics = load_domain(root)
    if domain is None:
        raise LiteratureError(diagnostics[0].format() if diagnostics else "model.yaml is invalid")
    written = []
    for case_id, cand, (line, col) in _accepted(report):
        path = root / "cases" / f"{case_id}.yaml"
        if not path.is_file() or path.is_symlink():
            raise LiteratureError(f"{report}:{line}:{col}: no case file cases/{case_id}.yaml")
        original = path.read_text(encoding="utf-8")
        source = str(cand["source"])
        text, done = _fill(original, cand["values"], source)
        if not done:
            continue
        named = "; ".join(f"citation.{k} from {source}" for k in done)
        ident = cand["values"].get("doi") or cand["values"].get("pmid")
        description = (
            f"Citation completed from a look-up (python -m generator lookup, accepted by a "
            f"maintainer): {named}" + (f" (record {ident})" if ident else "") + "."
        )
        path.write_text(_with_change(text, description), encoding="utf-8")
        result = validate_paths([path], case=domain.case)
        if not result.ok:
            path.write_text(original, encoding="utf-8")
            problems = "; ".join(d.format() for d in result.errors)
            raise LiteratureError(f"cases/{case_id}.yaml was left as it was: {problems}")
        written.append((case_id, done))
    return written
