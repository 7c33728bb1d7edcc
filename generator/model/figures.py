"""The value of a declared summary figure over a review's cases: what ``count``, ``mean``,
``min`` and ``max`` mean, in one place."""

from __future__ import annotations

from collections.abc import Sequence
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
        return sum(1 for case in active if counts(figure.count, case, model))
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
    """Whether ``case`` counts in ``count``. A location counts under its primary group (the
    source counts a junctional lesion under its most cranial region)."""
    if model.location_field is not None and count.field == model.location_field.name:
        return case.place is not None and case.place.primary_group == count.group
    value = field_value(case, count.field)
    if count.selector == "is":
        if count.is_ is None:  # not reported
            return not _codes(value)
        if isinstance(count.is_, bool):
            return value is count.is_
        return count.is_ in _codes(value)
    codes = set(_codes(value))
    if count.selector == "any_of":
        return bool(codes & set(count.values))
    if count.selector == "any_except":
        return bool(codes - set(count.values))
    vocabulary = model.vocabulary_of(count.field)
    return bool(codes & set(vocabulary.in_group(count.group or "")))


def _codes(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)
