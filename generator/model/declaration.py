"""The domain a review declares in its ``model.yaml``: its fields, vocabularies, summary figures
and charts (pydantic models, unknown keys refused).

Every review shares a case-report core kept in code (:mod:`generator.model.case_model`): id,
citation, patient age and sex, outcome, follow-up, notes, provenance, ``found_by``,
discrepancies, changes, withdrawal. Everything else is declared. :func:`read_model` reads and
checks the file, with every problem at its line and column
(:mod:`generator.model.reading`, :mod:`generator.model.crosscheck`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .locations import LocationScheme, make_scheme
from .schema import ShortText, Text
from .vocabularies import GROUP, Declared, Vocabulary

FIELD_NAME = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
"""A declared field's name: lowercase words joined by underscores (lesion_size_mm)."""
CORE_FIELDS = (
    "id",
    "added_in",
    "citation",
    "patient",
    "outcome",
    "follow_up_months",
    "notes",
    "provenance",
    "found_by",
    "discrepancies",
    "changes",
    "withdrawn",
)
"""The case-report core every review has, in the order of a case file (declared fields come
between ``patient`` and ``outcome``)."""
RESERVED_NAMES = (*CORE_FIELDS, "active", "levels", "place", "cases")
"""Names a declared field may not take: the core, and the case model's own properties."""
FIELD_TYPES = ("text", "long-text", "number", "code", "codes", "yes-no", "location")
PAGES = ("charts", "home", "table-1")
"""The pages that show charts."""
CHART_KINDS = ("counts", "distribution", "location-map", "timeline", "linked")
CHART_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "counts": (("field",), ()),
    "distribution": (("value",), ("by",)),
    "location-map": (("field",), ()),
    "timeline": ((), ("field",)),
    "linked": (("fields",), ("value",)),
}
"""Chart kind -> (keys it needs, keys it may take) among field, value, by, fields."""

Page = Literal["charts", "home", "table-1"]


class TableOptions(Declared):
    """How a field appears in Table 1."""

    column: bool | ShortText = Field(
        default=False, description="true: a column titled with the field's label; or its title."
    )
    filter: bool = Field(default=False, description="A drop-down filter on the field's values.")
    shows: Literal["codes", "labels"] | None = Field(
        default=None, description="For coded fields: the column shows the codes or their labels."
    )
    prefer: str | None = Field(
        default=None,
        description="A text field whose value the column shows instead, when a case has it "
        "(the source's own wording).",
    )


class FieldSpec(Declared):
    """What every declared field has."""

    name: str = Field(pattern=FIELD_NAME, max_length=60)
    type: str
    label: ShortText = Field(description="What readers and contributors see.")
    help: Text = Field(description="Help text: the field's description in the JSON Schema.")
    required: bool = Field(
        default=False, description="Every case must give it (for codes: at least one)."
    )
    table: TableOptions | None = None

    @property
    def column(self) -> str | None:
        """The title of its Table 1 column, or None."""
        column = self.table.column if self.table else False
        return (self.label if column is True else column) or None


class TextField(FieldSpec):
    """Free text: one line (``text``, up to 500 characters) or more (``long-text``, 5,000)."""

    type: Literal["text", "long-text"]


class NumberField(FieldSpec):
    """A number, with its unit and plausible range."""

    type: Literal["number"]
    unit: ShortText | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = Field(default=False, description="Whole numbers only.")

    @model_validator(mode="after")
    def _range(self) -> NumberField:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


class CodeField(FieldSpec):
    """One code (``code``) or a list of codes (``codes``) from a declared vocabulary."""

    type: Literal["code", "codes"]
    vocabulary: str


class YesNoField(FieldSpec):
    """true or false (null when not reported, unless required)."""

    type: Literal["yes-no"]


class LocationField(FieldSpec):
    """Where the lesion is, in a location scheme (at most one such field)."""

    type: Literal["location"]
    scheme: Literal["vertebral", "sites"]
    vocabulary: str | None = Field(default=None, description="For sites: the sites' vocabulary.")

    @field_validator("vocabulary")
    @classmethod
    def _only_for_sites(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("scheme") == "vertebral":
            raise ValueError("the vertebral scheme has its own levels: remove 'vocabulary'")
        return value

    @model_validator(mode="after")
    def _sites_need_vocabulary(self) -> LocationField:
        if self.scheme == "sites" and self.vocabulary is None:
            raise ValueError("the sites scheme needs 'vocabulary': the vocabulary of its sites")
        return self


FIELD_MODELS: dict[str, type[FieldSpec]] = {
    "text": TextField,
    "long-text": TextField,
    "number": NumberField,
    "code": CodeField,
    "codes": CodeField,
    "yes-no": YesNoField,
    "location": LocationField,
}
AnyField = Annotated[
    TextField | NumberField | CodeField | YesNoField | LocationField,
    Field(discriminator="type"),
]


SELECTORS = {"is": "is_", "any_of": "any_of", "any_except": "any_except", "group": "group"}
"""A count's selectors: key in model.yaml -> attribute."""


class Count(Declared):
    """Count the active cases whose ``field`` matches one selector."""

    field: str
    is_: str | bool | None = Field(
        default=None, alias="is", description="The value (null: not reported)."
    )
    any_of: list[str] | None = Field(default=None, min_length=1)
    any_except: list[str] | None = Field(
        default=None, min_length=1, description="Cases with at least one code outside this list."
    )
    group: str | None = Field(
        default=None,
        pattern=GROUP,
        description="A vocabulary group, or a location group (counted under the primary group).",
    )

    @property
    def selector(self) -> str:
        """Which selector is given: ``is``, ``any_of``, ``any_except`` or ``group`` ("" unless
        exactly one is)."""
        given = [key for key, attr in SELECTORS.items() if attr in self.model_fields_set]
        return given[0] if len(given) == 1 else ""

    @property
    def values(self) -> list[Any]:
        """The codes (or the one value) the selector names."""
        value = getattr(self, SELECTORS[self.selector])
        return value if isinstance(value, list) else [value]

    @model_validator(mode="after")
    def _one_selector(self) -> Count:
        if not self.selector:
            raise ValueError("give exactly one of is, any_of, any_except, group")
        return self


STATISTICS = ("count", "mean", "min", "max")


class Figure(Declared):
    """A named summary figure, computed from the cases (and compared with the source's figure
    of the same name in ``review.yaml``'s ``source_summary``, when there is one)."""

    name: str = Field(pattern=FIELD_NAME, max_length=60)
    label: ShortText = Field(description="How the figure is named in sentences ('males').")
    count: Count | None = None
    mean: str | None = None
    min: str | None = None
    max: str | None = None
    decimals: int | None = Field(default=None, ge=0, le=6, description="Rounding of a mean.")

    @property
    def statistic(self) -> str:
        """``count``, ``mean``, ``min`` or ``max``."""
        return next(s for s in STATISTICS if getattr(self, s) is not None)

    @property
    def field(self) -> str:
        """The field the figure is computed over."""
        return self.count.field if self.count else getattr(self, self.statistic)

    @model_validator(mode="after")
    def _one_statistic(self) -> Figure:
        given = [s for s in STATISTICS if getattr(self, s) is not None]
        if len(given) != 1:
            got = f" (got {', '.join(given)})" if given else ""
            raise ValueError(f"give exactly one of count, mean, min, max{got}")
        return self


class Chart(Declared):
    """A chart of a generic kind bound to declared (or core) fields, and where it appears."""

    id: str = Field(pattern=GROUP, max_length=60, description="Stable: names its files.")
    kind: Literal["counts", "distribution", "location-map", "timeline", "linked"]
    title: ShortText
    subtitle: ShortText | None = Field(default=None, description="A line under the title.")
    description: Text | None = Field(
        default=None, description="One sentence for screen readers: what the chart shows."
    )
    pages: list[Page] = Field(min_length=1)
    field: str | None = None
    value: str | None = None
    by: str | None = None
    fields: list[str] | None = Field(default=None, min_length=2)

    @field_validator("field", "value", "by", "fields")
    @classmethod
    def _used_by_kind(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("kind")
        if kind in CHART_KEYS and info.field_name not in sum(CHART_KEYS[kind], ()):
            raise ValueError(f"a {kind} chart takes no {info.field_name!r}")
        return value

    @field_validator("pages")
    @classmethod
    def _pages_once(cls, pages: list[str]) -> list[str]:
        if len(set(pages)) != len(pages):
            raise ValueError("names a page more than once")
        return pages

    @model_validator(mode="after")
    def _keys_of_kind(self) -> Chart:
        missing = [k for k in CHART_KEYS[self.kind][0] if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.kind} chart needs {' and '.join(map(repr, missing))}")
        return self

    @property
    def bound(self) -> tuple[str, ...]:
        """Every field the chart reads (a timeline reads citation.year unless told)."""
        if self.kind == "timeline" and self.field is None:
            return ("citation.year",)
        singles = (self.field, self.value, self.by)
        return tuple(f for f in (*singles, *(self.fields or ())) if f is not None)


class ModelDeclaration(Declared):
    """A review's whole ``model.yaml``. Read it with :func:`generator.model.reading.read_model`, which checks what
    these models alone cannot (references between sections) and says where."""

    fields: list[AnyField] = Field(default_factory=list)
    vocabularies: dict[str, Vocabulary] = Field(default_factory=dict)
    summary: list[Figure] = Field(default_factory=list)
    charts: list[Chart] = Field(default_factory=list)
    chart_order: dict[Page, list[str]] = Field(
        default_factory=dict,
        description="The order of the charts on a page, when not the order of 'charts'.",
    )

    def field(self, name: str) -> FieldSpec:
        """The declared field called ``name`` (KeyError when there is none)."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def location_field(self) -> LocationField | None:
        """The location field, if the review declares one."""
        return next((f for f in self.fields if isinstance(f, LocationField)), None)

    def scheme(self) -> LocationScheme | None:
        """The location scheme of the location field, if any."""
        loc = self.location_field
        if loc is None:
            return None
        vocab = self.vocabularies[loc.vocabulary] if loc.vocabulary else None
        return make_scheme(loc.scheme, vocab)

    def vocabulary_of(self, name: str) -> Vocabulary:
        """The vocabulary of a code, codes or sites field."""
        return self.vocabularies[self.field(name).vocabulary]  # type: ignore[attr-defined]

    def figure(self, name: str) -> Figure:
        """The summary figure called ``name`` (KeyError when there is none)."""
        for figure in self.summary:
            if figure.name == name:
                return figure
        raise KeyError(name)

    def has_figure(self, name: str) -> bool:
        """Whether a summary figure is called ``name`` (``cases``, every case, always is)."""
        return name == "cases" or any(f.name == name for f in self.summary)

    def charts_on(self, page: str) -> list[Chart]:
        """The charts a page shows, in order."""
        shown = {c.id: c for c in self.charts if page in c.pages}
        order = self.chart_order.get(page)  # type: ignore[call-overload]
        return [shown[i] for i in order] if order else list(shown.values())

    @property
    def columns(self) -> list[FieldSpec]:
        """The declared fields that are Table 1 columns, in declaration order."""
        return [f for f in self.fields if f.column]

    @property
    def filters(self) -> list[FieldSpec]:
        """The declared fields Table 1 filters on, in declaration order."""
        return [f for f in self.fields if f.table and f.table.filter]
