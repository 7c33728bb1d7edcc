"""Vertebral levels and spinal regions.

A case's location is a range of vertebral levels written ``C4-C6``, ``L5-S1`` or a single level
``L4``. Levels are ordered cranial to caudal; a range must run in that direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REGIONS: dict[str, tuple[str, int]] = {
    "C": ("cervical", 7),
    "T": ("thoracic", 12),
    "L": ("lumbar", 5),
    "S": ("sacral", 5),
}
"""Region letter -> (region name, number of vertebrae)."""

LEVELS: tuple[str, ...] = tuple(
    f"{letter}{n}" for letter, (_, count) in REGIONS.items() for n in range(1, count + 1)
)
"""Every vertebral level, cranial to caudal: C1 ... C7, T1 ... T12, L1 ... L5, S1 ... S5."""

REGION_ORDER: tuple[str, ...] = tuple(name for name, _ in REGIONS.values())

LETTERS = ", ".join(REGIONS)

MESSAGES = {
    "dash": "use a plain hyphen '-' between levels, not a dash, in {text}",
    "form": "expected a level such as 'L4' or a range such as 'C4-C6' (letters {letters}), "
    "got {text}{hint}",
    "hint": "; write both ends in full, e.g. '{start}-{end}'",
    "level": "{level} is not a vertebral level in {text}: the {region} spine has {first} to {last}",
    "same": "a range from a level to itself: write {start} instead of {text}",
    "reversed": "range {text} runs caudal to cranial: write the cranial level first, "
    "'{end}-{start}'",
}
"""The wording of :func:`parse_levels` (``{text}``: the value as Python's repr quotes it); the
submission form applies the same templates to the same levels."""

# [0-9], not \d: Python's \d matches any Unicode digit (L٥), the browser's only 0-9
_LEVEL = r"([CTLS])([0-9]{1,2})"
_RANGE_RE = re.compile(rf"^{_LEVEL}(?:-{_LEVEL})?$")


class LevelError(ValueError):
    """A location string that is not a valid level or range of levels."""


@dataclass(frozen=True)
class LevelRange:
    """An inclusive range of vertebral levels, cranial first."""

    start: str
    end: str

    @property
    def levels(self) -> tuple[str, ...]:
        """Every level the range covers, cranial to caudal."""
        return LEVELS[LEVELS.index(self.start) : LEVELS.index(self.end) + 1]

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions the range touches, cranial to caudal (no repeats)."""
        seen: list[str] = []
        for level in self.levels:
            name = region_of(level)
            if name not in seen:
                seen.append(name)
        return tuple(seen)

    @property
    def region(self) -> str:
        """The region of the most cranial level, as the source counts junctional lesions."""
        return region_of(self.start)

    def __str__(self) -> str:
        return self.start if self.start == self.end else f"{self.start}-{self.end}"


def region_of(level: str) -> str:
    """The region name of one level, e.g. ``region_of("T4") == "thoracic"``."""
    return REGIONS[level[0]][0]


def _check_level(letter: str, number: str, text: str) -> str:
    name, count = REGIONS[letter]
    n = int(number)
    if not 1 <= n <= count or number.startswith("0"):
        raise LevelError(
            MESSAGES["level"].format(
                level=f"{letter}{number}",
                text=repr(text),
                region=name,
                first=f"{letter}1",
                last=f"{letter}{count}",
            )
        )
    return f"{letter}{n}"


def parse_levels(text: str) -> LevelRange:
    """Parse ``"C4-C6"``, ``"L5-S1"`` or ``"L4"`` into a :class:`LevelRange`.

    Raises :class:`LevelError` with a message a contributor can act on.
    """
    if not isinstance(text, str):
        raise LevelError(f"expected a level such as 'L4' or a range such as 'C4-C6', got {text!r}")
    cleaned = text.strip()
    if "\u2013" in cleaned or "\u2014" in cleaned:
        raise LevelError(MESSAGES["dash"].format(text=repr(text)))
    match = _RANGE_RE.match(cleaned)
    if not match:
        short = re.match(r"^([CTLS])([0-9]{1,2})-([0-9]{1,2})$", cleaned)
        if short:
            letter, a, b = short.groups()
            hint = MESSAGES["hint"].format(start=f"{letter}{a}", end=f"{letter}{b}")
        else:
            hint = ""
        raise LevelError(MESSAGES["form"].format(letters=LETTERS, text=repr(text), hint=hint))
    l1, n1, l2, n2 = match.groups()
    start = _check_level(l1, n1, text)
    end = _check_level(l2, n2, text) if l2 else start
    if l2 and start == end:
        raise LevelError(MESSAGES["same"].format(start=repr(start), text=repr(text)))
    if LEVELS.index(end) < LEVELS.index(start):
        raise LevelError(MESSAGES["reversed"].format(text=repr(text), end=end, start=start))
    return LevelRange(start, end)
