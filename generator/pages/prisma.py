"""What the pages show of the searches: a PRISMA 2020 flow per search, and the search status.

The first search is drawn as the source reported it (records, cases assessed, excluded with
reasons, included, plus the cases added outside a search); every later one in the PRISMA 2020
layout for updated reviews (cases in the previous version, new records identified and screened,
cases assessed, excluded with reasons, new cases included, total in the review). Figures count
cases, the review's unit, beside the records (reports) that described them.

The status compares the last search with the planned interval *as of the release date* of the
current version, never the clock: the same commit always gives the same pages.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.review import OutsideSearch, PlannedSearch, Review, Search
from ..model.searches import Logs, ScreeningLog


@dataclass
class Flow:
    """The numbers of one search's flow diagram, with their labels."""

    search: Search
    number: int
    log: ScreeningLog | None
    previous: int
    """Cases in the review before this search (0 for the first)."""
    outside: list[tuple[OutsideSearch, int]] = field(default_factory=list)
    """Closed routes outside a search (e.g. the source's own case) with their cases, shown with
    the first search; cases from open routes (contributions) count as added since."""
    cases_excluded: list[tuple[str, int]] = field(default_factory=list)
    records_excluded: list[tuple[str, int]] = field(default_factory=list)

    @property
    def update(self) -> bool:
        """Whether this is an update (drawn in the layout for updated reviews)."""
        return self.number > 1

    @property
    def total(self) -> int:
        """Cases in the review once this search's cases were added."""
        return self.previous + self.search.cases_included + sum(n for _, n in self.outside)

    @property
    def duplicates(self) -> int:
        """Records removed before screening: already a case or in an earlier log."""
        return self.log.duplicates if self.log else 0

    @property
    def awaiting(self) -> int:
        """Records not screened yet."""
        return self.log.awaiting if self.log else 0

    @property
    def screened(self) -> int:
        """Records screened (or to screen): those identified less the duplicates."""
        return len(self.log.records) - self.duplicates if self.log else 0

    @property
    def records_screened_out(self) -> int:
        return sum(n for _, n in self.records_excluded)

    @property
    def where(self) -> str:
        return ", ".join(self.search.databases)

    def text(self) -> str:
        """The flow as one sentence: the diagram's text alternative."""
        s = self.search
        excluded = "; ".join(f"{label}: {n}" for label, n in self.cases_excluded) or "none"
        if not self.update:
            extra = "".join(f" plus {n} ({o.reason.lower()})" for o, n in self.outside)
            return (
                f"Study-selection flow: {s.records_identified} references with "
                f"{s.cases_assessed} cases identified, {s.excluded_total} cases excluded, "
                f"{s.cases_included} included from the search{extra}: {self.total} cases."
            )
        screened = ""
        if self.duplicates:
            screened += f", {self.duplicates} duplicates removed before screening"
        if self.awaiting:
            screened += f", {self.awaiting} awaiting screening"
        if self.log is not None:
            screened += (
                f", {self.records_screened_out} excluded at screening (no case to assess)"
                if self.records_excluded
                else ", none excluded at screening"
            )
        return (
            f"PRISMA 2020 flow for the update of {s.date}: {self.previous} cases included in "
            f"the previous version of the review; {s.records_identified} new records identified "
            f"in {self.where}{screened}; {s.cases_assessed} cases assessed for eligibility, "
            f"{s.excluded_total} excluded ({excluded}); {s.cases_included} new cases included; "
            f"{self.total} cases in the review."
        )


def flows(review: Review, logs: Logs, counts: Mapping[str, int]) -> list[Flow]:
    """One flow per search, oldest first; ``counts`` are the cases of each route
    (:func:`generator.model.searches.route_counts`)."""
    out: list[Flow] = []
    label = review.eligibility.label
    for number, search in enumerate(review.searches, 1):
        log = logs.get(search.id)
        flow = Flow(
            search=search,
            number=number,
            log=log,
            previous=out[-1].total if out else 0,
            outside=[]
            if out
            else [
                (o, counts[o.id])
                for o in review.outside_searches
                if not o.open and counts.get(o.id)
            ],
            cases_excluded=[(label(e.reason), e.cases) for e in search.cases_excluded],
        )
        if log is not None:
            flow.records_excluded = [
                (label(code), n) for code, n in sorted(log.excluded_records().items())
            ]
        out.append(flow)
    return out


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class SearchStatus:
    """When the literature was last searched and whether an update is due, as of a date."""

    last: Search
    interval_months: int
    as_of: datetime.date
    as_of_version: str
    awaiting: list[tuple[Search, int]] = field(default_factory=list)
    """Searches whose screening log has records awaiting screening, with how many."""
    planned: PlannedSearch | None = None
    """The next search, written down before it runs."""

    @property
    def awaiting_total(self) -> int:
        return sum(n for _, n in self.awaiting)

    @property
    def due_on(self) -> datetime.date:
        """The date the next search is planned for."""
        return add_months(self.last.day, self.interval_months)

    @property
    def due(self) -> bool:
        return self.as_of >= self.due_on

    @property
    def age(self) -> str:
        """How long ago the last search was, in whole years or months, as of ``as_of``."""
        months = (
            (self.as_of.year - self.last.day.year) * 12 + self.as_of.month - self.last.day.month
        )
        if self.as_of.day < self.last.day.day:
            months -= 1
        months = max(months, 0)
        if months >= 24:
            return f"{months // 12} years"
        return f"{months} month{'s' if months != 1 else ''}"


def status(review: Review, logs: Logs | None = None) -> SearchStatus:
    """The search status as of the current version's release date, with the records still
    awaiting screening and the next planned search."""
    logs = logs or {}
    return SearchStatus(
        last=review.last_search,
        interval_months=review.update_interval_months,
        as_of=review.released_date,
        as_of_version=review.version,
        awaiting=[
            (s, logs[s.id].awaiting)
            for s in review.searches
            if s.id in logs and logs[s.id].awaiting
        ],
        planned=review.next_search,
    )
