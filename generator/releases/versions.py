"""What changed in which version: the "What's new" data, the Atom feed of added cases, and the
record of published case ids (a published id never disappears)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..model import CaseBase as Case
from ..model.diagnostics import Diagnostic
from ..model.review import Review, Search

PUBLISHED_IDS = "published-ids.txt"
UNRELEASED = "unreleased"


@dataclass
class VersionNews:
    """What one version (or the unreleased work) added, corrected and withdrew."""

    version: str
    date: str | None
    summary: str | None
    added: list[Case] = field(default_factory=list)
    corrected: list[tuple[Case, str]] = field(default_factory=list)
    withdrawn: list[Case] = field(default_factory=list)
    searches: list[Search] = field(default_factory=list)
    """The literature searches this version published (a rerun search makes a MAJOR version)."""


def news(cases: list[Case], review: Review) -> list[VersionNews]:
    """Version by version, newest first; unreleased changes (version null) come first."""
    by_version: dict[str, VersionNews] = {
        UNRELEASED: VersionNews(UNRELEASED, None, None),
        **{r.version: VersionNews(r.version, r.date, r.summary) for r in review.releases},
    }

    def slot(version: str | None) -> VersionNews:
        key = version or UNRELEASED
        if key not in by_version:  # a version not (yet) in review.yaml: shown as such
            by_version[key] = VersionNews(key, None, None)
        return by_version[key]

    for case in sorted(cases, key=lambda c: c.id):
        slot(case.added_in).added.append(case)
        for change in case.changes:
            slot(change.version).corrected.append((case, change.description))
        if case.withdrawn:
            slot(case.withdrawn.version).withdrawn.append(case)
    for search in review.searches:
        slot(search.version).searches.append(search)
    out = [
        v
        for v in by_version.values()
        if v.version != UNRELEASED or v.added or v.corrected or v.withdrawn or v.searches
    ]
    return sorted(out, key=_newest_first)


def _newest_first(news: VersionNews) -> tuple[int, tuple[int, ...]]:
    if news.version == UNRELEASED:
        return (0, ())
    return (1, tuple(-int(part) for part in news.version.split(".")))


def atom_feed(cases: list[Case], review: Review, label) -> bytes:
    """An Atom feed of the search updates and the cases added, newest release first (released
    ones only). Its dates are the release dates, so the same data always give the same feed."""
    dates = {r.version: r.date for r in review.releases}
    added = [c for c in cases if c.added_in in dates]
    added.sort(key=lambda c: (dates[c.added_in], c.id), reverse=True)
    updated = f"{review.released}T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(review.title)}: search updates and new cases</title>",
        f"  <id>{escape(review.url)}</id>",
        f'  <link rel="alternate" href={quoteattr(review.url)}/>',
        f'  <link rel="self" href={quoteattr(review.url + "feed.xml")}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(review.creators[0].name)}</name></author>",
    ]
    lines += _search_entries(review, dates)
    for case in added:
        url = f"{review.version_url(case.added_in)}cases/{case.id}/"
        lines += [
            "  <entry>",
            f"    <title>{escape(label(case))}</title>",
            f"    <id>{escape(review.url)}cases/{escape(case.id)}/</id>",
            f'    <link rel="alternate" href={quoteattr(url)}/>',
            f"    <updated>{dates[case.added_in]}T00:00:00Z</updated>",
            f"    <summary>Added in version {escape(case.added_in)}: {escape(label(case))}.</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _search_entries(review: Review, dates: dict[str, str]) -> list[str]:
    """Feed entries announcing each released search update (the searches after the first),
    newest first."""
    lines: list[str] = []
    updates = [s for s in review.searches[1:] if s.version in dates]
    for search in sorted(updates, key=lambda s: (dates[s.version], s.date), reverse=True):
        anchor = f"methods/#search-{search.id}"
        title = (
            f"Literature search update of {search.date} ({', '.join(search.databases)}): "
            f"{search.cases_included} new case{'s' if search.cases_included != 1 else ''}"
        )
        summary = (
            f"Version {search.version} adds the search of {search.date}, run by "
            f"{search.run_by}: {search.records_identified} records identified, "
            f"{search.cases_assessed} cases assessed, {search.excluded_total} excluded, "
            f"{search.cases_included} included."
        )
        lines += [
            "  <entry>",
            f"    <title>{escape(title)}</title>",
            f"    <id>{escape(review.url + anchor)}</id>",
            f'    <link rel="alternate" href={quoteattr(review.version_url(search.version) + anchor)}/>',
            f"    <updated>{dates[search.version]}T00:00:00Z</updated>",
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    return lines


def read_published(root: Path) -> list[tuple[str, int]]:
    """The ids recorded as published, with their line numbers."""
    path = root / PUBLISHED_IDS
    if not path.exists():
        return []
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if text:
            out.append((text, number))
    return out


def check_published(root: Path, ids: set[str]) -> list[Diagnostic]:
    """A published id must keep a case file (active, or withdrawn as a tombstone)."""
    return [
        Diagnostic(
            PUBLISHED_IDS,
            line,
            1,
            "-",
            f"published case {case_id!r} has no file cases/{case_id}.yaml: restore it, or keep it "
            "as a tombstone with a 'withdrawn' entry (reason, successor); published URLs never "
            "disappear",
        )
        for case_id, line in read_published(root)
        if case_id not in ids
    ]


def record_published(root: Path, ids: set[str]) -> list[str]:
    """Add the ids not yet recorded (run at release time); returns the ids added."""
    known = {i for i, _ in read_published(root)}
    new = sorted(ids - known)
    if new:
        path = root / PUBLISHED_IDS
        text = (
            path.read_text(encoding="utf-8")
            if path.exists()
            else (
                "# Case ids published in a release. A published id never disappears: the validator\n"
                "# fails if one has no case file. Appended by `python -m generator publish`.\n"
            )
        )
        path.write_text(text + "".join(f"{i}\n" for i in new), encoding="utf-8")
    return new
