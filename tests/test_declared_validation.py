"""The validator, the JSON Schema, the form's description and the scaffold follow the review's
declared model (``model.yaml``): tested on the FICTIONAL neuraxis review of the test fixtures
(sites in groups, three coded dimensions, a yes/no field, a number with a unit), which has no
Python of its own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import load_domain, validate_set
from generator.model.checks import check_review
from generator.model.validate import validate_paths, validate_text
from generator.pages import submit
from tests.helpers import REPO

NEURAXIS = REPO / "tests" / "fixtures" / "reviews" / "neuraxis"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the neuraxis review, to edit."""
    target = tmp_path / "neuraxis"
    shutil.copytree(NEURAXIS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def neuraxis_case():
    domain, diagnostics = load_domain(NEURAXIS)
    assert domain is not None, [d.format() for d in diagnostics]
    return domain.case


def test_the_neuraxis_review_validates():
    done = cli(NEURAXIS, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok: 3 cases valid"


def test_an_unknown_site_is_one_error_at_its_line(copy):
    case = copy / "cases" / "testcase-2020.yaml"
    edit(case, "sites: [frontal-lobe]", "sites: [frontal-lobes]")
    line = case.read_text(encoding="utf-8").splitlines().index("  sites: [frontal-lobes]") + 1
    done = cli(copy, "validate")
    assert done.returncode == 1
    errors = [ln for ln in done.stdout.splitlines() if ln.strip()]
    assert len(errors) == 1, done.stdout
    assert errors[0].startswith(f"{case}:{line}:11: location.sites[0]: unknown site ")
    assert "'frontal-lobes': did you mean 'frontal-lobe'? (allowed: frontal-lobe," in errors[0]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "sites: [frontal-lobe]",
            "sites: []",
            "location.sites",
            "must list at least one code (allowed: frontal-lobe, temporal-lobe, parietal-lobe, "
            "occipital-lobe, cerebellum, brainstem, cervical-spine, thoracic-spine, lumbar-spine, "
            "sacral-spine)",
        ),
        (
            "presentation: [seizures]",
            "presentation: [seizures, seizures]",
            "presentation",
            "lists seizures more than once",
        ),
        (
            "imaging: [ct, mri]",
            "imaging: [ct, pet]",
            "imaging[1]",
            "unknown imaging modality 'pet' (allowed: ct, mri)",
        ),
        ("lesion_size_mm: 18", "lesion_size_mm: 250", "lesion_size_mm", "must be at most 200"),
        ("recurrence: false", "recurrence: maybe", "recurrence", "must be true or false"),
        (
            "presentation: [seizures]",
            "presentaton: [seizures]",
            "presentaton",
            "unknown field 'presentaton': did you mean 'presentation'?",
        ),
    ],
)
def test_the_declared_fields_messages(old, new, field, message):
    text = (NEURAXIS / "cases" / "testcase-2020.yaml").read_text(encoding="utf-8")
    assert old in text
    _, diags = validate_text(
        "testcase-2020.yaml", text.replace(old, new).encode(), "testcase-2020", case=neuraxis_case()
    )
    assert [(d.field, d.message.split(", got")[0]) for d in diags] == [(field, message)]


def test_a_new_vocabulary_term_reaches_the_validator_the_schema_and_the_form(copy):
    edit(
        copy / "model.yaml",
        "      - {code: incidental,",
        "      - {code: vertigo, label: Vertigo, description: Fictional vertigo.,"
        " group: neurological}\n      - {code: incidental,",
    )
    edit(
        copy / "cases" / "testcase-2020.yaml", "presentation: [seizures]", "presentation: [vertigo]"
    )
    done = cli(copy, "validate")
    assert done.returncode == 0, done.stdout + done.stderr

    assert cli(copy, "schema").returncode == 0
    schema = json.loads((copy / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert "vertigo" in schema["properties"]["presentation"]["items"]["enum"]

    domain, _ = load_domain(copy)
    form = submit.form_data([], "https://example.org/repo", case=domain.case)
    presentation = next(f for f in form["fields"] if f["key"] == "presentation")
    assert {"value": "vertigo", "label": "Vertigo", "help": "Fictional vertigo."} in (
        presentation["options"]
    )
    assert presentation["noun"] == "presentation"


def test_the_form_shows_the_sites_in_their_groups():
    case = neuraxis_case()
    form = submit.form_data([], "https://example.org/repo", case=case)
    location = next(f for f in form["fields"] if f["key"] == "location")
    sites = next(f for f in location["fields"] if f["key"] == "sites")
    assert sites["kind"] == "codes" and sites["noun"] == "site"
    assert [o["group"] for o in sites["options"]] == ["Brain"] * 6 + ["Spine"] * 4
    assert form["location"]["scheme"] == "sites" and "messages" not in form["location"]
    assert form["readings"] == submit.READINGS  # no levels to read back
    recurrence = next(f for f in form["fields"] if f["key"] == "recurrence")
    assert recurrence["kind"] == "yes-no" and recurrence["nullable"]
    size = next(f for f in form["fields"] if f["key"] == "lesion_size_mm")
    assert size["label"] == "Largest diameter (mm)" and (size["minimum"], size["maximum"]) == (
        1,
        200,
    )


def test_this_reviews_form_sends_the_vertebral_scheme():
    form = submit.form_data([], "https://example.org/repo", case=load_domain(REPO)[0].case)
    location = form["location"]
    assert location["scheme"] == "vertebral" and location["key"] == "levels"
    assert location["positions"][0] == ["C1", "cervical"] and len(location["positions"]) == 29
    assert "location.levels" in form["readings"]


def test_the_scaffold_follows_the_declaration(copy):
    done = cli(copy, "new", "--first-author", "Fictive", "--year", "2024")
    assert done.returncode == 0, done.stderr
    path = copy / "cases" / "fictive-2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert "  sites: [TODO]" in text and "frontal-lobe, temporal-lobe" in text
    assert "presentation: [TODO]" in text and "imaging: []" in text
    assert "lesion_size_mm: null" in text and "In mm." in text
    result = validate_paths([copy / "cases"], case=neuraxis_case())
    fields = sorted(d.field for d in result.errors if d.path.endswith("fictive-2024.yaml"))
    assert fields == sorted(
        [
            "patient.sex",
            "patient.age_years",
            "location.sites[0]",
            "presentation[0]",
            "treatments[0]",
            "provenance.where",
            "found_by",
        ]
    )
    assert all("fill in this field" in d.message for d in result.errors)


def test_cached_validation_with_a_declared_model(monkeypatch):
    from generator.model import validate_file

    case = neuraxis_case()
    first = validate_set.validate_paths([NEURAXIS / "cases"], case=case)
    cached = validate_set.validate_paths([NEURAXIS / "cases"], case=case)
    assert all(a is b for a, b in zip(first.cases, cached.cases, strict=True))
    assert all(type(c) is case for c in cached.cases) and len(cached.cases) == 3
    monkeypatch.setattr(validate_file, "SEEN", validate_file.FileCache())
    fresh = validate_set.validate_paths([NEURAXIS / "cases"], case=case)
    assert [c.model_dump() for c in fresh.cases] == [c.model_dump() for c in cached.cases]


def test_an_unreadable_model_is_reported_alone(copy):
    edit(copy / "model.yaml", "    vocabulary: presentation\n", "    vocabulary: presentations\n")
    checked = check_review(copy)
    assert not checked.ok and checked.domain is None
    assert [d.field for d in checked.diagnostics] == ["fields[1].vocabulary"]
    done = cli(copy, "validate", str(copy / "cases"))
    assert done.returncode == 1 and "unknown vocabulary 'presentations'" in done.stderr
