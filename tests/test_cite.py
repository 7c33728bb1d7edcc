"""Citations of the review and of every case: BibTeX, RIS, CSL-JSON and Vancouver."""

from __future__ import annotations

import html
import json
import re

import pytest
from pybtex.database import parse_string

from generator.model import CaseBase as Case
from generator.model.review import Creator, Review, load_review
from generator.model.validate import validate_paths
from generator.releases import cite
from tests.helpers import REVIEW

ROOT = REVIEW  # the released cases only (tests/helpers.py)
CASES: dict[str, Case] = {c.id: c for c in validate_paths([ROOT / "cases"]).cases}
REVIEW_SENTENCE = (
    "Read in: Tumoral calcinosis of the spine, version {version}. Available from: {url}cases/{id}/"
)


@pytest.fixture(scope="module")
def review() -> Review:
    loaded, diagnostics = load_review(ROOT)
    assert loaded is not None, [d.format() for d in diagnostics]
    return loaded


def with_citation(case: Case, **update: object) -> Case:
    return case.model_copy(update={"citation": case.citation.model_copy(update=update)})


def delatex(value: str) -> str:
    """Undo cite's escaping and case protection (enough for these tests)."""
    commands = {
        r"\textbackslash{}": "\0bs",
        r"\textasciitilde{}": "\0ti",
        r"\textasciicircum{}": "\0ca",
        r"\textbraceleft{}": "\0lb",
        r"\textbraceright{}": "\0rb",
        r"\{": "\0lb",
        r"\}": "\0rb",
    }
    for latex, mark in commands.items():
        value = value.replace(latex, mark)
    value = re.sub(r"\\([%&$#_])", r"\1", value).replace("{", "").replace("}", "")
    for mark, char in {"\0bs": "\\", "\0ti": "~", "\0ca": "^", "\0lb": "{", "\0rb": "}"}.items():
        value = value.replace(mark, char)
    return value


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def all_outputs(review: Review, case: Case | None = None) -> list[str]:
    texts = [text for _, _, text in cite.formats(review, case).values()]
    if case is not None:
        texts.append(cite.case_vancouver(review, case, with_review=False))
        texts.append(cite.case_url(review, case))
    return texts


def test_all_cases_loaded():
    assert len(CASES) == 32


# --------------------------------------------------------------------------- BibTeX


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case_bibtex_parses(review, case_id):
    case = CASES[case_id]
    cit = case.citation
    text = cite.case_bibtex(review, case)
    assert balanced(text)
    data = parse_string(text, "bibtex")
    assert list(data.entries) == [case_id]
    entry = data.entries[case_id]
    assert entry.type == "article"
    assert entry.fields["year"] == str(cit.year)
    if cit.title:
        assert delatex(entry.fields["title"]) == cit.title
    else:
        assert "title" not in entry.fields
    people = entry.persons["author"]
    expected = [a.split()[0] for a in cit.authors] or [cit.first_author]
    assert [" ".join(p.last_names) for p in people] == expected
    assert cite.case_url(review, case) in entry.fields["note"]
    assert review.version in entry.fields["note"]


def test_durant_bibtex(review):
    entry = parse_string(cite.case_bibtex(review, CASES["durant-2001-a"]), "bibtex").entries[
        "durant-2001-a"
    ]
    people = entry.persons["author"]
    assert len(people) == 4
    assert [p.last_names for p in people] == [["Durant"], ["Riley"], ["Burger"], ["McCarthy"]]
    assert people[0].first_names == ["D."] and people[0].middle_names == ["M."]
    assert entry.fields["journal"] == "Spine"
    assert entry.fields["volume"] == "26"
    assert entry.fields["number"] == "15"
    assert entry.fields["pages"] == "1673--1679"
    assert "doi" not in entry.fields and "pmid" not in entry.fields


def test_wong_bibtex_has_doi(review):
    entry = parse_string(cite.case_bibtex(review, CASES["wong-2013"]), "bibtex").entries[
        "wong-2013"
    ]
    assert entry.fields["doi"] == "10.1007/s00701-013-1709-x"


@pytest.mark.parametrize(
    "title",
    [
        "50% & $5 {x} _a #b",
        "a lone { brace",
        "closing } first {",
        r"back\slash ~tilde ^caret",
    ],
)
def test_bibtex_escaping(review, title):
    case = with_citation(CASES["durant-2001-a"], title=title, journal="J & {B}")
    text = cite.case_bibtex(review, case)
    assert balanced(text)
    entry = parse_string(text, "bibtex").entries["durant-2001-a"]
    assert delatex(entry.fields["title"]) == title
    assert delatex(entry.fields["journal"]) == "J & {B}"
    # every special character is escaped: none is left bare
    bare = re.sub(r"\\(?:[%&$#_{}]|text[a-z]+\{\})", "", entry.fields["title"])
    assert not re.search(r"[%&$#_~^\\]", bare)


def test_bibtex_escaped_title_text(review):
    case = with_citation(CASES["durant-2001-a"], title="50% & $5 {x} _a #b")
    assert r"title = {50\% \& \$5 \{x\} \_a \#b}," in cite.case_bibtex(review, case)


def test_bibtex_protects_capitals_not_whole_title(review):
    title = "Tumoral calcinosis at C4-C5 with PTX in a Japanese McCarthy: (PTX) report"
    case = with_citation(CASES["durant-2001-a"], title=title)
    field = parse_string(cite.case_bibtex(review, case), "bibtex").entries["durant-2001-a"].fields
    assert field["title"] == (
        "Tumoral calcinosis at {C4-C5} with {PTX} in a {Japanese} {McCarthy:} {(PTX)} report"
    )
    acronym_first = with_citation(CASES["durant-2001-a"], title="PTX and $X tumours")
    field = (
        parse_string(cite.case_bibtex(review, acronym_first), "bibtex")
        .entries["durant-2001-a"]
        .fields
    )
    assert field["title"] == r"{PTX} and {{\$X}} tumours"


def test_review_bibtex(review):
    text = cite.review_bibtex(review)
    data = parse_string(text, "bibtex")
    key = cite.review_key(review)
    assert key == f"tumoral-calcinosis-spine-v{review.version}"
    assert list(data.entries) == [key]
    entry = data.entries[key]
    assert entry.type == "misc"
    assert entry.fields["version"] == review.version
    assert entry.fields["url"] == review.version_url()
    assert entry.fields["howpublished"] == r"\url{" + review.version_url() + "}"
    assert entry.fields["year"] == review.released[:4]
    assert entry.fields["month"] == "November"
    assert entry.fields["title"] == review.title
    assert review.version in text and review.version_url() in text
    (author,) = entry.persons["author"]
    assert str(author) == "{" + review.creators[0].name + "}"  # an organisation, kept whole
    assert "doi" not in entry.fields  # review.yaml has no DOI yet


def test_review_with_doi_and_people(review):
    changed = review.model_copy(
        update={
            "doi": "10.5281/zenodo.123_4",
            "creators": [
                Creator(name="Smith, Jane Ann"),
                Creator(name="Durant DM"),
                Creator(name="Contributors to X and Y"),
            ],
        }
    )
    csl = cite.review_csl(changed)
    assert csl["DOI"] == "10.5281/zenodo.123_4"
    assert csl["author"] == [
        {"family": "Smith", "given": "Jane Ann"},
        {"family": "Durant", "given": "D. M."},
        {"literal": "Contributors to X and Y"},
    ]
    entry = parse_string(cite.review_bibtex(changed), "bibtex").entries[cite.review_key(changed)]
    assert entry.fields["doi"] == "10.5281/zenodo.123_4"
    assert [" ".join(p.last_names) for p in entry.persons["author"]] == [
        "Smith",
        "Durant",
        "{Contributors to X and Y}",
    ]
    assert "DO  - 10.5281/zenodo.123_4\n" in cite.review_ris(changed)
    assert "AU  - Smith, Jane Ann\n" in cite.review_ris(changed)
    assert cite.review_vancouver(changed).startswith(
        "Smith JA, Durant DM, Contributors to X and Y. "
    )
    assert cite.review_vancouver(changed).endswith(" doi:10.5281/zenodo.123_4")


# --------------------------------------------------------------------------- RIS

RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - \S.*$")


def check_ris(text: str, kind: str) -> dict[str, list[str]]:
    assert "\r" not in text and text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert lines[0] == f"TY  - {kind}"
    assert lines[-1] == "ER  - "
    tags: dict[str, list[str]] = {}
    for line in lines[:-1]:
        assert RIS_LINE.match(line), line
        tags.setdefault(line[:2], []).append(line[6:])
    return tags


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case_ris(review, case_id):
    case = CASES[case_id]
    tags = check_ris(cite.case_ris(review, case), "JOUR")
    assert tags["PY"] == [str(case.citation.year)]
    assert len(tags["AU"]) == max(1, len(case.citation.authors))
    assert tags["N1"] == [cite.case_note(review, case)]


def test_ris_pages_split(review):
    tags = check_ris(cite.case_ris(review, CASES["durant-2001-a"]), "JOUR")
    assert tags["SP"] == ["1673"] and tags["EP"] == ["1679"]
    assert tags["AU"][0] == "Durant, D. M."
    assert tags["T2"] == ["Spine"] and tags["VL"] == ["26"] and tags["IS"] == ["15"]
    short = with_citation(CASES["durant-2001-a"], pages="1245-6")
    tags = check_ris(cite.case_ris(review, short), "JOUR")
    assert tags["SP"] == ["1245"] and tags["EP"] == ["1246"]
    single = with_citation(CASES["durant-2001-a"], pages="e123")
    tags = check_ris(cite.case_ris(review, single), "JOUR")
    assert tags["SP"] == ["e123"] and "EP" not in tags


def test_review_ris(review):
    tags = check_ris(cite.review_ris(review), "DATA")
    assert tags["ET"] == [review.version]
    assert tags["UR"] == [review.version_url()]
    assert tags["TI"] == [review.title]
    assert tags["PY"] == [review.released[:4]]
    assert "DO" not in tags


# --------------------------------------------------------------------------- CSL-JSON


def check_csl(item: dict) -> None:
    assert isinstance(item["id"], str) and item["id"]
    assert isinstance(item["type"], str) and item["type"]
    assert item["author"]
    for name in item["author"]:
        assert name.get("family") or name.get("literal"), name
    for key, value in item.items():
        assert value not in ("", None, [], {}), key


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case_csl(review, case_id):
    case = CASES[case_id]
    item = cite.case_csl(review, case)
    check_csl(item)
    assert item["id"] == case_id and item["type"] == "article-journal"
    assert ("title" in item) == bool(case.citation.title)  # never a made-up title
    assert item["issued"] == {"date-parts": [[case.citation.year]]}
    assert item["note"] == (
        f"Read in {review.title}, version {review.version}, {cite.case_url(review, case)}"
    )
    assert json.loads(cite.formats(review, case)["csl-json"][2]) == [item]


def test_guo_csl(review):
    item = cite.case_csl(review, CASES["guo-2017"])
    assert item["title"].startswith("Tumoral calcinosis in the cervical spine")
    assert item["DOI"] == "10.1186/s13256-017-1474-1"
    assert "PMID" not in item
    assert len(item["author"]) == 7
    assert item["author"][0] == {"family": "Guo", "given": "R."}
    assert cite.case_csl(review, CASES["chang-2013"])["PMID"] == "22718028"


def test_sasaki_csl_has_first_author_only(review):
    item = cite.case_csl(review, CASES["sasaki-2015"])
    assert item["author"] == [{"family": "Sasaki"}]
    assert not {"title", "container-title", "volume", "issue", "page", "DOI", "PMID"} & set(item)


def test_review_csl(review):
    item = cite.review_csl(review)
    check_csl(item)
    assert item["type"] == "dataset"
    assert item["title"] == review.title
    assert item["version"] == review.version
    assert item["URL"] == review.version_url()
    y, m, d = (int(x) for x in review.released.split("-"))
    assert item["issued"] == {"date-parts": [[y, m, d]]}
    assert item["author"] == [{"literal": review.creators[0].name}]
    assert "DOI" not in item


# --------------------------------------------------------------------------- Vancouver


def test_durant_vancouver(review):
    expected = (
        "Durant DM, Riley LH, Burger PC, McCarthy EF. Tumoral calcinosis of the spine: "
        "a study of 21 cases. Spine. 2001;26(15):1673-1679."
    )
    case = CASES["durant-2001-a"]
    sentence = REVIEW_SENTENCE.format(version=review.version, url=review.version_url(), id=case.id)
    assert cite.case_vancouver(review, case) == f"{expected} {sentence}"
    assert cite.case_vancouver(review, case, with_review=False) == expected


def test_guo_vancouver_et_al(review):
    text = cite.case_vancouver(review, CASES["guo-2017"], with_review=False)
    assert text.startswith(
        "Guo R, Kurata T, Kondo T, Imanishi T, Mizuno T, Sakakibara T, et al. Tumoral calcinosis"
    )
    assert "Kasai" not in text
    assert text.endswith(" doi:10.1186/s13256-017-1474-1.")


def test_wong_and_sasaki_vancouver(review):
    assert cite.case_vancouver(review, CASES["wong-2013"], with_review=False) == (
        "Wong RH, Bhansali AP, Doppenberg EM. Cervical spine instability from tumoral calcinosis."
        " Acta Neurochirurgica. 2013;155(7):1245-1246. doi:10.1007/s00701-013-1709-x."
    )
    assert cite.case_vancouver(review, CASES["sasaki-2015"], with_review=False) == "Sasaki. 2015."


def test_review_vancouver(review):
    assert cite.review_vancouver(review) == (
        "Contributors to the living review of tumoral calcinosis of the spine. "
        "Tumoral calcinosis of the spine: a living review of published cases [Internet]. "
        f"Version {review.version}. 2026 Nov 24. Available from: {review.version_url()}"
    )


# --------------------------------------------------------------------------- every format


def test_formats(review):
    case = CASES["durant-2001-a"]
    for got in (cite.formats(review), cite.formats(review, case)):
        assert {name: (ext, mime) for name, (ext, mime, _) in got.items()} == {
            "bibtex": (".bib", "application/x-bibtex"),
            "ris": (".ris", "application/x-research-info-systems"),
            "csl-json": (".json", "application/vnd.citationstyles.csl+json"),
            "vancouver": (".txt", "text/plain"),
        }
        assert all(text.endswith("\n") for _, _, text in got.values())
    assert json.loads(cite.formats(review)["csl-json"][2]) == [cite.review_csl(review)]
    assert cite.formats(review, case)["vancouver"][2] == cite.case_vancouver(review, case) + "\n"


def test_no_none_or_empty_anywhere(review):
    outputs = all_outputs(review)
    for case in CASES.values():
        outputs.extend(all_outputs(review, case))
    for text in outputs:
        assert "None" not in text, text
        assert "= {}" not in text and '""' not in text, text
        assert not re.search(r"^[A-Z][A-Z0-9]  - $(?<!ER  - )", text, re.M), text


def test_deterministic(review):
    first = [all_outputs(review)] + [all_outputs(review, c) for c in CASES.values()]
    second = [all_outputs(review)] + [all_outputs(review, c) for c in CASES.values()]
    assert first == second


def test_author_forms(review):
    case = with_citation(
        CASES["durant-2001-a"],
        authors=["Smith JA Jr", "van der Berg A", "Remy-Leroux", "O'Brien K"],
    )
    assert cite.case_csl(review, case)["author"] == [
        {"family": "Smith", "given": "J. A.", "suffix": "Jr"},
        {"family": "van der Berg", "given": "A."},
        {"family": "Remy-Leroux"},
        {"family": "O'Brien", "given": "K."},
    ]
    assert cite.case_vancouver(review, case, with_review=False).startswith(
        "Smith JA Jr, van der Berg A, Remy-Leroux, O'Brien K. "
    )
    people = parse_string(cite.case_bibtex(review, case), "bibtex").entries["durant-2001-a"]
    people = people.persons["author"]
    assert [p.last_names for p in people] == [["Smith"], ["Berg"], ["Remy-Leroux"], ["O'Brien"]]
    assert people[0].lineage_names == ["Jr"] and people[1].prelast_names == ["van", "der"]


def test_same_output_from_a_fresh_load(review):
    fresh = {c.id: c for c in validate_paths([ROOT / "cases"]).cases}
    again, _ = load_review(ROOT)
    assert again is not None
    assert all_outputs(again) == all_outputs(review)
    for case_id, case in CASES.items():
        assert all_outputs(again, fresh[case_id]) == all_outputs(review, case)


def test_case_citations_lead_back_to_the_case_at_its_version():

    from generator.pages.pipeline import build

    site = build(ROOT)
    review = site.review
    for case in site.cases:
        url = f"{review.version_url()}cases/{case.id}/"
        entry = parse_string(cite.case_bibtex(review, case), "bibtex").entries[case.id]
        assert entry.fields["url"] == url
        assert f"UR  - {url}\n" in cite.case_ris(review, case)
        assert cite.case_csl(review, case)["URL"] == url
        # the page shows (and its download button saves) the same BibTeX, importable as is
        page = site.pages[f"cases/{case.id}.md"]
        marker = f'<code id="cite-{case.id}-bibtex">'
        start = page.index(marker) + len(marker)
        shown = html.unescape(page[start : page.index("</code>", start)])
        assert shown == cite.case_bibtex(review, case)
        assert f'data-lr-download="{case.id}.bib"' in page
    assert "cite.md" in site.pages
    key = cite.review_key(review)
    for ext in (".bib", ".ris", ".json", ".txt"):
        assert f"cite/{key}{ext}" in site.files
