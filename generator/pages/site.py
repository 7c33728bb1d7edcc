"""The site as data: every generated page (Markdown with escaped HTML) and data file.

``pipeline.build(root)`` runs the whole pipeline: load and validate the cases and the review
metadata, derive the dataset and the summary, render the pages and the data files. It raises
:class:`ValidationFailed` with every diagnostic when any input is invalid, so that nothing
half-correct is ever published. Its steps are in ``pipeline``, the case pages and what every
page shares in ``common`` (the only one of the two this module imports); this module makes the
rest (:func:`summary_pages`: the summary, the charts, Table 1 and the other pages, the
data files), with pandas and Altair. Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import jinja2
import markupsafe

from ..charts import chart_narrow, chart_render, kinds
from ..literature import report
from ..model import CaseBase
from ..model.review import Review
from ..model.searches import Logs, route_counts
from ..releases import cite, versions
from . import export, export_columns, prisma, submit, table
from .common import Site, case_label, relative, review_paragraphs, slots
from .dataset import CORE_FIGURES, compare, frame, summarise


def summary_pages(
    env: jinja2.Environment,
    common: dict[str, Any],
    site: Site,
    ordered: list[CaseBase],
    withdrawn: list[CaseBase],
    guides: dict[str, str],
    logs: Logs | None,
    draw: bool = True,
) -> None:
    """Everything after the case pages (``pipeline.render``), into ``site``: the charts, drawn
    (each distinct drawing once, ``chart_render``; in a preview, not ``draw``, by the browser),
    the summary, the other pages and the data files."""
    review, model, cases = common["review"], common["model"], site.cases
    df = frame(cases, model)
    figures = {f.id: f for f in kinds.iter_figures(df, model, base=relative(1))}
    drawn = chart_render.render_all(figures.values(), draw=draw)
    site.summary = summary = summarise(cases, model)
    flows = prisma.flows(review, logs or {}, route_counts([*cases, *withdrawn]))
    common.update(
        flows=flows,
        status=prisma.status(review, logs or {}),
        summary=summary,
        differences=[(s, compare(summary, s.figures)) for s in review.sources],
        summary_text=review_paragraphs(review.summary_text, review, summary, flows),
        introduction=review_paragraphs(review.introduction, review, summary, flows),
        listed_figures=[f.name for f in model.summary if f.name not in CORE_FIGURES],
        drawn=drawn,
        narrow=chart_narrow.views(drawn),  # the phones' drawings
        slot=slots(site.views),
        **table.phrases(model),
    )
    site.pages.update(_cite_and_news(env, common, site, [*cases, *withdrawn]))
    site.files.update(
        export.data_files(df, review, cases=[*cases, *withdrawn], logs=logs or {}, model=model)
    )
    site.files["feed.xml"] = versions.atom_feed(cases, review, case_label)
    rows = [table.table_row(c, model) for c in ordered]
    site.files["data/table.json"] = table.table_json(rows, model, base=relative(1))
    site.pages.update(_summary_pages(env, common, site, rows, figures))
    ids = [c.id for c in [*cases, *withdrawn]]
    site.files.update(submit.files(ids, review.repository, review, case=common["domain"].case))
    if "contributing.md" in guides:
        page = _contributing_page(
            env, common, guides["contributing.md"], cases, guides.get("lookup-report")
        )
        site.pages["contributing.md"] = page
    if "maintaining.md" in guides:
        site.pages["maintaining.md"] = env.get_template("maintaining.md.j2").render(
            **common, base=relative(1), guide=_guide_body(guides["maintaining.md"], "Maintaining")
        )
    for chart in drawn.values():
        site.files.update(chart.files)


def _summary_pages(
    env: jinja2.Environment,
    common: dict[str, Any],
    site: Site,
    rows: list[dict[str, Any]],
    figures: dict[str, Any],
) -> Iterator[tuple[str, str]]:
    """Table 1, the charts, home, methods, data and submit pages (the first three show charts)."""
    model = common["model"]

    def on(page: str) -> list[Any]:
        return [figures[c.id] for c in model.charts_on(page)]

    yield (
        "table-1.md",
        env.get_template("table-1.md.j2").render(
            **common,
            base=relative(1),
            rows=rows,
            inline=len(rows) <= TABLE_INLINE_LIMIT,
            figures=on("table-1"),
            columns=table.columns(model),
            filters=table.filters(model),
            coded_columns=[f for f in model.columns if f.type in ("code", "codes")],
            legend=table.legend(model),
            wording_notes=table.wording_notes(model),
        ),
    )
    yield (
        "charts.md",
        env.get_template("charts.md.j2").render(**common, base=relative(1), figures=on("charts")),
    )
    # the home page's charts draw counts only, so the charts page's figures serve as they are
    yield (
        "index.md",
        env.get_template("home.md.j2").render(
            **common,
            base=relative(0),
            jsonld=json_ld(common["review"], site.files),
            figures=on("home"),
        ),
    )
    yield "methods.md", env.get_template("methods.md.j2").render(**common, base=relative(1))
    yield (
        "data/index.md",
        env.get_template("data.md.j2").render(
            **common,
            base=relative(1),
            downloads=downloads(site.files),
            columns=export_columns.column_docs(model),
            multi_columns=", ".join(export_columns.multi_columns(model)),
        ),
    )
    yield submit.PAGE, submit.page(env, common, base=relative(1))


def _cite_and_news(
    env: jinja2.Environment, common: dict[str, Any], site: Site, every: list[CaseBase]
) -> Iterator[tuple[str, str]]:
    """The review's citation files and page, and the what's-new page (of ``every`` case,
    withdrawn ones included)."""
    review = common["review"]
    review_formats = cite.formats(review)
    for ext, _mime, text in review_formats.values():
        site.files[f"cite/{cite.review_key(review)}{ext}"] = text.encode("utf-8")
    yield (
        "cite.md",
        env.get_template("cite.md.j2").render(
            **common,
            base=relative(1),
            review_formats=review_formats,
            review_stem=cite.review_key(review),
        ),
    )
    yield (
        "whats-new.md",
        env.get_template("whats-new.md.j2").render(
            **common, base=relative(1), news=versions.news(every, review)
        ),
    )


def _contributing_page(
    env: jinja2.Environment,
    common: dict[str, Any],
    contributing: str,
    cases: list[CaseBase],
    lookup_report: str | None = None,
) -> str:
    """The contributing page: trusted project text, rendered as Markdown, its first heading
    dropped (the front matter gives the title) so that the page has one h1."""
    return env.get_template("contributing.md.j2").render(
        **common,
        base=relative(1),
        contributing=_guide_body(contributing, "Contributing"),
        gaps=submit.curation_gaps(cases),
        suggestions=report.pending(lookup_report, cases),
    )


def _guide_body(text: str, title: str) -> markupsafe.Markup:
    """A guide of the project (trusted text, rendered as Markdown) under the page's own title."""
    body = text.split("\n", 1)[1] if text.startswith("# ") else text
    return markupsafe.Markup(f"# {title}\n" + body)


def downloads(files: dict[str, bytes]) -> list[dict[str, Any]]:
    """The data files listed on the Data page: name, size, sha256 and description."""
    return [
        {
            "name": name,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "description": export.describe(name),
        }
        for name, data in sorted(files.items())
        if name.startswith("data/")
    ]


def _cited(src: Any) -> dict[str, Any]:
    return {
        "@type": "ScholarlyArticle",
        "name": src.title,
        "author": [{"@type": "Person", "name": a} for a in src.authors],
        "isPartOf": {"@type": "Periodical", "name": src.journal},
        "datePublished": str(src.year),
        **({"sameAs": f"https://doi.org/{src.doi}"} if src.doi else {}),
    }


def json_ld(review: Review, files: dict[str, bytes]) -> str:
    """A schema.org Dataset description for dataset search engines, as JSON safe to place in a
    ``<script type="application/ld+json">`` (no ``<``, ``>`` or ``&`` characters)."""
    base = review.version_url()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": base,
        "name": review.title,
        "description": review.description,
        "version": review.version,
        "datePublished": review.released,
        "url": base,
        "license": export.LICENCES.get(review.licence, (review.licence, review.url))[1],
        "keywords": review.keywords,
        "creator": [{"@type": "Organization", "name": c.name} for c in review.creators],
        "isAccessibleForFree": True,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": f"{base}{name}"}
            for name, fmt in (
                ("data/cases.csv", "text/csv"),
                ("data/cases.json", "application/json"),
                ("data/datapackage.json", "application/json"),
            )
            if name in files
        ],
    }
    cited = [_cited(src) for src in review.sources]
    if cited:
        data["citation"] = cited[0] if len(cited) == 1 else cited
    if review.doi:
        data["identifier"] = f"https://doi.org/{review.doi}"
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


TABLE_INLINE_LIMIT = 1000
"""Up to this many cases Table 1's rows are in its HTML (readable without JavaScript); above
it the page stays small and table.js draws the rows, a page at a time, from data/table.json."""

__all__ = ["TABLE_INLINE_LIMIT", "downloads", "json_ld", "summary_pages"]
