"""CITATION.cff and .zenodo.json: committed, current, valid, and in step with review.yaml."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from generator.model.review import Creator, Release, Review, load_review
from generator.releases.citation_meta import (
    CITATION_FILE,
    ZENODO_FILE,
    citation_cff,
    citation_files,
    zenodo_json,
)

ROOT = Path(__file__).resolve().parents[2]
CFF_SCHEMA = ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json"
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"',]+")
REGENERATE = "run `python -m generator citation` to regenerate CITATION.cff and .zenodo.json"


@pytest.fixture(scope="module")
def review() -> Review:
    loaded, diagnostics = load_review(ROOT)
    assert loaded is not None, [d.format() for d in diagnostics]
    return loaded


def _committed(name: str) -> str:
    path = ROOT / name
    assert path.is_file(), f"{name} is missing: {REGENERATE}"
    return path.read_text(encoding="utf-8")


def _cff(text: str) -> dict:
    return yaml.safe_load(text)


def _validator() -> Draft7Validator:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)  # no format checker: `format` is an annotation here


def _schema_errors(data: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def _bumped(review: Review) -> Review:
    """The review with a new first release: the next minor version, released later."""
    major, minor, _ = (int(part) for part in review.version.split("."))
    date = max(datetime.date(2027, 1, 15), review.released_date + datetime.timedelta(days=1))
    new = Release(version=f"{major}.{minor + 1}.0", date=date.isoformat(), summary="Cases added.")
    return review.model_copy(update={"releases": [new, *review.releases]})


def _collective(creators: list[Creator]) -> list[Creator]:
    """Creators named neither "Family, Given" nor "Surname Initials", without ORCID iD or
    affiliation (see citation_meta._person_names)."""
    return [
        c
        for c in creators
        if not (c.orcid or c.affiliation or "," in c.name or re.search(r" [A-Z]{1,4}$", c.name))
    ]


# (a) the committed files are current


@pytest.mark.parametrize("name", [CITATION_FILE, ZENODO_FILE])
def test_committed_files_are_current(review, name):
    assert _committed(name) == citation_files(review)[name], f"{name} is out of date: {REGENERATE}"


def test_output_is_deterministic(review):
    assert citation_cff(review) == citation_cff(review.model_copy(deep=True))
    assert zenodo_json(review) == zenodo_json(review.model_copy(deep=True))
    for text in citation_files(review).values():
        assert text.endswith("\n") and not text.endswith("\n\n")


# (b) CITATION.cff follows CFF 1.2.0


def test_citation_cff_validates_against_the_schema():
    errors = _schema_errors(_cff(_committed(CITATION_FILE)))
    assert not errors, "CITATION.cff is not valid CFF 1.2.0:\n" + "\n".join(errors)


def test_citation_cff_content(review):
    cff = _cff(_committed(CITATION_FILE))
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["message"]
    assert cff["abstract"] == review.description
    assert cff["license"] == review.licence
    assert cff["repository-code"] == review.repository
    assert cff["url"].startswith(review.url)
    assert cff["keywords"] == sorted(review.keywords)
    assert len(cff["authors"]) == len(review.creators)
    names = [a["name"] for a in cff["authors"] if "name" in a]
    assert names == [c.name for c in _collective(review.creators)]
    (ref,) = cff["references"]
    assert ref["type"] == "article"
    assert ref["title"] == review.sources[0].title
    assert ref["journal"] == review.sources[0].journal
    assert ref["year"] == review.sources[0].year
    assert ref["doi"] == review.sources[0].doi
    assert ref["authors"][0] == {"family-names": "Guo", "given-names": "R"}
    assert len(ref["authors"]) == len(review.sources[0].authors)


def test_zenodo_json_content(review):
    zenodo = json.loads(_committed(ZENODO_FILE))
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["description"] == review.description
    assert zenodo["license"] == review.licence.lower() == "cc-by-4.0"
    assert len(zenodo["creators"]) == len(review.creators)
    for creator, entry in zip(review.creators, zenodo["creators"], strict=True):
        if creator in _collective(review.creators):
            assert entry == {"name": creator.name}
    assert zenodo["keywords"] == sorted(review.keywords)
    assert zenodo["related_identifiers"] == [
        {
            "identifier": review.sources[0].doi,
            "relation": "references",
            "resource_type": "publication-article",
        }
    ]
    assert "doi" not in zenodo  # Zenodo mints the version DOI itself


# (c) both files agree with review.yaml and with each other


def test_version_date_and_title_in_step(review):
    cff = _cff(_committed(CITATION_FILE))
    zenodo = json.loads(_committed(ZENODO_FILE))
    assert str(cff["version"]) == review.version == zenodo["version"]
    assert str(cff["date-released"]) == review.released == zenodo["publication_date"]
    assert cff["title"] == review.title == zenodo["title"]
    assert cff["url"] == review.version_url()


# (d) no invented DOI


def _dois(text: str) -> set[str]:
    return {m.rstrip(".") for m in DOI.findall(text)}


@pytest.mark.parametrize("name", [CITATION_FILE, ZENODO_FILE])
def test_no_doi_but_the_known_ones(review, name):
    allowed = {review.sources[0].doi} | ({review.doi} if review.doi else set())
    found = _dois(_committed(name))
    assert found <= allowed, f"{name}: DOIs not in review.yaml: {sorted(found - allowed)}"
    assert review.sources[0].doi in found


def test_concept_doi_only_when_set(review):
    unset = review.model_copy(update={"doi": None})
    cff = _cff(citation_cff(unset))
    assert "doi" not in cff and "identifiers" not in cff
    assert _dois(citation_cff(unset)) | _dois(zenodo_json(unset)) == {review.sources[0].doi}

    concept = "10.5281/zenodo.1234567"
    minted = review.model_copy(update={"doi": concept})
    cff = _cff(citation_cff(minted))
    assert cff["doi"] == concept
    assert cff["identifiers"][0] == {
        "type": "doi",
        "value": concept,
        "description": cff["identifiers"][0]["description"],
    }
    assert not _schema_errors(cff)
    zenodo = json.loads(zenodo_json(minted))
    assert "doi" not in zenodo, "the concept DOI is not this version's DOI"
    assert _dois(zenodo_json(minted)) == {review.sources[0].doi}


def test_people_get_person_fields(review):
    people = review.model_copy(
        update={
            "creators": [
                Creator(
                    name="Jane Q. Doe",
                    orcid="https://orcid.org/0000-0002-1825-0097",
                    affiliation="Some University",
                ),
                Creator(name="Smith, John", affiliation="A Hospital"),
                Creator(name="van der Berg AB"),
                Creator(name="A Consortium"),
                Creator(name="Contributors to the living review of tumoral calcinosis"),
            ]
        }
    )
    cff = _cff(citation_cff(people))
    assert cff["authors"] == [
        {
            "family-names": "Doe",
            "given-names": "Jane Q.",
            "affiliation": "Some University",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
        },
        {"family-names": "Smith", "given-names": "John", "affiliation": "A Hospital"},
        {"family-names": "van der Berg", "given-names": "AB"},
        {"name": "A Consortium"},
        {"name": "Contributors to the living review of tumoral calcinosis"},
    ]
    assert not _schema_errors(cff)
    assert json.loads(zenodo_json(people))["creators"] == [
        {"name": "Doe, Jane Q.", "affiliation": "Some University", "orcid": "0000-0002-1825-0097"},
        {"name": "Smith, John", "affiliation": "A Hospital"},
        {"name": "van der Berg, AB"},
        {"name": "A Consortium"},
        {"name": "Contributors to the living review of tumoral calcinosis"},
    ]


# (e) a release bump changes both files


def test_release_bump_changes_both_files(review):
    bumped = _bumped(review)
    version, date = bumped.version, bumped.released
    assert version != review.version and date != review.released

    old_cff, new_cff = _cff(citation_cff(review)), _cff(citation_cff(bumped))
    assert (str(new_cff["version"]), str(new_cff["date-released"])) == (version, date)
    assert str(old_cff["version"]) == review.version
    assert str(old_cff["date-released"]) == review.released
    assert new_cff["url"] == review.version_url(version) != old_cff["url"]
    assert not _schema_errors(new_cff)

    old_zenodo, new_zenodo = json.loads(zenodo_json(review)), json.loads(zenodo_json(bumped))
    assert (new_zenodo["version"], new_zenodo["publication_date"]) == (version, date)
    assert (old_zenodo["version"], old_zenodo["publication_date"]) == (
        review.version,
        review.released,
    )

    # Nothing else changes: the other fields are the same in both versions.
    for key in ("title", "abstract", "license", "authors", "references", "keywords"):
        assert old_cff[key] == new_cff[key]
    for key in ("title", "description", "license", "creators", "related_identifiers"):
        assert old_zenodo[key] == new_zenodo[key]
