"""The "Submit a case" form's description: derived from the review's declared case model."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.model import load_domain
from generator.model.review import load_review
from generator.model.schema_file import SCHEMA_PATH, case_schema_text
from generator.pages import submit
from generator.pages.common import environment
from generator.pages.pipeline import build
from tests.helpers import REPO

DOMAIN, _ = load_domain(REPO)
Case = DOMAIN.case
VOCABULARIES = DOMAIN.model.vocabularies


def edited_domain(tmp_path: Path, old: str, new: str):
    """The domain of a copy of this review's model.yaml with one edit."""
    text = (REPO / "model.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "model.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    domain, diagnostics = load_domain(tmp_path)
    assert domain is not None, [d.format() for d in diagnostics]
    return domain


@pytest.fixture(scope="module")
def site(root):
    return build(root)


class Controls(HTMLParser):
    """The names of a page's form controls, and its ids."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, list[dict[str, str | None]]] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag in ("input", "textarea", "select") and a.get("name"):
            self.names.setdefault(a["name"], []).append(a)


def controls(page: str) -> Controls:
    parser = Controls()
    parser.feed(page)
    return parser


def schema_paths(schema: dict, node: dict | None = None, prefix: str = "") -> list[str]:
    """Every leaf field of the schema as a dotted path (list items as ``[__i__]``)."""
    node = node or schema
    out = []
    for key, prop in node.get("properties", {}).items():
        target, _ = submit._resolve(prop, schema["$defs"])
        if target.get("type") == "object":
            out += schema_paths(schema, target, f"{prefix}{key}.")
        elif target.get("type") == "array" and "$ref" in target.get("items", {}):
            item, _ = submit._resolve(target["items"], schema["$defs"])
            out += schema_paths(schema, item, f"{prefix}{key}[__i__].")
        else:
            out.append(prefix + key)
    return out


def test_every_schema_field_has_a_control_named_by_its_path(site):
    names = controls(site.pages[submit.PAGE]).names
    expected = schema_paths(submit.case_schema())
    assert set(names) == set(expected)
    for name in ("citation.first_author", "citation.year", "patient.sex", "patient.age_years"):
        assert name in names
    assert "discrepancies[__i__].field" in names  # a repeatable group, from a <template>
    assert [a["value"] for a in names["causes"]] == list(VOCABULARIES["causes"].codes)
    assert [a["value"] for a in names["treatments"]] == list(VOCABULARIES["treatments"].codes)


def test_ids_are_unique_and_every_control_has_its_help(site):
    page = site.pages[submit.PAGE]
    found = controls(page)
    assert len(found.ids) == len(set(found.ids))
    for name, attrs in found.names.items():
        for a in attrs:
            for ref in (a.get("aria-describedby") or "").split():
                assert ref in found.ids, (name, ref)


def test_fields_follow_the_models_order_and_kinds():
    fields = {f.key: f for f in submit.form_fields()}
    assert list(fields) == list(Case.model_fields)
    kinds = {f.key: f.kind for f in fields["citation"].fields}
    assert kinds["authors"] == "lines" and kinds["year"] == "integer" and kinds["doi"] == "text"
    patient = {f.key: f for f in fields["patient"].fields}
    assert patient["sex"].kind == "choice" and patient["sex"].nullable
    assert patient["age_years"].kind == "number" and patient["age_years"].required
    assert (patient["age_years"].minimum, patient["age_years"].maximum) == (0, 120)
    assert fields["causes"].kind == "codes" and fields["causes"].required
    assert fields["discrepancies"].kind == "repeat"
    assert fields["discrepancies"].item_label == "discrepancy"
    assert fields["notes"].kind == "textarea"
    assert fields["withdrawn"].kind == "group" and fields["withdrawn"].maintainer


NEW_FIELD = """  - name: search_note
    type: text
    label: Search note
    help: How the search found the case.

  - name: cause_as_reported"""


def test_a_new_declared_field_needs_no_edit_of_the_form(tmp_path):
    domain = edited_domain(tmp_path, "  - name: cause_as_reported", NEW_FIELD)
    fields = {f.key: f for f in submit.form_fields(domain.case)}
    assert list(fields)[list(fields).index("causes") + 1] == "search_note"
    assert fields["search_note"].kind == "text" and fields["search_note"].nullable
    assert fields["search_note"].help == "How the search found the case."
    assert fields["search_note"].label == "Search note"
    review, _ = load_review(REPO)
    page = submit.page(environment(), {"review": review, "domain": domain}, "../")
    assert 'name="search_note"' in page and 'id="f-search_note-help"' in page
    schema = json.loads(case_schema_text(domain.case))
    assert schema["properties"]["search_note"]["description"] == "How the search found the case."


NEW_TERM = """      - code: XX
        label: A new cause
        description: Defined in the vocabulary.
      - code: NP"""


def test_a_new_vocabulary_term_needs_no_edit_of_the_form(tmp_path):
    domain = edited_domain(tmp_path, "      - code: NP", NEW_TERM)
    causes = next(f for f in submit.form_fields(domain.case) if f.key == "causes")
    assert causes.noun == "cause"
    assert causes.options[0] == {
        "value": "XX",
        "label": "A new cause",
        "help": "Defined in the vocabulary.",
    }


def test_site_files_for_the_form(site, root):
    form = json.loads(site.files[submit.FORM_FILE])
    assert form["ids"] == sorted(c.id for c in site.cases)
    assert form["repository"] == site.review.repository.rstrip("/")
    assert form["modeline"] == "# yaml-language-server: $schema=../schema/case.schema.json"
    assert form["messages"]["patterns"]["doi"].startswith("must be a bare DOI")
    # the committed schema, so that the page validates offline against exactly it
    committed = (root / SCHEMA_PATH).read_text(encoding="utf-8")
    assert site.files[submit.SCHEMA_FILE].decode() == committed == case_schema_text()
    assert build(root).files[submit.FORM_FILE] == site.files[submit.FORM_FILE]  # deterministic


def test_curation_gaps(site):
    gaps = submit.curation_gaps(site.cases)
    assert sum(g["bare"] for g in gaps) == 16
    assert sum(g["unidentified"] for g in gaps) == 28
    page = site.pages["contributing.md"]
    assert "16 have no title, authors, DOI or PMID at all, and 28 have neither DOI nor PMID" in page
    for g in gaps:
        assert f'href="../submit/?case={g["case"].id}"' in page


def test_links_to_the_form(site, root):
    assert 'href="submit/"' in site.pages["index.md"]
    assert 'href="../submit/"' in site.pages["table-1.md"]
    assert 'href="../submit/"' in site.pages["contributing.md"]
    for case in site.cases:
        assert f'href="../../submit/?case={case.id}"' in site.pages[f"cases/{case.id}.md"]
    nav = yaml.safe_load(
        (root / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[1].split("\n\n")[0]
    )
    assert {"Submit a case": "submit.md"} in nav


def test_vendored_ajv_matches_its_manifest(root):
    vendor = root / "generator" / "assets" / "vendor" / "ajv"
    manifest = json.loads((vendor / "manifest.json").read_text(encoding="utf-8"))
    assert {p["name"] for p in manifest["packages"]} == {"ajv"}
    for pkg in manifest["packages"]:
        data = (vendor / pkg["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == pkg["sha256"], pkg["file"]
        assert (vendor / pkg["license_file"]).exists()
        assert data.startswith(f"/* ajv {pkg['version']} (ajv2020)".encode())
    # pydantic's schema is draft 2020-12: the bundle must be Ajv's 2020 build
    assert json.loads(case_schema_text())["$schema"].endswith("/draft/2020-12/schema")


def test_readme_and_contributing_give_the_form_route_first(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adding or correcting a case", 1)[1]
    assert section.index("Submit a case") < section.index("python -m generator new")
    guide = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert guide.index("/submit/") < guide.index("python -m generator new")
    assert "Suggest a correction" in guide and "Propose on GitHub" in guide


def test_found_by_offers_a_new_case_only_open_routes_and_unreleased_searches(root):
    review, _ = load_review(root)
    options = submit.found_by_options(review)
    assert [o["value"] for o in options] == ["contributed"]
    assert options[0]["label"] == next(o.reason for o in review.outside_searches if o.open)
    found_by = next(f for f in submit.form_fields(review=review) if f.key == "found_by")
    assert found_by.default == "contributed"
    # a search not yet released takes new cases; every route keeps its label for corrections
    update = review.searches[0].model_copy(update={"id": "update-2027", "version": None})
    bigger = review.model_copy(update={"searches": [*review.searches, update]})
    offered = submit.found_by_options(bigger)
    assert [o["value"] for o in offered] == ["update-2027", "contributed"]
    assert len({o["label"] for o in offered}) == len(offered)
    routes = submit.found_by_routes(review)
    assert set(routes) == {"guo-2017-pubmed", "guo-2017-own-case", "contributed"}
    assert routes["guo-2017-own-case"]["label"] == "The source's own case"


def test_the_form_gets_the_loaders_rules_and_words():
    from generator.model import load

    rules = submit.messages()["load"]
    assert rules["max_bytes"] == load.MAX_BYTES and rules["max_string"] == load.MAX_STRING
    assert rules["control"] == load.MESSAGES["control"]
    assert rules["control_pattern"] == load._CONTROL.pattern
    assert "con" in submit.messages()["reserved"]
