"""The dataset reproduces the source's own summary (Guo et al. 2017, Discussion), computed from
the case files, except where a recorded discrepancy explains the difference."""

from pathlib import Path

import pytest

from generator.model.review import load_review
from generator.model.searches import route_counts
from generator.pages.dataset import compare, frame, summarise
from tests.helpers import declared


@pytest.fixture(scope="module")
def summary(result):
    return summarise(declared(result.cases)[0])


@pytest.fixture(scope="module")
def review(root: Path):
    review, diags = load_review(root)
    assert diags == []
    return review


def test_headline_figures(summary):
    assert summary.cases == 32
    assert (summary.mean_age, summary.min_age, summary.max_age) == (55.4, 1.4, 90)
    assert summary.groups == {"cervical": 15, "thoracic": 3, "lumbar": 14, "sacral": 0}
    assert summary.resection == 21
    assert summary.dialysis == 9
    assert summary.no_particular_cause == 14
    assert summary.renal_transplantation == 2
    assert summary.hyperphosphatemia == 1
    assert summary.secondary == 17


def test_sex_split_differs_by_the_recorded_contradiction(summary, result):
    # The source says 13 males and 19 females, counting its own case as M (Table 1). Its Abstract
    # and Case presentation describe a woman; the case keeps F and records the contradiction.
    assert (summary.male, summary.female) == (12, 20)
    guo = next(c for c in result.cases if c.id == "guo-2017")
    assert guo.patient.sex == "F"
    assert any(d.field == "patient.sex" and "M" in d.source_says for d in guo.discrepancies)
    assert (summary.male + 1, summary.female - 1) == (13, 19)


def test_only_the_recorded_discrepancy_separates_us_from_the_source(summary, review):
    diffs = {d.key: (d.source, d.ours) for d in compare(summary, review.sources[0].figures)}
    assert diffs == {"male": (13, 12), "female": (19, 20)}
    assert any(d.field == "sex split" for d in review.discrepancies)


def test_secondary_causes_enumeration(summary):
    # The Discussion lists 4 trauma/surgery, 9 dialysis, 3 OA and 1 SSA as its "17 secondary"
    # cases; they add to 17 only because one case (OA and surgery) counts twice, while the
    # seizure-related case is not listed (recorded on durant-2001-k and in review.yaml).
    parts = (
        summary.trauma_or_surgery,
        summary.dialysis,
        summary.osteoarthritis,
        summary.seronegative_spondyloarthropathy,
    )
    assert parts == (4, 9, 3, 1) and sum(parts) == summary.secondary == 17
    assert summary.codes["causes"]["seizures"] == 1


def test_selection_flow_adds_up(review, result):
    """The source's search keeps its published figures: 28 records, 48 cases, 7 + 3 + 7
    excluded, 31 included, plus the source's own case: 32."""
    s = review.searches[0]
    assert (s.id, s.date, s.databases, s.records_identified) == (
        "guo-2017-pubmed",
        "2016-06-29",
        ["PubMed"],
        28,
    )
    assert [e.cases for e in s.cases_excluded] == [7, 3, 7]
    assert s.cases_assessed - s.excluded_total == s.cases_included == 31
    counts = route_counts(result.cases)
    assert [o.id for o in review.outside_searches if not o.open] == ["guo-2017-own-case"]
    assert s.cases_included + counts["guo-2017-own-case"] == 32


def test_frame_columns(result):
    df = frame(declared(result.cases)[0])
    assert len(df) == 32 and df["case_id"].is_unique
    row = df.set_index("case_id").loc["jackson-2007"]
    assert (row["levels"], row["region"], row["regions"]) == (
        "C6-T2",
        "cervical",
        "cervical; thoracic",
    )
    assert row["treatments"] == "resection; arthrodesis; PTX; renal-transplantation"
