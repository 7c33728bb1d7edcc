"""Data files published with the site: one row per case, stable column names."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pandas as pd

from ..model import CaseBase, ModelDeclaration
from ..model.review import LICENCES, Review
from ..model.searches import DECISIONS, ScreeningLog
from .declared import as_declared
from .export_columns import export_columns, table_schema

DESCRIPTIONS = {
    "datapackage.json": "Frictionless Data Package: the files' schema, licence, sources and sha256.",
    "cases.csv": "One row per case (UTF-8, comma-separated; multi-valued columns joined with '; ').",
    "cases.json": "The same rows as a JSON array of objects.",
    "cases-full.json": "Every case as its complete record, every field of its case file "
    "(citation, patient, location, provenance, discrepancies, corrections, withdrawal), "
    "withdrawn cases included; a JSON array sorted by id.",
}
FULL = "data/cases-full.json"
"""The full export: nothing of a case file is lost in it."""
SEARCHES = "data/searches.json"
"""The literature searches, with their counts, as review.yaml records them."""
VOCABULARIES = "data/vocabularies.json"
"""The controlled vocabularies of model.yaml: what each code of the coded columns means."""
DESCRIPTIONS["vocabularies.json"] = (
    "The controlled vocabularies the coded columns use, as model.yaml declares them: for each, "
    "its terms in order (code, label, definition, group)."
)
DESCRIPTIONS["searches.json"] = (
    "The literature searches, oldest first (date, databases, query, who ran them, records and "
    "cases identified, excluded with reasons, included), and the cases that came from outside a "
    "search; each case's found_by (in cases-full.json) names one of them."
)

SCREENING_COLUMNS: list[tuple[str, str, str]] = [
    ("search_id", "string", "The search that screened the report (its id in review.yaml)."),
    ("first_author", "string", "Surname of the report's first author."),
    ("year", "integer", "Year of publication."),
    ("title", "string", "Title of the report, where known."),
    ("doi", "string", "DOI, where known."),
    ("pmid", "string", "PubMed ID, where known."),
    ("cases", "integer", "Eligible cases the report describes."),
    ("decision", "string", "included, excluded, awaiting-screening or duplicate."),
    ("reason", "string", "Exclusion reason (a code of the review's controlled list)."),
    ("case_ids", "string", "The cases the report gave, joined with '; '."),
]


def screening_path(search_id: str) -> str:
    """Where a search's screening log is published."""
    return f"data/screening-{search_id}.csv"


def describe(name: str) -> str:
    """The description of a published data file (``data/...``)."""
    base = name.rsplit("/", 1)[-1]
    if base.startswith("screening-"):
        search_id = base.removeprefix("screening-").removesuffix(".csv")
        return f"Screening log of the search {search_id}: one row per report screened."
    return DESCRIPTIONS.get(base, "")


def screening_csv(log: ScreeningLog) -> bytes:
    """A screening log as CSV, one row per report, in the log's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _, _ in SCREENING_COLUMNS])
    for r in log.records:
        writer.writerow(
            [
                log.search,
                r.first_author,
                r.year,
                r.title or "",
                r.doi or "",
                r.pmid or "",
                r.cases,
                r.decision,
                r.reason or "",
                "; ".join(r.case_ids),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def searches_json(review: Review) -> bytes:
    """``data/searches.json``: the searches and the cases from outside a search."""
    data = {
        "searches": [s.model_dump(mode="json") for s in review.searches],
        "outside_searches": [o.model_dump(mode="json") for o in review.outside_searches],
        "update_interval_months": review.update_interval_months,
        "exclusion_reasons": [
            r.model_dump(mode="json") for r in review.eligibility.exclusion_reasons
        ],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def full_records(cases: list[CaseBase]) -> list[dict]:
    """Every case as its complete record (all fields, in the model's order), sorted by id."""
    return [case.model_dump(mode="json") for case in sorted(cases, key=lambda c: c.id)]


def json_lines_array(records: list) -> bytes:
    """A JSON array with one record per line: diff-friendly, and fast to write (json's C encoder
    serves compact output only, while an indented dump of 10,000 records takes seconds)."""
    body = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    return f"[\n{body}\n]\n".encode() if records else b"[]\n"


def full_export(cases: list[CaseBase]) -> bytes:
    """``data/cases-full.json``: :func:`full_records` as deterministic JSON."""
    return json_lines_array(full_records(cases))


def data_files(
    df: pd.DataFrame,
    review: Review,
    cases: list[CaseBase] | None = None,
    logs: dict[str, ScreeningLog] | None = None,
    model: ModelDeclaration | None = None,
) -> dict[str, bytes]:
    """The data files under ``data/``: cases.csv, cases.json, with ``cases`` (every case of the
    review, withdrawn ones included) cases-full.json, searches.json, a CSV per screening log,
    and datapackage.json (with the sha256 of each); byte-identical for the same input.
    ``model``: the review's declaration (by default, that of the cases' model)."""
    if cases is not None or model is None:
        cases, model = as_declared(cases or [], model)
    out = df.reindex(columns=export_columns(model))  # a frame of no case may lack some
    csv = out.to_csv(index=False, lineterminator="\n").encode("utf-8")
    records = json.loads(out.to_json(orient="records", force_ascii=False))
    text = json_lines_array(records)
    files = {"data/cases.csv": csv, "data/cases.json": text}
    if cases is not None:
        files[FULL] = full_export(cases)
        files[SEARCHES] = searches_json(review)
    files[VOCABULARIES] = vocabularies_json(model)
    for search_id, log in sorted((logs or {}).items()):
        files[screening_path(search_id)] = screening_csv(log)
    files["data/datapackage.json"] = datapackage(files, review, model)
    return files


def vocabularies_json(model: ModelDeclaration) -> bytes:
    """``data/vocabularies.json``: every declared vocabulary, its terms in order."""
    data = {
        name: vocab.model_dump(mode="json", exclude_none=True)
        for name, vocab in model.vocabularies.items()
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def package_name(review: Review) -> str:
    """The data package's name: the repository's name, as a lowercase slug."""
    name = review.repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "living-review"


def datapackage(files: dict[str, bytes], review: Review, model: ModelDeclaration) -> bytes:
    """A Frictionless Data Package describing the data files."""
    title, path = LICENCES.get(review.licence, (review.licence, review.url))
    resources = []
    for name, fmt, media in (
        ("cases", "csv", "text/csv"),
        ("cases-json", "json", "application/json"),
    ):
        data = files[f"data/cases.{fmt}"]
        resource = {
            "name": name,
            "path": f"cases.{fmt}",
            "profile": "tabular-data-resource",
            "format": fmt,
            "mediatype": media,
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "description": DESCRIPTIONS[f"cases.{fmt}"],
            "schema": table_schema(model),
        }
        if fmt == "json":
            # frictionless cannot count the bytes of a JSON table (it reads it as a whole), so
            # it would flag any byte count as wrong; the sha256 still identifies the file
            del resource["bytes"]
        resources.append(resource)
    full = files.get(FULL)
    if full is not None:
        # not a table (nested records): a plain data resource, identified by its sha256
        resources.append(
            {
                "name": "cases-full",
                "path": FULL.removeprefix("data/"),
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": len(full),
                "hash": f"sha256:{hashlib.sha256(full).hexdigest()}",
                "description": DESCRIPTIONS["cases-full.json"],
            }
        )
    resources += _search_resources(files)
    package = {
        # a tabular package holds only tables: with the full records it is a plain data package
        "profile": "tabular-data-package"
        if all(r["profile"] == "tabular-data-resource" for r in resources)
        else "data-package",
        "name": package_name(review),
        "title": review.title,
        "description": review.description,
        "version": review.version,
        "created": f"{review.released}T00:00:00Z",
        "homepage": review.version_url(),
        "keywords": review.keywords,
        "licenses": [{"name": review.licence, "title": title, "path": path}],
        "contributors": [{"title": c.name, "role": "author"} for c in review.creators],
        "sources": [
            {
                "title": f"{src.surname} et al. {src.title}. {src.journal}. {src.year}.",
                "path": f"https://doi.org/{src.doi}" if src.doi else review.url,
            }
            for src in review.sources
        ],
        "resources": resources,
    }
    if review.doi:
        package["id"] = f"https://doi.org/{review.doi}"
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _search_resources(files: dict[str, bytes]) -> list[dict]:
    """The data package's resources for searches.json and the screening logs."""
    out = []
    for name in sorted(files):
        data = files[name]
        base = name.removeprefix("data/")
        entry = {
            "path": base,
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "description": describe(name),
        }
        if name in (SEARCHES, VOCABULARIES):
            entry.update(
                name=base.removesuffix(".json"),
                profile="data-resource",
                format="json",
                mediatype="application/json",
            )
        elif base.startswith("screening-"):
            fields = [
                {"name": n, "type": kind, "description": doc} for n, kind, doc in SCREENING_COLUMNS
            ]
            fields[7]["constraints"] = {"required": True, "enum": DECISIONS}
            entry.update(
                name=base.removesuffix(".csv"),
                profile="tabular-data-resource",
                format="csv",
                mediatype="text/csv",
                schema={"fields": fields},
            )
        else:
            continue
        out.append({k: entry[k] for k in sorted(entry, key=_RESOURCE_ORDER.index)})
    return out


_RESOURCE_ORDER = [
    "name",
    "path",
    "profile",
    "format",
    "mediatype",
    "encoding",
    "bytes",
    "hash",
    "description",
    "schema",
]
