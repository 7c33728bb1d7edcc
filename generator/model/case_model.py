"""A review's case model, built from its declaration with ``pydantic.create_model``.

The case-report core every review has (id, version added, citation, patient, outcome,
follow-up, notes, provenance, ``found_by``, discrepancies, changes, withdrawal) is defined here
with the models of :mod:`generator.model.schema`; the declared fields go between ``patient`` and
``outcome``, in declaration order. For this review the result has the same JSON Schema as
the hand-written case model it replaced (the committed ``schema/case.schema.json``).

>>> from pathlib import Path
>>> from generator.model import read_model, case_model
>>> Case = case_model(read_model(Path(".")).model)
>>> case = Case.model_validate(data)              # data: a case file read with load_yaml
>>> case.place.primary_group, case.place.display  # ('cervical', 'C3-C5')
"""

from __future__ import annotations

import itertools
import sys
import types
from functools import cached_property
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, field_validator

from .declaration import CodeField, FieldSpec, LocationField, ModelDeclaration, NumberField
from .locations import LocationScheme, Place, VertebralScheme
from .schema import (
    SEMVER,
    SLUG,
    Change,
    Citation,
    Discrepancy,
    Patient,
    Provenance,
    ShortText,
    Text,
    Withdrawal,
    reserved_problem,
)
from .spine import LevelRange
from .vocabularies import code_type, no_repeats

CASE_CONFIG = ConfigDict(
    extra="forbid",
    strict=True,
    str_strip_whitespace=True,
    title="Case report",
    json_schema_extra={"description": "One case file of the living review (cases/<id>.yaml)."},
)


class CaseBase(BaseModel):
    """What every review's case model has besides its fields: the id rule, and the properties
    the generator reads."""

    model_config = CASE_CONFIG

    declaration: ClassVar[ModelDeclaration]
    """The declaration the model was built from."""
    location_scheme: ClassVar[LocationScheme | None] = None
    location_field: ClassVar[str | None] = None
    """The name of the location field, if the review declares one."""

    @field_validator("id", check_fields=False)
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        problem = reserved_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @property
    def active(self) -> bool:
        """False for a withdrawn (tombstoned) case."""
        return getattr(self, "withdrawn", None) is None

    @cached_property
    def place(self) -> Place | None:
        """Where the lesion is, whatever the scheme (None without a location)."""
        if self.location_scheme is None or self.location_field is None:
            return None
        value = getattr(self, self.location_field)
        return None if value is None else self.location_scheme.place(value)

    def codes(self, name: str) -> tuple[str, ...]:
        """The codes a case gives in a code or codes field (empty when none)."""
        value = getattr(self, name)
        if value is None:
            return ()
        return tuple(value) if isinstance(value, list) else (value,)


class VertebralCase(CaseBase):
    """A case model whose location is a range of vertebral levels."""

    @property
    def levels(self) -> LevelRange:
        """The parsed levels (a vertebral range)."""
        return getattr(self, self.location_field or "location").range


def _core_head() -> dict[str, Any]:
    return {
        "id": (
            str,
            Field(
                pattern=SLUG,
                max_length=80,
                description="Stable id, equal to the file name without .yaml: first author and "
                "year, lowercase, with a suffix (-a, -b, ...) when one paper reports several cases.",
                examples=["durant-2001-a", "sasaki-2015"],
            ),
        ),
        "added_in": (
            str | None,
            Field(
                default=None,
                pattern=SEMVER,
                description="The review version that first published the case; null until it is "
                "released.",
            ),
        ),
        "citation": (Citation, ...),
        "patient": (Patient, ...),
    }


def _core_tail() -> dict[str, Any]:
    return {
        "outcome": (
            Text | None,
            Field(default=None, description="Outcome, where the source gives it."),
        ),
        "follow_up_months": (
            float | None,
            Field(
                default=None,
                ge=0,
                le=1200,
                description="Length of follow-up in months, where given.",
            ),
        ),
        "notes": (Text | None, None),
        "provenance": (Provenance, ...),
        "found_by": (
            str,
            Field(
                pattern=SLUG,
                max_length=80,
                description="How the case came into the review: the id of the literature search "
                "that found it (an id of 'searches' in review.yaml), or of the entry of "
                "'outside_searches' that says why it came from outside a search (e.g. "
                "contributed).",
                examples=["contributed"],
            ),
        ),
        "discrepancies": (list[Discrepancy], Field(default_factory=list)),
        "changes": (
            list[Change],
            Field(
                default_factory=list, description="Corrections made after the case was published."
            ),
        ),
        "withdrawn": (
            Withdrawal | None,
            Field(
                default=None,
                description="Set when the case is withdrawn or merged: its page stays as a "
                "tombstone.",
            ),
        ),
    }


def _value_type(spec: FieldSpec, model: ModelDeclaration, scheme: LocationScheme | None) -> Any:
    """The type of a declared field's value (without None)."""
    if isinstance(spec, CodeField):
        code = code_type(model.vocabularies[spec.vocabulary])
        if spec.type == "code":
            return code
        return Annotated[list[code], AfterValidator(no_repeats)]  # type: ignore[valid-type]
    if isinstance(spec, LocationField):
        assert scheme is not None
        return scheme.value_model(spec.help)
    if isinstance(spec, NumberField):
        return int if spec.integer else float
    return {"text": ShortText, "long-text": Text, "yes-no": bool}[spec.type]


def declared_field(
    spec: FieldSpec, model: ModelDeclaration, scheme: LocationScheme | None = None
) -> tuple[Any, Any]:
    """The ``create_model`` definition (type, FieldInfo) of one declared field."""
    value = _value_type(spec, model, scheme)
    if isinstance(spec, LocationField):  # its help is the description of the location object
        return (value, ...) if spec.required else (value | None, None)
    rules: dict[str, Any] = {"description": spec.help}
    if isinstance(spec, NumberField):
        rules.update(ge=spec.min, le=spec.max)
    if spec.type == "codes":
        if spec.required:
            return value, Field(min_length=1, **rules)
        return value, Field(default_factory=list, **rules)
    if spec.required:
        return value, Field(**rules)
    return value | None, Field(default=None, **rules)


def case_model(model: ModelDeclaration) -> type[CaseBase]:
    """The pydantic model of a case of the review declared by ``model``: the core, with the
    declared fields between ``patient`` and ``outcome``."""
    scheme = model.scheme()
    base = VertebralCase if isinstance(scheme, VertebralScheme) else CaseBase
    declared = {spec.name: declared_field(spec, model, scheme) for spec in model.fields}
    built = create_model(  # type: ignore[call-overload]
        "Case",
        __base__=base,
        __module__=__name__,
        **_core_head(),
        **declared,
        **_core_tail(),
    )
    built.declaration = model
    built.location_scheme = scheme
    location = model.location_field
    built.location_field = location.name if location else None
    _register(built)
    return built


_BUILT = itertools.count()


def _register(built: type[BaseModel]) -> None:
    """Make a built case model (and the models built for its fields) picklable by reference:
    each is put in a module of its own, ``generator.model.built_<n>``. The forked processes of
    :func:`generator.model.validate_set.validate_paths` inherit it and send their cases back.

    Only the module path changes: the schema (and its ``$defs`` names) was fixed when the class
    was built."""
    module = types.ModuleType(f"{__package__}.built_{next(_BUILT)}")
    sys.modules[module.__name__] = module
    pending = [built]
    while pending:
        cls = pending.pop()
        owner = sys.modules.get(cls.__module__)
        if getattr(owner, cls.__qualname__, None) is cls:
            continue  # importable as it is (the core's models)
        cls.__module__ = module.__name__
        setattr(module, cls.__qualname__, cls)
        for info in cls.model_fields.values():
            for kind in (info.annotation, *getattr(info.annotation, "__args__", ())):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    pending.append(kind)
