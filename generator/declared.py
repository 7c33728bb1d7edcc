"""Cases as instances of the review's declared case model, whatever validated them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .diagnostics import ValidationFailed
from .model import CaseBase, Domain, ModelDeclaration, load_domain


def declared_cases(cases: Iterable[Any], domain: Domain) -> list[CaseBase]:
    """The cases as instances of the review's declared case model: those that are stay as they
    are; others (validated by a model of the same fields) are rebuilt, not validated again."""
    out = []
    for case in cases:
        if isinstance(case, domain.case):
            out.append(case)
            continue
        values = {name: getattr(case, name) for name in domain.case.model_fields}
        out.append(domain.case.model_construct(case.model_fields_set, **values))
    return out


def as_declared(
    cases: Sequence[Any], model: ModelDeclaration | None = None
) -> tuple[list[CaseBase], ModelDeclaration]:
    """The cases and their declaration: that of their case model, or ``model``. Without
    either (no cases), the model of the review in the working directory, else an empty one.
    Cases of another model (``generator.schema.Case``, until the validator builds declared
    cases everywhere) become cases of the model of the review in the working directory, or of
    the checkout holding this package."""
    if all(isinstance(c, CaseBase) for c in cases) and (model or cases):
        return list(cases), model or type(cases[0]).declaration
    if not cases:
        domain, _ = load_domain(Path("."))
        return [], model or (domain.model if domain else ModelDeclaration())
    domain = default_domain()
    return declared_cases(cases, domain), model or domain.model


def default_domain(root: Path | None = None) -> Domain:
    """The domain of the review under ``root``; without it, of the review in the working
    directory, else of the checkout holding this package (raises ValidationFailed when
    ``model.yaml`` cannot be read)."""
    domain, diagnostics = load_domain(root or Path("."))
    if domain is None and root is None:
        domain, _ = load_domain(Path(__file__).resolve().parent.parent)
    if domain is None:
        raise ValidationFailed(diagnostics)
    return domain
