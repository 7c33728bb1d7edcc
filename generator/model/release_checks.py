"""What a release requires of the files, checked by every validation (MAINTAINING.md, "Release").

A version named in a case or a search (``added_in``, ``changes[].version``, ``withdrawn.version``,
a search's ``version``) must be a release of ``review.yaml``. What a release published stays
published: a case in ``published-ids.txt`` says which version added it, a search whose cases
were published says which version published it, and a new case cannot name a search that a
release closed, nor a route outside the searches that is closed (``open: false``): its route is
``contributed`` or a search not yet released. ``validate --release`` asks, in addition, that
nothing is left unreleased: every case, change, withdrawal and search names its version, and
every case is in ``published-ids.txt`` (``python -m generator publish``).
"""

from __future__ import annotations

from typing import Any

from ..releases.versions import PUBLISHED_IDS
from .case_model import CaseBase as Case
from .diagnostics import Diagnostic
from .review import REVIEW_FILE, Review, ReviewFile, Search
from .validate_set import Result

Loc = tuple[Any, ...]


def closed_route(case: Case, review: Review, published: set[str] | None) -> str | None:
    """Why a case that no release published cannot name its route, if it cannot (``published``
    None: the review keeps no record of published ids, and nothing is refused)."""
    route = review.route(case.found_by)
    if published is None or case.id in published:
        return None
    if route is None or review.open_to_new_cases(route):
        return None  # an unknown route is reported by the searches' checks
    if isinstance(route, Search):
        return (
            f"search {route.id!r} was published in version {route.version}: a new case names "
            "the search that found it since, or 'contributed'"
        )
    return (
        f"{route.id!r} is closed to new cases ({route.reason}): a case found outside a search "
        "is 'contributed'"
    )


def check_releases(
    read: ReviewFile, result: Result, published: set[str] | None, *, release: bool = False
) -> list[Diagnostic]:
    """Every version a file names is a release; what was published says when; ``release``: nothing
    is left unreleased. ``published`` is None where the review keeps no published-ids.txt."""
    review = read.review
    if review is None:
        return []
    releases = {r.version for r in review.releases}
    out: list[Diagnostic] = []
    if published is None and release:
        message = f"no {PUBLISHED_IDS}: run python -m generator publish"
        out.append(Diagnostic(PUBLISHED_IDS, 1, 1, "-", message))
    for case in result.cases:
        out += _case_versions(case, result, releases, published, release)
    out += _search_versions(read, review, result, releases, published, release)
    return out


def _case_versions(
    case: Case, result: Result, releases: set[str], published: set[str] | None, release: bool
) -> list[Diagnostic]:
    shown = result.files.get(case.id, case.id)
    where = result.positions.get(case.id, {})

    def at(loc: Loc, message: str) -> Diagnostic:
        line, col = where.get(loc, where.get(("id",), (1, 1)))
        return Diagnostic(shown, line, col, ".".join(map(str, loc)).replace(".[", "["), message)

    named: list[tuple[Loc, str | None]] = [(("added_in",), case.added_in)]
    named += [(("changes", i, "version"), c.version) for i, c in enumerate(case.changes)]
    if case.withdrawn:
        named.append((("withdrawn", "version"), case.withdrawn.version))
    out = []
    for loc, version in named:
        if version is not None and version not in releases:
            out.append(at(loc, f"version {version} is not a release of {REVIEW_FILE}"))
        elif version is None and release:
            out.append(at(loc, f"set the version that releases this ({_newest(releases)})"))
    if published is None:
        return out
    if case.id in published and case.added_in is None:
        out.append(
            at(
                ("added_in",),
                f"the case is published ({PUBLISHED_IDS}): set added_in to the version that "
                "first published it",
            )
        )
    elif case.id not in published and case.added_in in releases:
        out.append(
            at(
                ("added_in",),
                f"added_in is {case.added_in}, but the case is not in {PUBLISHED_IDS}: a new "
                "case leaves added_in null until its release (python -m generator publish "
                "records it then)",
            )
        )
    return out


def _search_versions(
    read: ReviewFile,
    review: Review,
    result: Result,
    releases: set[str],
    published: set[str] | None,
    release: bool,
) -> list[Diagnostic]:
    out = []
    for i, s in enumerate(review.searches):
        line, col = read.position(("searches", i, "version"))
        if s.version is not None and s.version not in releases:
            message = f"version {s.version} is not a release of {REVIEW_FILE}"
        elif s.version is None and (
            release or any(c.found_by == s.id and c.id in (published or ()) for c in result.cases)
        ):
            message = (
                "its cases are published: set the version that published this search"
                if not release
                else f"set the version that releases this search ({_newest(releases)})"
            )
        else:
            continue
        out.append(Diagnostic(REVIEW_FILE, line, col, f"searches[{i}].version", message))
    return out


def _newest(releases: set[str]) -> str:
    return max(releases, key=lambda v: tuple(int(p) for p in v.split(".")))
