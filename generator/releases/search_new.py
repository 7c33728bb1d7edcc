"""``python -m generator search new --date YYYY-MM-DD``: start a search update.

Appends an entry to ``searches`` in ``review.yaml`` with TODO placeholders (the validator
reports each until it is filled), writes an empty screening log beside it, and says what comes
next. ``review.yaml`` is edited as text, so that its comments and layout stay as they are.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..model.review import REVIEW_FILE, read_review


class SearchNewError(Exception):
    """The update cannot be started; the message says why."""


@dataclass
class Started:
    """What ``search new`` wrote."""

    search_id: str
    log: str
    next_version: str


ENTRY = """\
- id: {id}
  date: "{date}"
  run_by: TODO                # who ran the search and screened the records
  version: null               # the release that publishes the search: a new MAJOR version
  databases: [TODO]           # e.g. [PubMed, Embase]
  query: TODO                 # the query exactly as typed in each database
  keywords: []
  records_identified: TODO    # the records the search returned: the records of the log
  cases_assessed: TODO        # the cases those records describe
  cases_excluded: TODO        # [{{reason: <code of eligibility.exclusion_reasons>, cases: n}}] or []
  cases_included: TODO        # the case files that name this search in found_by
  screening_log: {log}
"""

LOG = """\
# Screening log of the search {id} (review.yaml): one record per report the search returned.
#   cases: how many eligible cases the report describes (0 if none)
#   decision: included or excluded
#   reason: a code of eligibility.exclusion_reasons in review.yaml, for an excluded report, or for
#     the cases of an included report that are not in case_ids
#   case_ids: the case files the report gave; each names this search in found_by
# A record looks like this (never guess a DOI, PMID or title: leave them null):
#   - first_author: Surname
#     year: 2026
#     title: null
#     doi: null
#     pmid: null
#     cases: 1
#     decision: included
#     reason: null
#     case_ids: [surname-2026]
search: {id}
records: []
"""


def search_entries(lines: list[str]) -> list[tuple[int, int, str, bool]]:
    """The entries of ``searches`` in review.yaml's lines: (first line, line after the last,
    id, planned) each, the comments just above an entry counted with it."""
    at, indent = _insertion(lines, planned_too=True)
    start = next(i for i, ln in enumerate(lines) if re.match(r"^searches:\s*(#.*)?$", ln))
    heads = [
        i
        for i in range(start + 1, at)
        if lines[i].startswith(f"{indent}- ") or lines[i].rstrip("\n") == f"{indent}-"
    ]
    out = []
    for n, head in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else at
        while n + 1 < len(heads) and end - 1 > head and lines[end - 1].lstrip().startswith("#"):
            end -= 1  # a comment just above the next entry belongs to it
        block = "".join(lines[head:end])
        found = re.search(r"^[ -]*id:\s*['\"]?([a-z0-9-]+)", block, re.MULTILINE)
        planned = re.search(r"^\s*status:\s*['\"]?planned\b", block, re.MULTILINE) is not None
        out.append((head, end, found.group(1) if found else "", planned))
    return out


def _insertion(lines: list[str], *, planned_too: bool = False) -> tuple[int, str]:
    """Where the new entry goes (after the last search that ran, before the planned ones, unless
    ``planned_too``) and the list's indent."""
    start = next((i for i, ln in enumerate(lines) if re.match(r"^searches:\s*(#.*)?$", ln)), None)
    if start is None:
        raise SearchNewError(f"{REVIEW_FILE} has no top-level 'searches:' list")
    end = len(lines)
    indent = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if indent is None and (m := re.match(r"^(\s*)- ", line)):
            indent = m.group(1)
        if line[:1] not in ("", " ", "\t", "\n", "#", "-"):
            end = i
            break
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # comments just above the next key belong to it
    indent = indent if indent is not None else "  "
    if not planned_too:
        planned = [head for head, _, _, p in search_entries(lines) if p]
        if planned:
            end = planned[0]
            while end - 1 > start and lines[end - 1].lstrip().startswith("#"):
                end -= 1
    return end, indent


def start_search(root: Path, date: datetime.date, search_id: str | None = None) -> Started:
    """Append a search entry dated ``date`` to review.yaml and write its empty log."""
    read = read_review(root)
    if read.review is None:
        problems = "\n".join(d.format() for d in read.diagnostics)
        raise SearchNewError(f"fix {REVIEW_FILE} first (a search left unfilled?):\n{problems}")
    review = read.review
    last = review.last_search
    if date <= last.day:
        raise SearchNewError(f"the date must be after the last search ({last.id}, {last.date})")
    search_id = search_id or f"search-{date.isoformat()}"
    if review.route(search_id) is not None:
        raise SearchNewError(f"{search_id!r} is already the id of a search in {REVIEW_FILE}")
    log = f"searches/{search_id}.yaml"
    if (root / log).exists():
        raise SearchNewError(f"{log} exists already")
    path = root / REVIEW_FILE
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at, indent = _insertion(lines)
    entry = ENTRY.format(id=search_id, date=date.isoformat(), log=log)
    block = [f"{indent}{ln}\n" if ln else "\n" for ln in entry.splitlines()]
    path.write_text("".join(lines[:at] + block + lines[at:]), encoding="utf-8")
    check = read_review(root)
    entries = check.loaded.value.get("searches", []) if check.loaded and check.loaded.value else []
    ran = [e for e in entries if not (isinstance(e, dict) and e.get("status") == "planned")]
    added = ran[-1] if ran else {}
    if not isinstance(added, dict) or added.get("id") != search_id:
        path.write_text(original, encoding="utf-8")
        raise SearchNewError(f"could not add the entry to {REVIEW_FILE}: add it by hand")
    (root / log).parent.mkdir(parents=True, exist_ok=True)
    (root / log).write_text(LOG.format(id=search_id), encoding="utf-8")
    major = int(review.version.split(".")[0]) + 1
    return Started(search_id, log, f"{major}.0.0")


def next_steps(started: Started) -> str:
    """What a contributor does after ``search new``."""
    sid, log, version = started.search_id, started.log, started.next_version
    steps = [
        f"Run the search; in {REVIEW_FILE}, replace every TODO of the new entry (who ran it, the "
        "databases, the query as typed). `python -m generator validate` lists what is left.",
        f"Record every report screened in {log}: first author, year, title, DOI or PMID where "
        "known, the cases it describes, the decision, the exclusion reason (a code of "
        "eligibility.exclusion_reasons) and the ids of the cases it gave.",
        "Add each new case with `python -m generator new --first-author ... --year ...`, "
        f"found_by set to {sid}.",
        "Fill in the counts (records_identified, cases_assessed, cases_excluded, "
        f"cases_included): the validator checks them against {log} and the case files.",
        f"Release it as a MAJOR version, {version} (a rerun search makes a MAJOR version): add "
        f"{version} at the top of `releases`, set `version: {version}` on the search and "
        f'`added_in: {version}` on its cases, then `make release-files` (README.md, "Versions, '
        'releases and citing"; CONTRIBUTING.md, "Run a search update").',
    ]
    lines = [f"added the search {sid!r} to {REVIEW_FILE} and wrote {log}. Next steps:"]
    for number, step in enumerate(steps, 1):
        lines.append(
            textwrap.fill(step, width=96, initial_indent=f"  {number}. ", subsequent_indent="     ")
        )
    return "\n".join(lines)
