"""The controlled vocabularies (causes, treatments), read from ``vocabulary.yaml``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary."""

    code: str
    label: str
    description: str
    group: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The causes and treatments a case may name, in the order the legend shows them."""

    causes: tuple[Term, ...]
    treatments: tuple[Term, ...]

    def terms(self, kind: str) -> tuple[Term, ...]:
        """``kind`` is ``"causes"`` or ``"treatments"``."""
        return self.causes if kind == "causes" else self.treatments

    def codes(self, kind: str) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms(kind))

    def label(self, kind: str, code: str) -> str:
        for term in self.terms(kind):
            if term.code == code:
                return term.label
        return code

    def suggest(self, kind: str, wrong: object) -> str | None:
        """The allowed code nearest to a wrong value (by code or by label), or None."""
        text = str(wrong).strip().lower()
        candidates: dict[str, str] = {}
        for term in self.terms(kind):
            candidates[term.code.lower()] = term.code
            candidates[term.label.lower()] = term.code
        if text in candidates:
            return candidates[text]
        close = difflib.get_close_matches(text, list(candidates), n=1, cutoff=0.6)
        return candidates[close[0]] if close else None


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read the vocabulary file (trusted project data, not a contributor's file)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(
        causes=tuple(Term(**t) for t in raw["causes"]),
        treatments=tuple(Term(**t) for t in raw["treatments"]),
    )
