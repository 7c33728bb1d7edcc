"""The value of a declared summary figure over a review's cases: what ``count``, ``mean``,
``min`` and ``max`` mean, in one place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .case_model import CaseBase
from .declaration import Count, Figure, ModelDeclaration


def field_value(case: CaseBase, ref: str) -> Any:
    """The value of a declared field or of a core reference (``patient.age_years``)."""
    value: Any = case
    for part in ref.split("."):
        value = getattr(value, part, None)
    return value


def figure_value(
    figure: Figure, cases: Sequence[CaseBase], model: ModelDeclaration
) -> int | float | None:
    """The figure computed over the active cases (None for a mean, min or max of no values)."""
    active = [c for c in cases if c.active]
    if figure.count is not None:
        matches = counter(figure.count, model)
        return sum(1 for case in active if matches(case))
    values = [v for c in active if (v := field_value(c, figure.field)) is not None]
    if not values:
        return None
    if figure.statistic == "min":
        return min(values)
    if figure.statistic == "max":
        return max(values)
    mean = sum(values) / len(values)
    return mean if figure.decimals is None else round(mean, figure.decimals)


def counts(count: Count, case: CaseBase, model: ModelDeclaration) -> bool:
    """Whether ``case`` counts in ``count`` (see :func:`counter`)."""
    return counter(count, model)(case)


def counter(count: Count, model: ModelDeclaration) -> Callable[[CaseBase], bool]:
    """Whether a case counts in ``count``, as a test made once for many cases. A location counts
    under its primary group (the source counts a junctional lesion under its most cranial
    region)."""
    location = model.location_field
    if location is not None and count.field == location.name:
        return lambda case: case.place is not None and case.place.primary_group == count.group
    selector, field = count.selector, count.field
    if selector == "is":
        wanted = count.is_
        if wanted is None:  # not reported
            return lambda case: not _codes(field_value(case, field))
        if isinstance(wanted, bool):
            return lambda case: field_value(case, field) is wanted
        return lambda case: wanted in _codes(field_value(case, field))
    if selector == "any_of":
        named = set(count.values)
        return lambda case: bool(set(_codes(field_value(case, field))) & named)
    if selector == "any_except":
        named = set(count.values)
        return lambda case: bool(set(_codes(field_value(case, field))) - named)
    grouped = set(model.vocabulary_of(field).in_group(count.group or ""))
    return lambda case: bool(set(_codes(field_value(case, field))) & grouped)


def _codes(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)
