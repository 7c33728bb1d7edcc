"""The declaration a set of cases follows: their case model's, or the review's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import CaseBase, Domain, ModelDeclaration, load_domain
from ..model.diagnostics import ValidationFailed


def as_declared(
    cases: Sequence[CaseBase], model: ModelDeclaration | None = None
) -> tuple[list[CaseBase], ModelDeclaration]:
    """The cases and their declaration: ``model``, else their case model's; with neither (no
    cases), the declaration of the review in the working directory, else an empty one."""
    if model is not None:
        return list(cases), model
    if cases:
        return list(cases), type(cases[0]).declaration
    domain, _ = load_domain(Path("."))
    return [], domain.model if domain else ModelDeclaration()


def default_domain(root: Path | None = None) -> Domain:
    """The domain of the review under ``root`` (the working directory when None); raises
    ValidationFailed when its ``model.yaml`` cannot be read."""
    domain, diagnostics = load_domain(root or Path("."))
    if domain is None:
        raise ValidationFailed(diagnostics)
    return domain
