"""The declaration, and the domain, that a set of cases follows: given by the caller, or known
from the cases themselves (a case model built from a declaration carries it)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import CaseBase, Domain, ModelDeclaration

NO_MODEL = "no cases and no model: pass the review's declaration (generator.model.load_domain)"


def as_declared(
    cases: Sequence[CaseBase], model: ModelDeclaration | None = None
) -> tuple[list[CaseBase], ModelDeclaration]:
    """The cases and their declaration: ``model``, else their case model's."""
    if model is not None:
        return list(cases), model
    if not cases:
        raise ValueError(NO_MODEL)
    return list(cases), type(cases[0]).declaration


def domain_of(cases: Sequence[CaseBase], domain: Domain | None = None) -> Domain:
    """``domain``, else the one the cases were validated with (their case model's)."""
    if domain is not None:
        return domain
    if not cases:
        raise ValueError(NO_MODEL)
    kind = type(cases[0])
    return Domain(kind.declaration, kind)
