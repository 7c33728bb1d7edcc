"""The domain a review declares in ``model.yaml`` (generator/model/): this review's declaration
gives today's case model exactly, a second (fictional) review's gives its own, and a bad
declaration is reported at its lines, all at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.model import LocationError, SitesScheme, VertebralScheme, case_model, read_model
from generator.model.figures import figure_value
from generator.model.load import load_yaml
from generator.model.schema_file import SCHEMA_PATH, case_schema_text
from generator.model.spine import parse_levels
from tests.helpers import REPO, REVIEW

NEURAXIS = Path(__file__).parent / "fixtures" / "reviews" / "neuraxis"
CASE_FILES = sorted((REVIEW / "cases").glob("*.yaml"))  # the released cases (tests/helpers.py)


def _read(path: Path) -> dict:
    loaded = load_yaml(path.name, path.read_bytes())
    assert not loaded.diagnostics, loaded.diagnostics
    return loaded.value


@pytest.fixture(scope="module")
def declared():
    read = read_model(REPO)
    assert read.diagnostics == [] and read.model is not None
    return read.model


@pytest.fixture(scope="module")
def built(declared):
    return case_model(declared)


@pytest.fixture(scope="module")
def neuraxis():
    read = read_model(NEURAXIS)
    assert [d.format() for d in read.diagnostics] == []
    return read.model


# ------------------------------------------------------------------------- this review


def test_same_json_schema_as_the_hand_written_case_model_gave(built):
    # the committed schema was generated from the hand-written model this one replaced
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert case_schema_text(built) == committed
    assert json.loads(committed)["title"] == built.model_json_schema()["title"]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_each_case_validates_to_the_same_values(built, path):
    data = _read(path)
    ours = built.model_validate(data)
    levels = parse_levels(data["location"]["levels"])
    assert ours.active == ("withdrawn" not in data) and ours.levels == levels
    assert ours.location.range == levels
    assert ours.place.positions == levels.levels
    assert ours.place.groups == levels.regions
    assert ours.place.primary_group == levels.region
    assert ours.place.display == str(levels)


def test_charts_and_pages_as_today(declared):
    charts = ["age-by-sex", "regions", "level-map", "causes", "treatments", "cumulative"]
    assert [c.id for c in declared.charts_on("charts")] == [*charts, "linked"]
    assert [c.id for c in declared.charts_on("table-1")] == ["age-by-sex", "regions"]
    assert [c.id for c in declared.charts_on("home")] == ["cumulative", "level-map"]
    assert [(f.name, f.column) for f in declared.columns] == [
        ("location", "Location"),
        ("causes", "Cause"),
        ("treatments", "Treatment"),
    ]
    assert [f.name for f in declared.filters] == ["location", "causes", "treatments"]


def test_summary_figures_are_todays(declared, built):
    """Every figure the source states is declared, and the summary's figures are the declared
    figures' values: the source's own where the data reproduce it (all but the sex split)."""
    from generator.pages.dataset import summarise

    review = yaml.safe_load((REPO / "review.yaml").read_text(encoding="utf-8"))
    stated = review["sources"][0]["figures"]
    assert all(declared.has_figure(key) for key in stated)
    ours = [built.model_validate(_read(p)) for p in CASE_FILES]
    summary = summarise(ours)
    for figure in declared.summary:
        assert summary.figure(figure.name) == figure_value(figure, ours, declared), figure.name
    differ = {k for k, v in stated.items() if summary.figure(k) != v}
    assert differ == {"male", "female"}
    extra = {"first_year": 1952, "last_year": 2017, "seizures": 1, "parathyroidectomy": 3}
    assert {k: summary.figure(k) for k in extra} == extra


# ------------------------------------------------------------------------- location schemes


def test_vertebral_scheme_places_a_junctional_lesion_under_its_cranial_region():
    scheme = VertebralScheme()
    place = scheme.parse({"levels": "C6-T2", "description": "posterior"})
    assert place.positions == ("C6", "C7", "T1", "T2")
    assert place.groups == ("cervical", "thoracic") and place.primary_group == "cervical"
    assert place.display == "C6-T2" and place.sort_key == (5, 8)
    assert scheme.groups == ("cervical", "thoracic", "lumbar", "sacral")
    assert "the cervical spine has C1 to C7" in scheme.problem({"levels": "C8"})
    assert scheme.json_schema()["required"] == ["levels"]


def test_sites_scheme(neuraxis):
    scheme = neuraxis.scheme()
    assert isinstance(scheme, SitesScheme) and scheme.groups == ("brain", "spine")
    place = scheme.parse({"sites": ["thoracic-spine", "frontal-lobe"]})
    assert place.positions == ("frontal-lobe", "thoracic-spine")
    assert place.groups == ("brain", "spine") and place.primary_group == "brain"
    assert place.display == "Frontal lobe, Thoracic spine"
    with pytest.raises(LocationError, match=r"sites\[0\]: unknown site 'frontal-lobes': did you"):
        scheme.parse({"sites": ["frontal-lobes"]})
    assert "more than once" in scheme.problem({"sites": ["cerebellum", "cerebellum"]})


# ------------------------------------------------------------------------- a second review


def _neuraxis_case(**changes) -> dict:
    data = _read(NEURAXIS / "cases" / "testcase-2020.yaml")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def _errors(model, data) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors(include_url=False)]


@pytest.mark.parametrize("path", sorted((NEURAXIS / "cases").glob("*.yaml")), ids=lambda p: p.stem)
def test_neuraxis_cases_validate(neuraxis, path):
    case = case_model(neuraxis).model_validate(_read(path))
    assert case.id == path.stem and case.place.groups


def test_neuraxis_model_accepts_and_refuses(neuraxis):
    model = case_model(neuraxis)
    case = model.model_validate(_neuraxis_case())
    assert case.location.sites == ["frontal-lobe"] and case.codes("imaging") == ("ct", "mri")
    assert case.place.primary_group == "brain" and not hasattr(case, "levels")
    wrong_site = _errors(model, _neuraxis_case(location={"sites": ["frontal-lobes"]}))
    assert wrong_site == [
        (
            ("location", "sites", 0),
            "unknown site 'frontal-lobes': did you mean 'frontal-lobe'? (allowed: frontal-lobe, "
            "temporal-lobe, parietal-lobe, occipital-lobe, cerebellum, brainstem, "
            "cervical-spine, thoracic-spine, lumbar-spine, sacral-spine)",
        )
    ]
    assert _errors(model, _neuraxis_case(presentation=...)) == [
        (("presentation",), "Field required")
    ]
    assert _errors(model, _neuraxis_case(presentation=[]))[0][0] == ("presentation",)
    assert _errors(model, _neuraxis_case(lesion_size_mm=500)) == [
        (("lesion_size_mm",), "Input should be less than or equal to 200")
    ]
    assert _errors(model, _neuraxis_case(imaging=["pet"]))[0][1].startswith(
        "unknown imaging modality 'pet'"
    )
    assert _errors(model, _neuraxis_case(causes=["NP"]))[0][0] == ("causes",)  # not this review's


def test_neuraxis_figures(neuraxis):
    model = case_model(neuraxis)
    cases = [model.model_validate(_read(p)) for p in sorted((NEURAXIS / "cases").glob("*.yaml"))]
    got = {f.name: figure_value(f, cases, neuraxis) for f in neuraxis.summary}
    assert got == {
        "brain": 2,
        "spine": 1,
        "seizures": 1,
        "operated": 2,
        "recurrences": 1,
        "mean_size": 12.8,
        "mean_age": 47.5,
    }


def test_one_edit_of_the_declaration_changes_the_schema(tmp_path, neuraxis):
    copy = shutil.copytree(NEURAXIS, tmp_path / "neuraxis")
    text = (copy / "model.yaml").read_text(encoding="utf-8")
    pet = "      - {code: pet, label: PET, description: Positron emission tomography.}\n"
    anchor = "      - {code: mri, label: MRI, description: Magnetic resonance imaging.}\n"
    (copy / "model.yaml").write_text(text.replace(anchor, anchor + pet), encoding="utf-8")
    read = read_model(copy)
    assert read.diagnostics == []

    def imaging_enum(declaration):
        schema = case_model(declaration).model_json_schema()
        return schema["properties"]["imaging"]["items"]["enum"]

    assert imaging_enum(neuraxis) == ["ct", "mri"]
    assert imaging_enum(read.model) == ["ct", "mri", "pet"]


# ------------------------------------------------------------------------- bad declarations

BAD = """\
fields:
  - name: causes
    type: codes
    vocabulary: cuases
    label: Cause
    help: Cause codes.
    required: true
  - name: grade
    type: number
    lable: Grade
    help: The grade.
vocabularies:
  causes:
    noun: cause
    terms:
      - {code: NP, label: No particular cause, description: None found.}
summary:
  - name: np
    label: no particular cause
    count: {field: cause, any_of: [NP]}
charts:
  - id: causes
    kind: counts
    field: causes
    title: Causes
    pages: [charts]
  - id: causes
    kind: distribution
    value: patient.age
    title: Ages
    pages: [charts]
"""


def test_a_bad_declaration_is_reported_at_its_lines_all_at_once(tmp_path):
    (tmp_path / "model.yaml").write_text(BAD, encoding="utf-8")
    read = read_model(tmp_path)
    assert read.model is None
    got = [(d.path, d.line, d.column, d.field, d.message) for d in read.diagnostics]
    assert got == [
        (
            "model.yaml",
            4,
            17,
            "fields[0].vocabulary",
            "unknown vocabulary 'cuases': did you mean 'causes'? (declared: causes)",
        ),
        ("model.yaml", 8, 5, "fields[1].label", "required key 'label' is missing"),
        ("model.yaml", 10, 5, "fields[1].lable", "unknown key 'lable': did you mean 'label'?"),
        (
            "model.yaml",
            20,
            20,
            "summary[0].count.field",
            "unknown field 'cause': did you mean 'causes'?: name a declared field or one of "
            "patient.sex, patient.age_years, citation.year, follow_up_months",
        ),
        (
            "model.yaml",
            27,
            9,
            "charts[1].id",
            "chart 'causes' is declared twice (first at line 22)",
        ),
        (
            "model.yaml",
            29,
            12,
            "charts[1].value",
            "unknown field 'patient.age': did you mean 'patient.sex'?: name a declared field or "
            "one of patient.sex, patient.age_years, citation.year, follow_up_months",
        ),
    ]


@pytest.mark.parametrize(
    ("snippet", "field", "words"),
    [
        (
            "summary:\n  - {name: x, label: x, count: {field: location, is: cervical}}",
            "summary[0].count.is",
            "use 'group'",
        ),
        (
            "summary:\n  - {name: x, label: x, count: {field: location, group: cervix}}",
            "summary[0].count.group",
            "unknown group 'cervix': did you mean 'cervical'?",
        ),
        (
            "summary:\n  - {name: x, label: x, count: {field: causes, any_of: [NP, XX]}}",
            "summary[0].count.any_of[1]",
            "unknown cause 'XX'",
        ),
        (
            "summary:\n  - {name: x, label: x, mean: causes}",
            "summary[0].mean",
            "a mean needs a number field",
        ),
        (
            "summary:\n  - {name: x, label: x, mean: citation.year, max: citation.year}",
            "summary[0]",
            "exactly one of count, mean, min, max",
        ),
        (
            "summary:\n  - {name: cases, label: x, max: citation.year}",
            "summary[0].name",
            "built in",
        ),
        (
            "charts:\n  - {id: m, kind: location-map, field: causes, title: M, pages: [charts]}",
            "charts[0].field",
            "must be a location field",
        ),
        (
            "charts:\n  - {id: m, kind: counts, field: causes, by: causes, title: M, pages: [charts]}",
            "charts[0].by",
            "a counts chart takes no 'by'",
        ),
        (
            "charts:\n  - {id: m, kind: counts, title: M, pages: [home, home]}",
            "charts[0].pages",
            "more than once",
        ),
        (
            "charts:\n  - {id: m, kind: cunts, title: M, pages: [home]}",
            "charts[0].kind",
            "did you mean 'counts'?",
        ),
        (
            "chart_order:\n  table-1: [level-map]",
            "chart_order.table-1[0]",
            "does not list 'table-1'",
        ),
        (
            "fields:\n  - {name: notes, type: text, label: N, help: N}",
            "fields[0].name",
            "a core field",
        ),
        (
            "fields:\n  - {name: site, type: location, scheme: vertebral, label: S, help: S}",
            "fields[1].type",
            "at most one location field",
        ),
        (
            "fields:\n  - {name: n, type: nmber, label: N, help: N}",
            "fields[0].type",
            "did you mean 'number'?",
        ),
        (
            "fields:\n  - {name: n, type: text, label: N, help: N, table: {column: 3}}",
            "fields[0].table.column",
            "must be true or false, or text, got 3",
        ),
        ("colours: []", "colours", "unknown key 'colours'"),
    ],
)
def test_each_cross_check(tmp_path, snippet, field, words):
    """Each snippet is added to this review's model.yaml (its section merged in)."""
    text = (REPO / "model.yaml").read_text(encoding="utf-8")
    section, _, body = snippet.partition("\n")
    if section in text.splitlines():
        text = text.replace(f"\n{section}\n", f"\n{section}\n{body}\n", 1)
    else:
        text += f"\n{snippet}\n"
    (tmp_path / "model.yaml").write_text(text, encoding="utf-8")
    got = [(d.field, d.message) for d in read_model(tmp_path).diagnostics]
    assert any(f == field and words in m for f, m in got), got


_WORDS = [
    "name",
    "type",
    "label",
    "help",
    "required",
    "table",
    "vocabulary",
    "scheme",
    "unit",
    "min",
    "max",
    "count",
    "field",
    "is",
    "any_of",
    "group",
    "mean",
    "id",
    "kind",
    "pages",
    "fields",
    "value",
    "by",
    "terms",
    "code",
    "noun",
    "causes",
    "location",
    "cervical",
    "sites",
    "home",
    "codes",
    "number",
    "NP",
    "x",
]
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.sampled_from(_WORDS),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_WORDS), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    section=st.sampled_from(["fields", "vocabularies", "summary", "charts", "chart_order"]),
    index=st.integers(0, 30),
    key=st.sampled_from(_WORDS),
    value=_values,
)
def test_read_model_never_raises(tmp_path_factory, section, index, key, value):
    """Any value at any key of any item of this review's declaration gives diagnostics, never
    an exception."""
    data = yaml.safe_load((REPO / "model.yaml").read_text(encoding="utf-8"))
    items = data[section]
    where = index % len(items) if isinstance(items, list) else sorted(items)[index % len(items)]
    if key == "x":  # the whole item replaced
        items[where] = value
    elif isinstance(items[where], dict):
        items[where][key] = value
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "model.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    read = read_model(folder)
    assert (read.model is None) == bool(read.diagnostics)
