"""A seeded generator of realistic, valid synthetic cases, for the benchmark and scale tests.

Distributions follow the real data (Guo et al. 2017, Table 1): mostly cervical and lumbar lesions
of one to three levels, ages around 55, a female majority, causes and treatments drawn with the
source's frequencies. Ids, authors and levels vary; every generated file passes the validator.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from generator.model.spine import LEVELS

SURNAMES = [
    "Abe",
    "Adams",
    "Baker",
    "Blanc",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kim",
    "Kowalski",
    "Lee",
    "Lopez",
    "Martin",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Tran",
    "Van Dijk",
    "Wang",
    "Weber",
    "Williams",
    "Yamamoto",
    "Zhang",
    "Ziegler",
]
CAUSES = [
    ("NP", 14),
    ("HD", 7),
    ("PD", 3),
    ("OA", 3),
    ("trauma", 2),
    ("surgery", 2),
    ("HP", 1),
    ("SSA", 1),
    ("seizures", 1),
]
TREATMENTS = [
    ("resection", 21),
    ("laminectomy", 13),
    ("fusion", 6),
    ("arthrodesis", 6),
    ("hemilaminectomy", 4),
    ("medical-therapy", 4),
    ("PTX", 3),
    ("decompression", 2),
    ("foraminotomy", 2),
    ("laminoforaminectomy", 2),
    ("renal-transplantation", 2),
]
REGION_STARTS = {"C": 15, "T": 3, "L": 14}
PROJECT_FILES = [
    "mkdocs.yml",
    "review.yaml",
    "model.yaml",
    "CONTRIBUTING.md",
    "MAINTAINING.md",
    "docs",
]


def _weighted(rng: random.Random, items: list[tuple[str, int]], k: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        pick = rng.choices([c for c, _ in items], weights=[w for _, w in items])[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def synthetic_cases(n: int, seed: int = 2017) -> list[dict]:
    """``n`` valid case records (plain data, as a contributor would write them)."""
    rng = random.Random(seed)
    per_key: dict[str, int] = {}
    raw = []
    for _ in range(n):
        author = rng.choice(SURNAMES)
        year = rng.randint(1950, 2025)
        key = f"{author.lower().replace(' ', '-')}-{year}"
        per_key[key] = per_key.get(key, 0) + 1
        raw.append((key, author, year))
    seen: dict[str, int] = {}
    cases = []
    for key, author, year in raw:
        seen[key] = seen.get(key, 0) + 1
        if per_key[key] == 1:
            case_id = key
        else:
            i = seen[key] - 1
            case_id = f"{key}-{chr(97 + i % 26)}{'' if i < 26 else chr(97 + i // 26 - 1)}"
        region = rng.choices(list(REGION_STARTS), weights=list(REGION_STARTS.values()))[0]
        starts = [i for i, lv in enumerate(LEVELS[:-4]) if lv[0] == region]
        start = rng.choice(starts)
        end = min(start + rng.choice([0, 1, 1, 1, 2, 2, 3]), len(LEVELS) - 5)
        levels = LEVELS[start] if end == start else f"{LEVELS[start]}-{LEVELS[end]}"
        causes = (
            ["NP"] if rng.random() < 0.44 else _weighted(rng, CAUSES[1:], rng.choice([1, 1, 1, 2]))
        )
        treatments = _weighted(rng, TREATMENTS, rng.choice([1, 2, 2, 2, 3, 3, 4]))
        age = round(min(95.0, max(0.5, rng.gauss(55, 16))), 1 if rng.random() < 0.05 else 0)
        cases.append(
            {
                "id": case_id,
                "added_in": "1.0.0",
                "citation": {
                    "first_author": author,
                    "authors": [f"{author} {rng.choice('ABCDEFGHJKLMNPRST')}"],
                    "year": year,
                    "title": f"Tumoral calcinosis of the spine: a case report {rng.randint(1, 10**6)}",
                    "journal": rng.choice(
                        ["Spine", "Eur Spine J", "J Neurosurg Spine", "World Neurosurg"]
                    ),
                    "doi": None,
                    "pmid": None,
                },
                "patient": {"sex": rng.choice(["F", "F", "F", "M", "M"]), "age_years": age},
                "location": {"levels": levels},
                "causes": causes,
                "cause_as_reported": ", ".join(causes),
                "treatments": treatments,
                "treatment_as_reported": ", ".join(
                    t.replace("-", " ").capitalize() for t in treatments
                ),
                "outcome": rng.choice(
                    [None, "Symptoms resolved.", "Neurological recovery.", "Improved."]
                ),
                "provenance": {"source": "Synthetic benchmark data", "where": "generated"},
                "found_by": "guo-2017-pubmed",
            }
        )
    return cases


def _synthetic_search(path: Path, n: int) -> None:
    """Make the review's one search account for the ``n`` synthetic cases, so that its counts
    agree with the case files (the validator checks them)."""
    review = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = review["searches"][0]
    excluded = sum(e["cases"] for e in first["cases_excluded"])
    first.update(cases_included=n, cases_assessed=n + excluded, screening_log=None)
    review["searches"] = [first]
    review["outside_searches"] = []
    path.write_text(yaml.safe_dump(review, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_project(root: Path, dest: Path, n: int, seed: int = 2017) -> Path:
    """A copy of the project's site files at ``dest`` with ``n`` synthetic cases (and no
    published-ids record, since the real cases are not there)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = root / name
        if src.is_dir():
            shutil.copytree(
                src, dest / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
            )
        elif src.exists():
            shutil.copy2(src, dest / name)
    _synthetic_search(dest / "review.yaml", n)
    cases = dest / "cases"
    if cases.exists():
        shutil.rmtree(cases)
    cases.mkdir()
    for case in synthetic_cases(n, seed):
        text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True)
        (cases / f"{case['id']}.yaml").write_text(text, encoding="utf-8")
    return dest
