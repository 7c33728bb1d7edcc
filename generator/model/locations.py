"""Location schemes: where in the body a case's lesion is, behind one small interface.

A review's model declares at most one location field and its scheme:

* ``vertebral`` (built in, :mod:`generator.model.spine`): a case writes ``{levels: "C3-C5",
  description: ...}``; the positions are vertebral levels, the groups are spinal regions;
* ``sites``: a case writes ``{sites: [frontal-lobe, ...], description: ...}``; the positions are
  the codes of a declared vocabulary, in its order, and the groups are its terms' ``group``.

Either way a validated value becomes a :class:`Place` (the positions it covers, its groups, its
primary group, a display string and a sort key), so that tables, summaries and charts never need
to know which scheme a review uses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
)

from . import schema
from .load import dotted
from .spine import LEVELS, REGION_ORDER, LevelRange, parse_levels, region_of
from .vocabularies import Vocabulary, code_type, default_group_label, no_repeats


class LocationError(ValueError):
    """A case's location value that its scheme refuses (the message says why)."""


@dataclass(frozen=True)
class Place:
    """Where one case's lesion is, whatever the scheme."""

    positions: tuple[str, ...]
    """Every position covered (vertebral levels or site codes), in the scheme's order."""
    groups: tuple[str, ...]
    """The groups touched (regions, or site groups), in the scheme's order, without repeats."""
    primary_group: str
    """The group the case is counted under: that of its first position in the scheme's order
    (the source counts a junctional lesion such as C6-T2 under its most cranial region)."""
    display: str
    """How the location is shown to readers ('C6-T2'; 'Frontal lobe, Cerebellum')."""
    sort_key: tuple[int, int]
    """Sorts cases along the scheme: by first position, then by last."""


class LocationScheme(ABC):
    """One way of writing where a lesion is. Subclasses say how a value is written and read."""

    name: ClassVar[str]
    noun: str
    """What one position is called in messages ('level', 'site')."""
    positions: tuple[str, ...]
    """Every position of the scheme, in order (cranial to caudal, or the declared order)."""
    groups: tuple[str, ...]
    """Every group of the scheme, in order."""

    @abstractmethod
    def group_of(self, position: str) -> str:
        """The group a position belongs to."""

    @abstractmethod
    def value_model(self, description: str) -> type[BaseModel]:
        """The pydantic model of a case's location value (named ``Location`` in the JSON
        Schema); ``description`` is the field's help text."""

    @abstractmethod
    def place(self, value: BaseModel) -> Place:
        """The :class:`Place` of a value already validated by :meth:`value_model`."""

    def group_label(self, group: str) -> str:
        """How a group is shown to readers on its own (a legend, a filter: Cervical)."""
        return default_group_label(group)

    def group_name(self, group: str) -> str:
        """How a group is named in running text (a case page: "cervical, thoracic")."""
        return group.replace("-", " ")

    def _model(self, description: str) -> type[BaseModel]:
        """:meth:`value_model`, made once per scheme and description (making one is slow)."""
        models = self.__dict__.setdefault("_value_models", {})
        if description not in models:
            models[description] = self.value_model(description)
        return models[description]

    def parse(self, raw: Any, description: str = "Where the lesion is.") -> Place:
        """Validate a case's raw location value (as read from YAML) into a :class:`Place`.

        Raises :class:`LocationError` with every problem, one per line, each prefixed by the key
        it concerns (``sites[1]: unknown site 'x' ...``)."""
        try:
            value = self._model(description).model_validate(raw)
        except ValidationError as exc:
            lines = []
            for err in exc.errors(include_url=False):
                where = dotted(tuple(err["loc"])) if err["loc"] else ""
                msg = err["msg"].removeprefix("Value error, ")
                lines.append(f"{where}: {msg}" if where else msg)
            raise LocationError("\n".join(lines)) from None
        return self.place(value)

    def problem(self, raw: Any) -> str | None:
        """Why ``raw`` is not a valid location value in this scheme, or None."""
        try:
            self.parse(raw)
        except LocationError as exc:
            return str(exc)
        return None

    @property
    @abstractmethod
    def key(self) -> str:
        """The key of the location value that names the positions (``levels``, ``sites``)."""

    @property
    @abstractmethod
    def template(self) -> tuple[str, str]:
        """The placeholder line of a new case file's positions, and its comment."""

    def json_schema(self, description: str = "Where the lesion is.") -> dict[str, Any]:
        """The JSON Schema of a case's location value."""
        return self.value_model(description).model_json_schema()


class VertebralLocation(schema.Strict):
    """Where the lesion is: a vertebral level or a range of them."""

    levels: str = Field(
        description="Vertebral level or range, cranial first: 'L4', 'C4-C6', 'L5-S1'.",
        examples=["C4-C6", "L5-S1", "L4"],
    )
    description: schema.Text | None = Field(
        default=None, description="Side, structures involved, as reported."
    )

    @field_validator("levels")
    @classmethod
    def _parse(cls, value: str) -> str:
        return str(parse_levels(value))

    @cached_property
    def range(self) -> LevelRange:
        """The parsed levels (computed once per case)."""
        return parse_levels(self.levels)


class VertebralScheme(LocationScheme):
    """Vertebral levels C1 ... S5 in regions cervical, thoracic, lumbar, sacral
    (:mod:`generator.model.spine`). A case writes one level (``L4``) or a range, cranial first."""

    name = "vertebral"
    noun = "level"
    positions = LEVELS
    groups = REGION_ORDER

    key = "levels"
    template = ("levels: TODO", "one level (L4) or a range, cranial first (C4-C6, L5-S1, C6-T2)")

    def group_of(self, position: str) -> str:
        return region_of(position)

    def value_model(self, description: str) -> type[BaseModel]:
        # today's model, with the declared help as its description; ``range`` stays available
        return create_model("Location", __base__=VertebralLocation, __doc__=description)

    def place(self, value: BaseModel) -> Place:
        rng = parse_levels(value.levels)  # type: ignore[attr-defined]
        return Place(
            positions=rng.levels,
            groups=rng.regions,
            primary_group=rng.region,
            display=str(rng),
            sort_key=(LEVELS.index(rng.start), LEVELS.index(rng.end)),
        )


class _SiteValue(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class SitesScheme(LocationScheme):
    """A declared list of anatomical sites, each in a group (``frontal-lobe`` in ``brain``).
    A case names one site or several; their order in the case file does not matter."""

    name = "sites"

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.noun = vocabulary.noun
        self.positions = vocabulary.codes
        self._group = {t.code: t.group or "" for t in vocabulary.terms}
        self.groups = tuple(dict.fromkeys(self._group[code] for code in self.positions))
        self._label = {t.code: t.label for t in vocabulary.terms}

    def group_label(self, group: str) -> str:
        """How a group is shown to readers: the vocabulary's ``group_labels``, else its name."""
        return self.vocabulary.group_label(group)

    def group_name(self, group: str) -> str:
        """In running text: the declared label as written, else the name."""
        return self.vocabulary.group_labels.get(group) or super().group_name(group)

    key = "sites"

    @property
    def template(self) -> tuple[str, str]:
        return "sites: [TODO]", f"{self.noun} codes: {', '.join(self.positions)}"

    def group_of(self, position: str) -> str:
        return self._group[position]

    def value_model(self, description: str) -> type[BaseModel]:
        site = code_type(self.vocabulary)
        sites = Annotated[list[site], AfterValidator(no_repeats)]  # type: ignore[valid-type]
        return create_model(
            "Location",
            __base__=_SiteValue,
            __doc__=description,
            sites=(
                sites,
                Field(
                    min_length=1,
                    description=f"One or more {self.noun} codes of the review's vocabulary.",
                    examples=[list(self.positions[:1])],
                ),
            ),
            description=(
                schema.Text | None,
                Field(default=None, description="Side, structures involved, as reported."),
            ),
        )

    def place(self, value: BaseModel) -> Place:
        return self.place_of(value.sites)  # type: ignore[attr-defined]

    def place_of(self, sites: Sequence[str]) -> Place:
        """The place of a list of site codes (already known to be valid)."""
        ordered = tuple(code for code in self.positions if code in set(sites))
        groups = tuple(g for g in self.groups if any(self._group[c] == g for c in ordered))
        first, last = self.positions.index(ordered[0]), self.positions.index(ordered[-1])
        return Place(
            positions=ordered,
            groups=groups,
            primary_group=self._group[ordered[0]],
            display=", ".join(self._label[c] for c in ordered),
            sort_key=(first, last),
        )


def make_scheme(name: str, vocabulary: Vocabulary | None = None) -> LocationScheme:
    """The scheme called ``name``; ``sites`` needs the vocabulary of its sites."""
    if name == "vertebral":
        return VertebralScheme()
    if name == "sites" and vocabulary is not None:
        return SitesScheme(vocabulary)
    raise ValueError(f"unknown location scheme {name!r} (or a sites scheme without vocabulary)")
