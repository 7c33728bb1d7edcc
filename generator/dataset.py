"""The derived dataset: one pandas DataFrame of cases, and the review's summary figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from .schema import Case
from .spine import LEVELS, REGION_ORDER
from .vocabulary import load_vocabulary

SEP = "; "
"""Separator of multi-valued columns in the exported files."""

COLUMNS = [
    "case_id",
    "first_author",
    "year",
    "sex",
    "age_years",
    "levels",
    "level_start",
    "level_end",
    "region",
    "causes",
    "treatments",
    "regions",
    "cause_as_reported",
    "treatment_as_reported",
    "title",
    "journal",
    "doi",
    "pmid",
    "source_ref",
    "outcome",
    "follow_up_months",
    "n_discrepancies",
]


def frame(cases: list[Case]) -> pd.DataFrame:
    """One row per case, in id order, with derived columns (``region`` is the region of the most
    cranial level, as the source counts; ``regions`` lists every region involved)."""
    rows = []
    for c in sorted(cases, key=lambda c: c.id):
        rng = c.levels
        rows.append(
            {
                "case_id": c.id,
                "first_author": c.citation.first_author,
                "year": c.citation.year,
                "sex": c.patient.sex,
                "age_years": c.patient.age_years,
                "levels": str(rng),
                "level_start": rng.start,
                "level_end": rng.end,
                "region": rng.region,
                "regions": SEP.join(rng.regions),
                "causes": SEP.join(c.causes),
                "treatments": SEP.join(c.treatments),
                "cause_as_reported": c.cause_as_reported,
                "treatment_as_reported": c.treatment_as_reported,
                "title": c.citation.title,
                "journal": c.citation.journal,
                "doi": c.citation.doi,
                "pmid": c.citation.pmid,
                "source_ref": c.citation.source_ref,
                "outcome": c.outcome,
                "follow_up_months": c.follow_up_months,
                "n_discrepancies": len(c.discrepancies),
            }
        )
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"year": "Int64", "source_ref": "Int64", "n_discrepancies": "Int64"})


@dataclass(frozen=True)
class Summary:
    """The review's figures, computed from the cases in the spirit of the source's Discussion."""

    cases: int
    male: int
    female: int
    sex_unknown: int
    mean_age: float | None
    min_age: float | None
    max_age: float | None
    regions: dict[str, int]
    """Cases per region of the most cranial level, in spinal order."""
    causes: dict[str, int]
    """Cases per cause code (a case counts once in each of its causes), vocabulary order."""
    treatments: dict[str, int]
    """Cases per treatment code, vocabulary order."""
    levels: dict[str, int]
    """Cases involving each vertebral level, C1 to S5."""
    no_particular_cause: int
    hyperphosphatemia: int
    secondary: int
    trauma_or_surgery: int
    dialysis: int
    osteoarthritis: int
    seronegative_spondyloarthropathy: int
    resection: int
    renal_transplantation: int
    first_year: int | None
    last_year: int | None

    def figure(self, key: str) -> float | int | None:
        """A figure by the name the review metadata's ``source_summary`` uses."""
        if key in ("cervical", "thoracic", "lumbar", "sacral"):
            return self.regions.get(key, 0)
        return getattr(self, key)


def summarise(cases: list[Case]) -> Summary:
    """Compute the summary figures from the cases."""
    vocab = load_vocabulary()
    ages = [c.patient.age_years for c in cases if c.patient.age_years is not None]
    sexes = Counter(c.patient.sex for c in cases)
    cause_count = Counter(code for c in cases for code in c.causes)
    treat_count = Counter(code for c in cases for code in c.treatments)
    region_count = Counter(c.levels.region for c in cases)
    level_count = Counter(level for c in cases for level in c.levels.levels)
    years = [c.citation.year for c in cases]

    def having(*codes: str, kind: str = "causes") -> int:
        return sum(1 for c in cases if set(getattr(c, kind)) & set(codes))

    secondary = sum(1 for c in cases if set(c.causes) - {"NP", "HP"})
    return Summary(
        cases=len(cases),
        male=sexes.get("M", 0),
        female=sexes.get("F", 0),
        sex_unknown=sexes.get(None, 0),
        mean_age=round(sum(ages) / len(ages), 1) if ages else None,
        min_age=min(ages) if ages else None,
        max_age=max(ages) if ages else None,
        regions={r: region_count.get(r, 0) for r in REGION_ORDER},
        causes={code: cause_count.get(code, 0) for code in vocab.codes("causes")},
        treatments={code: treat_count.get(code, 0) for code in vocab.codes("treatments")},
        levels={level: level_count.get(level, 0) for level in LEVELS},
        no_particular_cause=having("NP"),
        hyperphosphatemia=having("HP"),
        secondary=secondary,
        trauma_or_surgery=having("trauma", "surgery"),
        dialysis=having("HD", "PD"),
        osteoarthritis=having("OA"),
        seronegative_spondyloarthropathy=having("SSA"),
        resection=having("resection", kind="treatments"),
        renal_transplantation=having("renal-transplantation", kind="treatments"),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
    )


@dataclass(frozen=True)
class Difference:
    """A figure where this dataset differs from what the source states."""

    key: str
    source: float | int
    ours: float | int | None


def compare(summary: Summary, source_summary: dict[str, float | int]) -> list[Difference]:
    """Every figure of the source's summary that the dataset does not reproduce."""
    out = []
    for key, stated in source_summary.items():
        ours = summary.figure(key)
        if ours is None or abs(float(ours) - float(stated)) > 1e-9:
            out.append(Difference(key, stated, ours))
    return out
