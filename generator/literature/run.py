"""``python -m generator search run SEARCH_ID [--since DATE]``: run a planned search on PubMed.

The planned entry of ``searches`` (``status: planned``, its query as it will be typed) becomes a
search that ran today: its date, the query exactly as run (the planned query limited to the
records added to PubMed, Entrez date, from ``since`` to today), the records identified, and its
screening log, one record per PMID in PMID order, each awaiting screening, or set apart as a
duplicate of a case or of an earlier log's record. Nothing is written until PubMed has answered
in full; the review is validated after writing and restored if it does not validate.

Run again the same day (before any record is screened), it writes the same files, byte for byte,
from the same answers. A search that ran on another day is not run again: plan a new one.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..model.checks import check_review
from ..model.review import REVIEW_FILE, PlannedSearch, Review, Search
from ..model.searches import AWAITING, DUPLICATE
from ..releases.search_new import search_entries
from . import LiteratureError
from .dedup import known_records
from .records import Record

RUN_BY = "python -m generator search run (PubMed, NCBI E-utilities)"
DATE_CLAUSE = re.compile(
    r'^\((?P<query>.*)\) AND \("(?P<since>[0-9/]{10})"\[edat\] : "(?P<until>[0-9/]{10})"\[edat\]\)$',
    re.DOTALL,
)


class Client(Protocol):
    """What a search needs of PubMed (:class:`generator.literature.pubmed.PubMed`)."""

    def search(self, term: str) -> tuple[int, list[str]]: ...

    def fetch(self, pmids: list[str]) -> list[Record]: ...


@dataclass
class Ran:
    """What ``search run`` wrote."""

    search_id: str
    query: str
    log: str
    identified: int
    awaiting: int
    duplicates: int
    changed: bool


def dated_query(query: str, since: datetime.date, until: datetime.date) -> str:
    """The planned query limited to the records PubMed added from ``since`` to ``until``."""
    return f'({query}) AND ("{since:%Y/%m/%d}"[edat] : "{until:%Y/%m/%d}"[edat])'


def _target(review: Review, search_id: str, today: datetime.date) -> tuple[Any, str]:
    """The planned search to run, or the search that ran today (run again), and its query."""
    planned = next((p for p in review.planned_searches if p.id == search_id), None)
    if planned is not None:
        if review.planned_searches[0].id != search_id:
            first = review.planned_searches[0].id
            raise LiteratureError(f"run the planned searches in order: {first!r} comes first")
        return planned, planned.query
    ran = next((s for s in review.searches if s.id == search_id), None)
    if ran is None:
        known = ", ".join(p.id for p in review.planned_searches) or "none"
        raise LiteratureError(
            f"{REVIEW_FILE} has no search {search_id!r} to run (planned searches: {known})"
        )
    match = DATE_CLAUSE.match(ran.query or "")
    if ran.day != today or match is None or ran.version is not None:
        raise LiteratureError(
            f"search {search_id!r} ran on {ran.date}: plan a new search (status: planned) "
            "to search again"
        )
    return ran, match["query"]


def _since(review: Review, search_id: str, since: datetime.date | None) -> datetime.date:
    earlier = [s for s in review.searches if s.id != search_id]
    default = earlier[-1].day + datetime.timedelta(days=1)
    return since or default


def run_search(
    root: Path,
    search_id: str,
    client: Client,
    *,
    today: datetime.date | None = None,
    since: datetime.date | None = None,
) -> Ran:
    """Run the search ``search_id`` of the review under ``root`` and write what it found."""
    today = today or datetime.date.today()
    checked = check_review(root)
    if not checked.ok or checked.review is None:
        raise LiteratureError(
            "the review does not validate: run python -m generator validate and fix it first"
        )
    review = checked.review
    target, base = _target(review, search_id, today)
    if isinstance(target, Search) and checked.logs.get(search_id) is not None:
        screened = [
            r for r in checked.logs[search_id].records if r.decision not in (AWAITING, DUPLICATE)
        ]
        if screened:
            raise LiteratureError(
                f"{target.screening_log} has records screened already: it is not run again"
            )
    start = _since(review, search_id, since)
    if start > today:
        raise LiteratureError(f"--since {start} is after today ({today})")
    query = dated_query(base, start, today)
    _, pmids = client.search(query)
    records = sorted(client.fetch(pmids), key=lambda r: int(r.pmid or 0))
    known = known_records(checked.result.cases, checked.logs, skip=search_id)
    rows = [_row(r, known.duplicate(r)) for r in records]
    log_name = f"searches/{search_id}.yaml"
    duplicates = sum(r["decision"] == DUPLICATE for r in rows)
    entry = _entry(target, search_id, today, query, len(rows), log_name, start, duplicates)
    changed = _write(root, search_id, entry, log_name, _log_text(search_id, query, rows))
    return Ran(search_id, query, log_name, len(rows), len(rows) - duplicates, duplicates, changed)


def _row(record: Record, duplicate: tuple[str, str] | None) -> dict[str, Any]:
    row = record.as_log()
    row["year"] = record.year or 0
    row.update(cases=None, decision=AWAITING, reason=None, case_ids=[])
    if duplicate is not None:
        row.update(decision=DUPLICATE, duplicate_of=duplicate[0], duplicate_by=duplicate[1])
    return row


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as ``value`` (JSON's double-quoted string is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _entry(
    target: PlannedSearch | Search,
    search_id: str,
    today: datetime.date,
    query: str,
    identified: int,
    log_name: str,
    since: datetime.date,
    duplicates: int,
) -> list[str]:
    """The lines of the search entry, without the list's indent."""
    run_by = target.run_by or RUN_BY
    keywords = ", ".join(_scalar(k) for k in target.keywords)
    notes = (
        f"Run with python -m generator search run on PubMed (NCBI E-utilities): the records "
        f"added to PubMed (Entrez date) from {since} to {today}; {duplicates} already in the "
        f"review or an earlier screening log, {identified - duplicates} awaiting screening."
    )
    return [
        f"- id: {search_id}",
        f'  date: "{today}"',
        f"  run_by: {_scalar(run_by)}",
        "  version: null",
        f"  databases: [{', '.join(_scalar(d) for d in target.databases)}]",
        f"  query: {_scalar(query)}",
        f"  keywords: [{keywords}]",
        f"  records_identified: {identified}",
        "  cases_assessed: 0          # counts follow the screening log as records are screened",
        "  cases_excluded: []",
        "  cases_included: 0",
        f"  screening_log: {log_name}",
        f"  notes: {_scalar(notes)}",
    ]


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


LOG_HEADER = """\
# Screening log of the search {id} (review.yaml), written by python -m generator search run.
# Query as run on PubMed: {query}
# Screen each record awaiting screening: set cases (eligible cases it describes), decision
# (included or excluded), reason (a code of eligibility.exclusion_reasons) and case_ids.
# Duplicates (already a case, or in an earlier log) were removed before screening.
"""


def _log_text(search_id: str, query: str, rows: list[dict[str, Any]]) -> str:
    body = yaml.dump(
        {"search": search_id, "records": rows},
        Dumper=_NoAliases,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return LOG_HEADER.format(id=search_id, query=" ".join(query.split())) + body


def _write(root: Path, search_id: str, entry: list[str], log_name: str, log_text: str) -> bool:
    """Put the entry in place of the search's in review.yaml and write its log; validate, and
    restore both files if the review no longer validates. Whether any byte changed."""
    path, log_path = root / REVIEW_FILE, root / log_name
    original = path.read_text(encoding="utf-8")
    old_log = log_path.read_text(encoding="utf-8") if log_path.exists() else None
    lines = original.splitlines(keepends=True)
    span = next((e for e in search_entries(lines) if e[2] == search_id), None)
    if span is None:
        raise LiteratureError(f"cannot find the entry {search_id!r} in {REVIEW_FILE}")
    head, end = span[0], span[1]
    indent = lines[head][: len(lines[head]) - len(lines[head].lstrip())]
    while end - 1 > head and not lines[end - 1].strip():
        end -= 1  # blank lines after the entry stay
    block = [f"{indent}{line}\n" for line in entry]
    text = "".join(lines[:head] + block + lines[end:])
    if text == original and old_log == log_text:
        return False
    path.write_text(text, encoding="utf-8")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(log_text, encoding="utf-8")
    checked = check_review(root)
    if not checked.ok:
        path.write_text(original, encoding="utf-8")
        if old_log is None:
            log_path.unlink()
        else:
            log_path.write_text(old_log, encoding="utf-8")
        problems = "; ".join(d.format() for d in checked.diagnostics if d.severity == "error")
        raise LiteratureError(f"the search could not be written (nothing changed): {problems}")
    return True
