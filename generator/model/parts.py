"""What reading a declaration passes on to its cross-checks: the items valid on their own, the
names given, and the shape of a problem; with the wording of suggestions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .declaration import Chart, FieldSpec, Figure
from .vocabularies import Vocabulary

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str, bool]
"""(where, message, whether the position is the key's rather than the value's)."""


@dataclass
class Parts:
    """The items of a declaration that are valid on their own, with where each was written,
    and every name given (valid or not: a reference to a broken item is not reported twice)."""

    fields: list[tuple[int, FieldSpec]] = field(default_factory=list)
    field_names: list[tuple[int, str]] = field(default_factory=list)
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    vocabulary_names: set[str] = field(default_factory=set)
    figures: list[tuple[int, Figure]] = field(default_factory=list)
    figure_names: list[tuple[int, str]] = field(default_factory=list)
    charts: list[tuple[int, Chart]] = field(default_factory=list)
    chart_ids: list[tuple[int, str]] = field(default_factory=list)
    chart_order: dict[str, Any] = field(default_factory=dict)


def did_you_mean(wrong: Any, allowed: Any) -> str:
    """``: did you mean 'x'?`` for the entry of ``allowed`` nearest to ``wrong``, or ``""``."""
    text = str(wrong)
    close = difflib.get_close_matches(text, [str(a) for a in allowed], n=5, cutoff=0.6)
    # two letters swapped ('lable') is the commonest slip: prefer the same letters reordered
    same_letters = [c for c in close if sorted(c) == sorted(text)]
    best = (same_letters or close or [None])[0]
    return f": did you mean {best!r}?" if best else ""


def unknown_key(key: str, allowed: list[str]) -> str:
    """The message for a key the declaration does not know, with the nearest allowed key."""
    hint = did_you_mean(key, allowed)
    if hint:
        return f"unknown key {key!r}{hint}"
    return f"unknown key {key!r}; allowed here: {', '.join(allowed)}"
