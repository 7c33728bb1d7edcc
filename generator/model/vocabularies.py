"""Controlled vocabularies declared by a review (``vocabularies:`` in ``model.yaml``), and the
pydantic type of a field holding their codes."""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .schema import ShortText, Text

CODE = r"^[A-Za-z][A-Za-z0-9]*([-_][A-Za-z0-9]+)*$"
"""A term's code: letters and digits, with single hyphens or underscores (MRI, gross-total-resection)."""
GROUP = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
"""A group's name: a lowercase slug (surgery, brain)."""


def default_group_label(group: str) -> str:
    """A group's name as readers see it when no label is declared (first-region: First region)."""
    return group.replace("-", " ").capitalize()


class Declared(BaseModel):
    """Every part of a review's declaration: unknown keys refused, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class Term(Declared):
    """One term of a controlled vocabulary."""

    code: str = Field(pattern=CODE, max_length=60, description="What a case file writes.")
    label: ShortText = Field(description="What readers see.")
    description: Text = Field(description="The definition of the term.")
    group: str | None = Field(
        default=None,
        pattern=GROUP,
        description="A group of terms (summary figures may count a group; sites are grouped).",
    )


class Vocabulary(Declared):
    """A controlled vocabulary: its terms, in the order legends and charts show them."""

    noun: ShortText = Field(
        description="What one term is called, singular, in messages: \"unknown cause 'x'\"."
    )
    terms: list[Term] = Field(min_length=1)
    group_labels: dict[str, ShortText] = Field(
        default_factory=dict,
        description=(
            "How each group of the terms is shown to readers, {group: label}, where the groups "
            "of a location in the sites scheme appear (charts, Table 1's filter, the form, case "
            "pages). A group not listed is shown as its name, capitalised (first-region: First "
            "region)."
        ),
    )

    @field_validator("group_labels")
    @classmethod
    def _labels_name_groups(cls, labels: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        terms = info.data.get("terms") or []  # absent when the terms were invalid themselves
        groups = list(dict.fromkeys(t.group for t in terms if t.group))
        unknown = [g for g in labels if g not in groups]
        if terms and unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not a group of this vocabulary's terms"
                f" (its groups: {', '.join(groups) or 'none'})"
            )
        return labels

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code, in declaration order."""
        return tuple(t.code for t in self.terms)

    @property
    def groups(self) -> tuple[str, ...]:
        """Every group named by a term, in order of first appearance."""
        return tuple(dict.fromkeys(t.group for t in self.terms if t.group))

    def group_label(self, group: str) -> str:
        """How a group is shown to readers: its declared label, else its name, capitalised."""
        return self.group_labels.get(group) or default_group_label(group)

    def term(self, code: str) -> Term | None:
        """The term with this code, or None."""
        return next((t for t in self.terms if t.code == code), None)

    def label(self, code: str) -> str:
        """The label of a code (the code itself when unknown)."""
        term = self.term(code)
        return term.label if term else code

    def in_group(self, group: str) -> tuple[str, ...]:
        """The codes of a group, in declaration order."""
        return tuple(t.code for t in self.terms if t.group == group)

    def suggest(self, wrong: object) -> str | None:
        """The code nearest to a wrong value (matched on codes and labels), or None."""
        text = str(wrong).strip().lower()
        candidates: dict[str, str] = {}
        for term in self.terms:
            candidates[term.code.lower()] = term.code
            candidates[term.label.lower()] = term.code
        if text in candidates:
            return candidates[text]
        close = difflib.get_close_matches(text, list(candidates), n=1, cutoff=0.6)
        return candidates[close[0]] if close else None

    def unknown(self, value: object) -> str:
        """The message for a value that is not one of the codes."""
        shown = repr(value) if not isinstance(value, str) or len(value) <= 60 else "a long text"
        msg = f"unknown {self.noun} {shown}"
        hint = self.suggest(value) if isinstance(value, str) else None
        if hint:
            msg += f": did you mean {hint!r}?"
        return f"{msg} (allowed: {', '.join(self.codes)})"


def code_type(vocabulary: Vocabulary) -> Any:
    """The type of one code of ``vocabulary``: a ``Literal`` of its codes (an ``enum`` in the
    JSON Schema), whose error names the vocabulary's noun and suggests the nearest code."""

    def explain(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError:
            message = vocabulary.unknown(value).replace("{", "{{").replace("}", "}}")
            raise PydanticCustomError(
                "unknown_code", message, {"noun": vocabulary.noun, "allowed": vocabulary.codes}
            ) from None

    return Annotated[Literal[vocabulary.codes], WrapValidator(explain)]  # type: ignore[valid-type]


def no_repeats(values: list[str]) -> list[str]:
    """Refuse a list of codes naming one code twice ."""
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"lists {', '.join(repeated)} more than once")
    return values
