"""The literature searches of the review: screening logs and the checks that span review.yaml,
the logs and the case files.

Every count a reader sees on the Methods page must agree with the data: for each search,
``cases_assessed - excluded = cases_included``; ``cases_included`` equals the number of case
files naming the search in ``found_by``; a search with a screening log has the counts of its
log; dates run oldest first and none is in the future. Problems are diagnostics positioned in
``review.yaml``, the screening log or the case file concerned.
"""

from __future__ import annotations

import datetime
import difflib
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .case_model import CaseBase as Case
from .diagnostics import Diagnostic
from .load import Loaded, dotted, load_yaml
from .release_checks import closed_route
from .review import REVIEW_FILE, Review, ReviewFile, Search
from .schema import DOI, MIN_YEAR, PMID, SLUG
from .validate import Result

LOG_MAX_BYTES = 4 * 1024 * 1024
"""Largest screening log accepted (a record is about 250 bytes)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


AWAITING = "awaiting-screening"
DUPLICATE = "duplicate"
DECISIONS = ["included", "excluded", AWAITING, DUPLICATE]
"""A record's decision: screened (included, excluded), not yet (awaiting-screening, as
``search run`` writes it), or a report already in the review or in an earlier screening log
(duplicate, removed before screening)."""
DUPLICATE_RULES = ["pmid", "doi", "author-year-title"]
"""How a duplicate was recognised: the same PMID, the same DOI, or the same first author, year
and title."""


class ScreenedReport(_Strict):
    """One report (record) screened by a search, and what came of it."""

    first_author: str = Field(min_length=1, description="Surname of the first author.")
    year: int = Field(ge=MIN_YEAR)
    title: str | None = Field(default=None, min_length=1)
    authors: list[str] = Field(default_factory=list, description='"Surname Initials", in order.')
    journal: str | None = Field(default=None, min_length=1)
    doi: str | None = Field(default=None, pattern=DOI)
    pmid: str | None = Field(default=None, pattern=PMID)
    cases: int | None = Field(
        default=None, ge=0, description="Eligible cases the report describes (once screened)."
    )
    decision: Literal["included", "excluded", "awaiting-screening", "duplicate"]
    duplicate_of: str | None = Field(
        default=None,
        pattern=SLUG,
        description="A duplicate: the case, or the earlier search, that has the report already.",
    )
    duplicate_by: Literal["pmid", "doi", "author-year-title"] | None = None
    reason: str | None = Field(
        default=None,
        description="Exclusion reason (a code of eligibility.exclusion_reasons): why the report, "
        "or the cases of an included report that are not in case_ids, were excluded.",
    )
    case_ids: list[str] = Field(default_factory=list, description="The cases it gave.")
    note: str | None = None


class ScreeningLog(_Strict):
    """``searches/<search-id>.yaml``: one record per report the search screened."""

    search: str = Field(pattern=SLUG, description="The id of the search in review.yaml.")
    records: list[ScreenedReport]

    @property
    def included(self) -> int:
        return sum(len(r.case_ids) for r in self.records)

    @property
    def assessed(self) -> int:
        return sum(r.cases or 0 for r in self.records)

    @property
    def awaiting(self) -> int:
        """Records not screened yet."""
        return sum(r.decision == AWAITING for r in self.records)

    @property
    def duplicates(self) -> int:
        """Records removed before screening: already in the review or an earlier log."""
        return sum(r.decision == DUPLICATE for r in self.records)

    def excluded_cases(self) -> dict[str, int]:
        """Cases excluded, by reason (records that describe no case count for none)."""
        out: Counter[str] = Counter()
        for r in self.records:
            rest = (r.cases or 0) - len(r.case_ids)
            if rest > 0 and r.reason:
                out[r.reason] += rest
        return dict(out)

    def excluded_records(self) -> dict[str, int]:
        """Records excluded at screening, describing no case to assess, by reason."""
        out: Counter[str] = Counter(
            r.reason or "-" for r in self.records if r.decision == "excluded" and r.cases == 0
        )
        return dict(out)


Logs = dict[str, ScreeningLog]
"""search id -> its screening log."""


def _at(read: ReviewFile, loc: tuple[Any, ...], message: str) -> Diagnostic:
    line, col = read.position(loc)
    return Diagnostic(REVIEW_FILE, line, col, dotted(loc), message)


def _suggest(value: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1)
    hint = f": did you mean {close[0]!r}?" if close else ""
    return f"{hint} (allowed: {', '.join(allowed)})"


def load_log(
    root: Path, search: Search, codes: list[str], known: set[str] | None = None
) -> tuple[ScreeningLog | None, list[Diagnostic]]:
    """Read and validate the screening log a search names (``codes``: the exclusion reasons;
    ``known``: the case ids and earlier searches a duplicate may name, None: not checked)."""
    shown = str(search.screening_log)
    try:
        data = (root / shown).read_bytes()
    except OSError as exc:
        return None, [Diagnostic(shown, 1, 1, "-", f"cannot read screening log: {exc.strerror}")]
    loaded = load_yaml(shown, data, max_bytes=LOG_MAX_BYTES)
    if loaded.diagnostics:
        return None, loaded.diagnostics
    try:
        log = ScreeningLog.model_validate(loaded.value)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg = err["msg"].replace("Input should be", "must be")
            out.append(Diagnostic(shown, *loaded.position(loc), dotted(loc), msg))
        return None, out
    return log, _check_log(shown, log, loaded, search, codes, known)


def _check_log(
    shown: str,
    log: ScreeningLog,
    loaded: Loaded,
    search: Search,
    codes: list[str],
    known: set[str] | None = None,
) -> list[Diagnostic]:
    """A log's records, each on its own: decisions, reasons and case ids that make sense."""
    out = []

    def err(loc: tuple[Any, ...], message: str) -> None:
        out.append(Diagnostic(shown, *loaded.position(loc), dotted(loc), message))

    if log.search != search.id:
        err(("search",), f"this log names search {log.search!r}, but {search.id!r} points at it")
    for i, r in enumerate(log.records):
        at = ("records", i)
        if r.decision in (AWAITING, DUPLICATE):
            _check_unscreened(r, at, err)
            if known is not None and r.duplicate_of and r.duplicate_of not in known:
                err(
                    (*at, "duplicate_of"),
                    f"{r.duplicate_of!r} is neither a case nor an earlier search of {REVIEW_FILE}",
                )
            continue
        if r.cases is None:
            err((*at, "cases"), f"a {r.decision} report says how many cases it describes")
            continue
        if r.duplicate_of or r.duplicate_by:
            err((*at, "duplicate_of"), "only a duplicate names what it duplicates")
        if len(r.case_ids) > r.cases:
            err(
                (*at, "cases"), f"{r.cases} case(s) described, but {len(r.case_ids)} case ids given"
            )
        if r.decision == "excluded" and r.case_ids:
            err((*at, "case_ids"), "an excluded report gives no case: empty case_ids")
        if r.decision == "included" and not r.case_ids:
            err((*at, "case_ids"), "an included report names the case(s) it gave")
        needs_reason = r.decision == "excluded" or len(r.case_ids) < r.cases
        if needs_reason and not r.reason:
            err((*at, "reason"), "give the exclusion reason (a code of exclusion_reasons)")
        if r.reason and r.reason not in codes:
            err(
                (*at, "reason"),
                f"unknown exclusion reason {r.reason!r}" + _suggest(r.reason, codes),
            )
    return out


def _check_unscreened(r: ScreenedReport, at: tuple[Any, ...], err: Any) -> None:
    """A record awaiting screening, or a duplicate: no cases, decision or reason yet."""
    if r.cases or r.case_ids or r.reason:
        err(at, f"a record marked {r.decision} gives no cases, case_ids or reason")
    named = bool(r.duplicate_of and r.duplicate_by)
    if r.decision == DUPLICATE and not named:
        err((*at, "duplicate_of"), "a duplicate names what it duplicates and duplicate_by")
    if r.decision == AWAITING and (r.duplicate_of or r.duplicate_by):
        err((*at, "duplicate_of"), "a record awaiting screening is not a duplicate")


def awaiting_screening(read: ReviewFile, logs: Logs) -> list[Diagnostic]:
    """For ``validate --release``: a search whose screening log has records not yet screened
    cannot be released."""
    review = read.review
    if review is None:
        return []
    out = []
    for i, s in enumerate(review.searches):
        log = logs.get(s.id)
        if log is not None and log.awaiting:
            out.append(
                _at(
                    read,
                    ("searches", i, "screening_log"),
                    f"{log.awaiting} record(s) of {s.screening_log} await screening: decide "
                    "each (included or excluded) before a release",
                )
            )
    return out


def check(
    root: Path,
    read: ReviewFile,
    result: Result,
    *,
    whole: bool = True,
    today: datetime.date | None = None,
    published: set[str] | None = None,
) -> tuple[Logs, list[Diagnostic]]:
    """Every check that spans the searches, their logs and the cases; ``whole`` is False when
    only some case files are validated (counts are then not compared); ``published``: the ids of
    published-ids.txt (a new case cannot name a route that a release closed; None where the review
    keeps no such record)."""
    review = read.review
    if review is None:
        return {}, []
    out = _check_entries(read, review, today or datetime.date.today())
    # a case renamed from a published one (its tombstone names it as successor) keeps its route
    if published is not None:
        published = published | {
            c.withdrawn.successor
            for c in result.cases
            if c.withdrawn and c.withdrawn.successor and c.id in published
        }
    out += _check_found_by(review, result, published)
    logs: Logs = {}
    codes = [r.code for r in review.eligibility.exclusion_reasons]
    case_ids = {c.id for c in result.cases} | set(result.invalid)
    for i, search in enumerate(review.searches):
        if search.screening_log:
            earlier = {s.id for s in review.searches[:i]}
            known = case_ids | earlier if whole else None
            log, found = load_log(root, search, codes, known)
            out += found
            if log is not None:
                logs[search.id] = log
    if whole:
        out += _check_counts(read, review, result, logs, published)
        out += _stray_logs(root, review)
    return logs, out


def _stray_logs(root: Path, review: Review) -> list[Diagnostic]:
    """Files in searches/ that no search names: a log the counts are not checked against."""
    folder = root / "searches"
    named = {s.screening_log for s in review.searches}
    if not folder.is_dir():
        return []
    return [
        Diagnostic(
            f"searches/{path.name}",
            1,
            1,
            "-",
            f"no search of {REVIEW_FILE} names this screening log (screening_log)",
            severity="warning",
        )
        for path in sorted(folder.iterdir())
        if path.is_file() and f"searches/{path.name}" not in named
    ]


def _check_entries(read: ReviewFile, review: Review, today: datetime.date) -> list[Diagnostic]:
    """The entries of searches and outside_searches alone: ids, dates, reasons, arithmetic."""
    out = []
    codes = [r.code for r in review.eligibility.exclusion_reasons]
    seen: set[str] = set()
    routes = [("searches", i, s.id) for i, s in enumerate(review.searches)]
    routes += [("outside_searches", i, o.id) for i, o in enumerate(review.outside_searches)]
    ran = len(review.searches)
    routes += [("searches", ran + i, p.id) for i, p in enumerate(review.planned_searches)]
    for key, i, route_id in routes:
        if route_id in seen:
            out.append(_at(read, (key, i, "id"), f"id {route_id!r} is used twice"))
        seen.add(route_id)
    previous: Search | None = None
    for i, s in enumerate(review.searches):
        at = ("searches", i)
        if s.day > today:
            out.append(_at(read, (*at, "date"), f"{s.date} is in the future"))
        if previous is not None and s.day <= previous.day:
            out.append(
                _at(
                    read,
                    (*at, "date"),
                    f"searches run oldest first: {s.date} is not after the previous search "
                    f"({previous.id}, {previous.date})",
                )
            )
        if not (s.query or s.keywords):
            out.append(
                _at(read, (*at, "query"), "give the query as typed, or at least the keywords")
            )
        if i > 0 and not s.screening_log:
            out.append(
                _at(
                    read,
                    (*at, "screening_log"),
                    f"a search update keeps a screening log: searches/{s.id}.yaml",
                )
            )
        for j, e in enumerate(s.cases_excluded):
            if e.reason not in codes:
                msg = f"unknown exclusion reason {e.reason!r}" + _suggest(e.reason, codes)
                out.append(_at(read, (*at, "cases_excluded", j, "reason"), msg))
        if s.cases_assessed - s.excluded_total != s.cases_included:
            out.append(
                _at(
                    read,
                    (*at, "cases_included"),
                    f"cases_assessed ({s.cases_assessed}) minus the cases excluded "
                    f"({s.excluded_total}) is {s.cases_assessed - s.excluded_total}, but "
                    f"cases_included is {s.cases_included}",
                )
            )
        previous = s
    return out


def _check_found_by(review: Review, result: Result, published: set[str] | None) -> list[Diagnostic]:
    """Each case names a search, or an entry of outside_searches, of review.yaml, and a new case
    one that is still open to new cases."""
    allowed = [s.id for s in review.searches] + [o.id for o in review.outside_searches]
    out = []
    for case in result.cases:
        if case.found_by in allowed:
            message = closed_route(case, review, published)
            if message is None:
                continue
        else:
            message = f"unknown search {case.found_by!r}" + _suggest(case.found_by, allowed)
        line, col = result.positions.get(case.id, {}).get(("found_by",), (1, 1))
        out.append(Diagnostic(result.files.get(case.id, case.id), line, col, "found_by", message))
    return out


def route_counts(cases: list[Case]) -> Counter[str]:
    """How many cases each search or outside route brought into the review, from the case files.

    Tombstones count (a search's figures are history: a duplicate merged into another case was
    still found), except a renamed case: a tombstone whose successor names the same route and
    was added by the release that withdrew the tombstone is the same case under its new id."""
    by_id = {c.id: c for c in cases}

    def renamed(case: Case) -> bool:
        new = by_id.get(case.withdrawn.successor or "") if case.withdrawn else None
        return (
            new is not None
            and case.withdrawn is not None
            and new.found_by == case.found_by
            and new.added_in == case.withdrawn.version
        )

    return Counter(c.found_by for c in cases if not renamed(c))


def _check_counts(
    read: ReviewFile, review: Review, result: Result, logs: Logs, published: set[str] | None
) -> list[Diagnostic]:
    """A search's published counts against the case files and its screening log (the entries of
    ``outside_searches`` state no count: theirs is the number of case files naming them). A case
    that cannot name its route (reported at its found_by) is not counted."""
    if None in result.invalid.values():
        return []  # a case file whose found_by cannot be read: its own error says so
    counted = [c for c in result.cases if closed_route(c, review, published) is None]
    naming = route_counts(counted) + Counter(result.invalid.values())
    out = []
    for i, s in enumerate(review.searches):
        out += _named_by(read, ("searches", i, "cases_included"), s.cases_included, naming, s.id)
        if s.id in logs:
            out += _against_log(read, i, s, logs[s.id], result)
    return out


def _named_by(
    read: ReviewFile, loc: tuple[Any, ...], count: int, naming: Counter[str], ident: str
) -> list[Diagnostic]:
    """The count at ``loc`` when it is not the number of case files naming ``ident``."""
    if naming[ident] == count:
        return []
    message = f"{loc[-1]} is {count}, but {naming[ident]} case file(s) name {ident!r} in found_by"
    return [_at(read, loc, message)]


def _against_log(
    read: ReviewFile, i: int, s: Search, log: ScreeningLog, result: Result
) -> list[Diagnostic]:
    """A search's counts must be its log's, and the log's case ids the cases naming it."""
    at = ("searches", i)
    log_name = s.screening_log
    derived = {
        "records_identified": len(log.records),
        "cases_assessed": log.assessed,
        "cases_included": log.included,
    }
    out = [
        _at(read, (*at, name), f"{name} is {getattr(s, name)}, but {log_name} gives {value}")
        for name, value in derived.items()
        if getattr(s, name) != value
    ]
    stated = {e.reason: e.cases for e in s.cases_excluded if e.cases}
    if stated != log.excluded_cases():
        given = ", ".join(f"{k}: {v}" for k, v in sorted(log.excluded_cases().items())) or "none"
        out.append(
            _at(
                read,
                (*at, "cases_excluded"),
                f"the cases excluded differ from {log_name} ({given})",
            )
        )
    in_log = {cid for r in log.records for cid in r.case_ids}
    naming = {c.id for c in result.cases if c.found_by == s.id}
    invalid = {cid for cid, route in result.invalid.items() if route == s.id}
    for cid in sorted(naming - in_log):
        line, col = result.positions.get(cid, {}).get(("found_by",), (1, 1))
        out.append(
            Diagnostic(
                result.files.get(cid, cid),
                line,
                col,
                "found_by",
                f"no record of {log_name} gives this case: add its report there",
            )
        )
    for cid in sorted(in_log - naming - invalid):
        out.append(
            _at(
                read,
                (*at, "screening_log"),
                f"{log_name} gives case {cid!r}, which does not "
                f"name {s.id!r} in found_by (or has no case file)",
            )
        )
    return out
