"""The checks of a declaration that span its sections: a field's vocabulary exists, a summary
figure or a chart names declared (or core) fields of the right type and existing codes and
groups, names and ids are unique, at most one location field. Each problem is returned with its
place in ``model.yaml``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .declaration import CORE_FIELDS, RESERVED_NAMES, Chart, CodeField, Count, Figure, LocationField
from .load import Loaded
from .locations import LocationScheme, make_scheme
from .parts import Loc, Parts, Problem, did_you_mean
from .vocabularies import Term, Vocabulary

SEX = Vocabulary(
    noun="sex",
    terms=[
        Term(code="M", label="Male", description="Male."),
        Term(code="F", label="Female", description="Female."),
    ],
)
"""The codes of the core field ``patient.sex``."""


@dataclass(frozen=True)
class Target:
    """What a reference to a field (declared, or of the core) names."""

    kind: str
    """A field type: code, codes, number, yes-no, location, text, long-text."""
    vocabulary: Vocabulary | None = None
    scheme: LocationScheme | None = None
    nullable: bool = True


CORE_TARGETS = {
    "patient.sex": Target("code", SEX),
    "patient.age_years": Target("number"),
    "citation.year": Target("number", nullable=False),
    "follow_up_months": Target("number"),
}
"""The core fields a summary figure or a chart may name."""
COUNTABLE = ("code", "codes", "yes-no", "location")
BROKEN = Target("broken")
"""A declared field that has problems of its own (reported there, not again)."""

_ROLE_KINDS = {
    ("counts", "field"): COUNTABLE,
    ("distribution", "value"): ("number",),
    ("distribution", "by"): COUNTABLE,
    ("location-map", "field"): ("location",),
    ("timeline", "field"): ("number",),
    ("linked", "fields"): COUNTABLE,
    ("linked", "value"): ("number",),
}
"""(chart kind, key) -> the field types it accepts."""


def crosscheck(parts: Parts, loaded: Loaded) -> list[Problem]:
    """Every problem between the sections of a declaration."""
    targets = _targets(parts)
    return [
        *_unique("fields", "name", "field", parts.field_names, loaded),
        *_unique("summary", "name", "figure", parts.figure_names, loaded),
        *_unique("charts", "id", "chart", parts.chart_ids, loaded),
        *_check_fields(parts, loaded),
        *_check_vocabularies(parts),
        *(p for i, fig in parts.figures for p in _check_figure(i, fig, targets)),
        *(p for i, chart in parts.charts for p in _check_chart(i, chart, targets)),
        *_check_chart_order(parts),
    ]


def _line(loaded: Loaded, loc: Loc) -> int:
    return loaded.position(loc)[0]


def _unique(
    section: str, key: str, what: str, names: list[tuple[int, str]], loaded: Loaded
) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, name in names:
        if name in first:
            line = _line(loaded, (section, first[name], key))
            yield (
                (section, i, key),
                f"{what} {name!r} is declared twice (first at line {line})",
                False,
            )
        else:
            first[name] = i


def _targets(parts: Parts) -> dict[str, Target]:
    """Every name a figure or a chart may give, with what it names."""
    targets = dict(CORE_TARGETS)
    for _, name in parts.field_names:
        targets[name] = BROKEN
    for _, spec in parts.fields:
        vocab = parts.vocabularies.get(getattr(spec, "vocabulary", None) or "")
        scheme = None
        if isinstance(spec, LocationField) and (spec.scheme == "vertebral" or vocab):
            scheme = make_scheme(spec.scheme, vocab)
        if getattr(spec, "vocabulary", None) and vocab is None:
            continue  # its vocabulary is missing or broken: reported there, not again
        targets[spec.name] = Target(spec.type, vocab, scheme, nullable=not spec.required)
    return targets


def _check_fields(parts: Parts, loaded: Loaded) -> Iterator[Problem]:
    locations = [(i, s) for i, s in parts.fields if isinstance(s, LocationField)]
    for i, _spec in locations[1:]:
        line = _line(loaded, ("fields", locations[0][0]))
        msg = f"a review has at most one location field (the first is at line {line})"
        yield ("fields", i, "type"), msg, False
    texts = {s.name for _, s in parts.fields if s.type in ("text", "long-text")}
    for i, spec in parts.fields:
        loc: Loc = ("fields", i)
        if spec.name in RESERVED_NAMES:
            why = "a core field every case has" if spec.name in CORE_FIELDS else "a reserved name"
            yield (*loc, "name"), f"{spec.name!r} is {why}: choose another name", False
        name = getattr(spec, "vocabulary", None)
        if name is not None and name not in parts.vocabulary_names:
            known = sorted(parts.vocabulary_names)
            msg = f"unknown vocabulary {name!r}{did_you_mean(name, known)} (declared: "
            yield (*loc, "vocabulary"), msg + (", ".join(known) or "none") + ")", False
        yield from _check_table(loc, spec, texts)


def _check_table(loc: Loc, spec: Any, texts: set[str]) -> Iterator[Problem]:
    table = spec.table
    if table is None:
        return
    if table.filter and spec.type not in COUNTABLE:
        yield (*loc, "table", "filter"), f"a {spec.type} field cannot be a filter", False
    if table.shows is not None and not isinstance(spec, CodeField):
        yield (*loc, "table", "shows"), "only a code or codes field shows codes or labels", False
    if table.prefer is not None and table.prefer not in texts:
        msg = f"{table.prefer!r} is not a declared text field{did_you_mean(table.prefer, texts)}"
        yield (*loc, "table", "prefer"), msg, False


def _check_vocabularies(parts: Parts) -> Iterator[Problem]:
    sites = {s.vocabulary for _, s in parts.fields if isinstance(s, LocationField)}
    for name, vocab in parts.vocabularies.items():
        seen: set[str] = set()
        for k, term in enumerate(vocab.terms):
            loc: Loc = ("vocabularies", name, "terms", k)
            if term.code in seen:
                yield (*loc, "code"), f"code {term.code!r} is declared twice", False
            seen.add(term.code)
            if name in sites and term.group is None:
                yield loc, f"{vocab.noun} {term.code!r} needs a 'group' (e.g. brain)", False


def _resolve(ref: str, loc: Loc, targets: dict[str, Target]) -> tuple[Target | None, list[Problem]]:
    """What ``ref`` names, or the problem of naming nothing."""
    if ref in targets:
        target = targets[ref]
        return (None if target is BROKEN else target), []
    msg = f"unknown field {ref!r}{did_you_mean(ref, targets)}: name a declared field or one of "
    return None, [(loc, msg + ", ".join(CORE_TARGETS), False)]


def _check_figure(i: int, fig: Figure, targets: dict[str, Target]) -> list[Problem]:
    loc: Loc = ("summary", i)
    out: list[Problem] = []
    if fig.name == "cases":
        out.append(((*loc, "name"), "'cases' is built in (every case): choose another", False))
    at = (*loc, "count", "field") if fig.count else (*loc, fig.statistic)
    target, problems = _resolve(fig.field, at, targets)
    out += problems
    if target is None:
        return out
    if fig.count is None:
        if target.kind != "number":
            msg = f"a {fig.statistic} needs a number field; {fig.field!r} is a {target.kind} field"
            out.append((at, msg, False))
        return out
    if target.kind not in COUNTABLE:
        msg = f"only a code, codes, yes-no or location field can be counted; {fig.field!r} is a "
        return [*out, (at, f"{msg}{target.kind} field", False)]
    return out + _check_count((*loc, "count"), fig.count, target)


def _check_count(loc: Loc, count: Count, target: Target) -> list[Problem]:
    """The selector of a count suits its field, and names existing codes or groups."""
    sel = count.selector
    at: Loc = (*loc, sel)
    if sel == "group":
        groups = _groups(target)
        if count.group not in groups:
            listed = ", ".join(groups) or "none"
            msg = f"unknown group {count.group!r}{did_you_mean(count.group or '', groups)} "
            return [(at, f"{msg}of {count.field!r} (groups: {listed})", False)]
        return []
    if target.kind == "location":
        return [(at, "a location is counted by its groups: use 'group'", False)]
    if target.kind == "yes-no":
        if sel != "is" or not isinstance(count.is_, (bool, type(None))):
            return [(at, "a yes-no field is counted with 'is: true' or 'is: false'", False)]
        return []
    if sel == "is" and count.is_ is None:
        ok = target.nullable
        return [] if ok else [(at, f"{count.field!r} is required: no case lacks it", False)]
    vocab = target.vocabulary
    if vocab is None:
        return []
    return [
        ((*at, j) if sel != "is" else at, vocab.unknown(code), False)
        for j, code in enumerate(count.values)
        if code not in vocab.codes
    ]


def _groups(target: Target) -> tuple[str, ...]:
    if target.scheme is not None:
        return target.scheme.groups
    return target.vocabulary.groups if target.vocabulary else ()


def _check_chart(i: int, chart: Chart, targets: dict[str, Target]) -> list[Problem]:
    out: list[Problem] = []
    bindings: list[tuple[str, Loc, str]] = [
        (key, ("charts", i, key), getattr(chart, key))
        for key in ("field", "value", "by")
        if getattr(chart, key) is not None
    ]
    bindings += [
        ("fields", ("charts", i, "fields", j), f) for j, f in enumerate(chart.fields or [])
    ]
    for key, loc, ref in bindings:
        target, problems = _resolve(ref, loc, targets)
        out += problems
        kinds = _ROLE_KINDS[(chart.kind, key)]
        if target is not None and target.kind not in kinds:
            want = " or ".join(kinds)
            msg = f"a {chart.kind} chart's {key!r} must be a {want} field; {ref!r} is {target.kind}"
            out.append((loc, msg, False))
    return out


def _check_chart_order(parts: Parts) -> Iterator[Problem]:
    charts = dict((c.id, c) for _, c in parts.charts)
    known = {name for _, name in parts.chart_ids}
    for page, ids in parts.chart_order.items():
        for j, chart_id in enumerate(ids):
            loc: Loc = ("chart_order", page, j)
            if chart_id not in known:
                yield loc, f"unknown chart {chart_id!r}{did_you_mean(chart_id, known)}", False
            elif chart_id in charts and page not in charts[chart_id].pages:
                yield loc, f"chart {chart_id!r} does not list {page!r} in its pages", False
            if chart_id in ids[:j]:
                yield loc, f"chart {chart_id!r} is listed twice", False
        left_out = [c for c, chart in charts.items() if page in chart.pages and c not in ids]
        if left_out:
            msg = f"leaves out {', '.join(map(repr, left_out))}, which list(s) this page"
            yield ("chart_order", page), msg, False
