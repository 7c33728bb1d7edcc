"""Every case file of the repository (the source's 32 and any added since): all valid, well
named, and the committed JSON Schema is current. These tests read the real ``cases/`` folder,
not the reference copy the tests of the review's figures read."""

import json

import jsonschema
import pytest
import yaml

from generator.model.schema_file import SCHEMA_PATH, case_schema_text
from generator.model.validate import validate_paths
from tests.helpers import REPO, REVIEW


@pytest.fixture(scope="module")
def root():
    return REPO


@pytest.fixture(scope="module")
def result():
    return validate_paths([REPO / "cases"])


MODELINE = "# yaml-language-server: $schema=../schema/case.schema.json\n"


def test_every_case_is_valid(result):
    assert [d.format() for d in result.diagnostics] == []
    reference = {p.stem for p in (REVIEW / "cases").glob("*.yaml")}
    assert len(reference) == 32 and reference <= {c.id for c in result.cases}


def test_ids_match_file_names(root, result):
    names = sorted(p.stem for p in (root / "cases").glob("*.yaml"))
    assert names == [c.id for c in result.cases]


def test_each_case_file_names_the_schema(root):
    for path in (root / "cases").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(MODELINE), path.name


def test_committed_schema_is_current(root):
    assert (root / SCHEMA_PATH).read_text(encoding="utf-8") == case_schema_text(), (
        "schema/case.schema.json is stale: run `make schema`"
    )


def test_cases_pass_the_json_schema_too(root):
    """What an editor's YAML language server checks agrees with the validator on real cases."""
    schema = json.loads((root / SCHEMA_PATH).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((root / "cases").glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], path.name


def test_json_schema_rejects_unknown_keys_and_terms(root):
    schema = json.loads((root / SCHEMA_PATH).read_text(encoding="utf-8"))
    case = yaml.safe_load((root / "cases" / "sasaki-2015.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(case))
    assert list(validator.iter_errors({**case, "colour": "red"}))
    assert list(validator.iter_errors({**case, "causes": ["hemodialysis"]}))


def test_identifiers_come_from_the_shared_references(root, result):
    """No DOI or PMID that the shared bibliography does not give (never invent an identifier)."""
    shared = yaml.safe_load(
        (root.parent / "shared" / "references.yaml").read_text(encoding="utf-8")
    )
    known = {(r.get("doi"), r.get("pmid")) for r in shared["references"]}
    known.add((shared["source"]["doi"], None))
    for case in result.cases:
        cit = case.citation
        if cit.doi or cit.pmid:
            assert (cit.doi, cit.pmid) in known, case.id
