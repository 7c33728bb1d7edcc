"""Data files published with the site: one row per case, stable column names."""

from __future__ import annotations

import json

import pandas as pd

from .dataset import COLUMNS
from .review import Review

EXPORT_COLUMNS = [c for c in COLUMNS if c not in ("level_start", "level_end")]

COLUMN_DOCS: dict[str, str] = {
    "case_id": "Stable id of the case; its page is /cases/<case_id>/.",
    "first_author": "Surname of the first author of the report.",
    "year": "Year of publication.",
    "sex": "M or F; empty if not reported.",
    "age_years": "Age at presentation in years (fractions allowed).",
    "levels": "Vertebral level or range, cranial first (e.g. C4-C6).",
    "region": "Region of the most cranial level, as the source counts (cervical, thoracic, lumbar, sacral).",
    "regions": "Every region the lesion involves, joined with '; '.",
    "causes": "Cause codes from the vocabulary, joined with '; '.",
    "treatments": "Treatment codes from the vocabulary, joined with '; '.",
    "cause_as_reported": "The source's cause text, as written.",
    "treatment_as_reported": "The source's treatment text, as written.",
    "title": "Title of the report, where known.",
    "journal": "Journal, where known.",
    "doi": "DOI, where known.",
    "pmid": "PubMed ID, where known.",
    "source_ref": "Reference number in the source review.",
    "outcome": "Outcome, where reported.",
    "follow_up_months": "Follow-up in months, where reported.",
    "n_discrepancies": "Number of discrepancies with the source recorded on the case.",
}

DESCRIPTIONS = {
    "cases.csv": "One row per case (UTF-8, comma-separated; multi-valued columns joined with '; ').",
    "cases.json": "The same rows as a JSON array of objects.",
}


def data_files(df: pd.DataFrame, review: Review) -> dict[str, bytes]:
    """``{"cases.csv": ..., "cases.json": ...}`` under ``data/``; byte-identical for the same input."""
    out = df[EXPORT_COLUMNS]
    csv = out.to_csv(index=False, lineterminator="\n")
    records = json.loads(out.to_json(orient="records", force_ascii=False))
    text = json.dumps(records, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return {"data/cases.csv": csv.encode("utf-8"), "data/cases.json": text.encode("utf-8")}
