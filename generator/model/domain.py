"""A review's domain at run time: its declaration and the case model built from it, read once
per content of ``model.yaml``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .case_model import CaseBase, case_model
from .declaration import ModelDeclaration
from .diagnostics import Diagnostic
from .reading import MODEL_FILE, read_model


@dataclass(frozen=True)
class Domain:
    """What a review records: its declaration (``model.yaml``) and its case model."""

    model: ModelDeclaration
    case: type[CaseBase] = field(compare=False)


_CACHE: dict[str, tuple[Domain | None, list[Diagnostic]]] = {}


def load_domain(root: Path) -> tuple[Domain | None, list[Diagnostic]]:
    """The review's domain, or None and the diagnostics of ``model.yaml`` (every problem at its
    line). Built once per content of the file: the case model is a class, and two builds of it
    would be two classes."""
    try:
        key = hashlib.sha256((root / MODEL_FILE).read_bytes()).hexdigest()
    except OSError:
        key = f"missing:{root.resolve()}"
    if key not in _CACHE:
        read = read_model(root)
        domain = None if read.model is None else Domain(read.model, case_model(read.model))
        _CACHE[key] = (domain, read.diagnostics)
    return _CACHE[key]
