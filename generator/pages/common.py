"""What every page of the site shares, and the case pages: the :class:`Site`, the Jinja environment over the package's templates, the links between pages
(:func:`case_page`, :func:`relative`) and the case pages themselves (kept for the next
build while their inputs stay the same: :class:`CasePages`). Imports neither ``pipeline`` nor ``site``: both build on it. Nothing here imports
pandas, Altair or MkDocs.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe

from ..model import CaseBase
from ..model.declaration import CodeField, LocationField, ModelDeclaration
from ..model.review import Review
from ..model.review_text import citation_html, escape_text, render_text
from ..releases import cite
from . import submit

if TYPE_CHECKING:
    from .dataset import Summary


TEMPLATES = Path(__file__).parent.parent / "templates"

GUIDES = {"contributing.md": "CONTRIBUTING.md", "maintaining.md": "MAINTAINING.md"}
INPUTS = {"lookup-report": "curation/lookup.yaml"}
"""Other texts of the review a page reads, read with the guides but never pages themselves:
the look-up report, whose pending suggestions the Contributing page lists."""
"""The project's own guides shown as pages of the site: page -> file at the review's root."""

FORMAT_LABELS = {"bibtex": "BibTeX", "ris": "RIS", "csl-json": "CSL-JSON", "vancouver": "Vancouver"}


@dataclass
class Site:
    """Everything the site needs, keyed by the path of the file in the site's source tree."""

    pages: dict[str, str] = field(default_factory=dict)
    """``cases/smith-2019.md`` -> Markdown text."""
    files: dict[str, bytes] = field(default_factory=dict)
    """``data/cases.csv`` -> bytes."""
    cases: list[CaseBase] = field(default_factory=list)
    summary: Summary | None = None
    review: Review | None = None
    views: dict[str, str] = field(default_factory=dict)
    """A chart's slot -> its view (the drawings and the spec), for :meth:`filled`."""

    def filled(self, text: str) -> str:
        """``text`` with each chart's view in place of its slot."""
        return SLOT.sub(lambda m: self.views[m.group(0)], text)


SLOT = re.compile(r"<!--chart-view [a-z0-9-]+ (?:\.\./)*-->")
"""Where a chart's view goes in a page: the view is large (two SVG drawings and the spec), and
MkDocs reads a page's HTML twice (Markdown, then the search index) where the plugin puts the views
in the page after both (``on_post_page``)."""


def slots(views: dict[str, str]) -> Callable[[str, str, str], markupsafe.Markup]:
    """The templates' ``slot(chart_id, base, view)``: keeps ``view`` in ``views`` and writes its
    slot instead."""

    def slot(chart_id: str, base: str, view: str) -> markupsafe.Markup:
        key = f"<!--chart-view {chart_id} {base}-->"
        views[key] = str(view)
        return markupsafe.Markup(key)

    return slot


def page_list(
    ordered: list[CaseBase], withdrawn: list[CaseBase], guides: dict[str, str]
) -> list[str]:
    """Every page ``pipeline.render`` writes, in its order."""
    cases = [case_page(c.id) for c in [*ordered, *withdrawn]]
    pages = ["cite.md", "whats-new.md", "table-1.md", "charts.md", "index.md", "methods.md"]
    pages += ["data/index.md", submit.PAGE]
    return cases + pages + [page for page in GUIDES if page in guides]


class CasePages:
    """Case pages already written, by what they were written from: the case, its neighbours in
    Table 1's order and what every page shares (:func:`shared_key`). Validation gives the same
    case object for the same file content and model (``model.validate_set``), so a case is
    known by its identity; each entry holds its cases, so an identity is never reused while it
    is kept. Only the last build's pages are kept."""

    def __init__(self) -> None:
        self._pages: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
        self._used: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}

    def get(self, shared: str, cases: tuple[Any, ...], write: Callable[[], str]) -> str:
        key = (shared, *map(id, cases))
        hit = self._pages.get(key)
        if hit is None:
            hit = (write(), cases)
        self._used[key] = hit
        return hit[0]

    def done(self) -> None:
        """Keep only the pages of the build that just ended."""
        self._pages, self._used = self._used, {}


CASE_PAGES = CasePages()


def shared_key(common: dict[str, Any]) -> str:
    """What every case page is written from besides its cases: the review, its model and the
    package's templates (their times of change, for a preview while they are edited)."""
    stamps = sorted((p.name, p.stat().st_mtime_ns) for p in TEMPLATES.glob("*.j2"))
    parts = [common["review"].model_dump_json(), common["model"].model_dump_json(), stamps]
    return json.dumps(parts, default=str)


def case_pages(
    env: jinja2.Environment,
    common: dict[str, Any],
    ordered: list[CaseBase],
    withdrawn: list[CaseBase],
    part: range | None = None,
) -> Iterator[tuple[str, str]]:
    """Every case page (in Table 1's order, each linked to its neighbours) and tombstone (or
    only the pages of the cases at the indices ``part`` of ``ordered``, and no tombstone); a
    page whose inputs are those of the last build's is that build's (:data:`CASE_PAGES`)."""
    review, model = common["review"], common["model"]
    case_tpl = env.get_template("case.md.j2")
    shared = shared_key(common)
    for i in part if part is not None else range(len(ordered)):
        case = ordered[i]
        prev = ordered[i - 1] if i > 0 else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None

        def write(case: CaseBase = case, prev: Any = prev, after: Any = after) -> str:
            return case_tpl.render(
                **common,
                base=relative(2),
                case=case,
                prev=prev,
                next=after,
                facts=case_facts(case, model),
                formats=cite.formats(review, case),
            )

        yield case_page(case.id), CASE_PAGES.get(shared, (prev, case, after), write)
    if part is not None:
        return
    CASE_PAGES.done()
    tombstone = env.get_template("tombstone.md.j2")
    for case in withdrawn:
        yield case_page(case.id), tombstone.render(**common, base=relative(2), case=case)


def table_order(cases: list[CaseBase]) -> list[CaseBase]:
    """Cases in the order of the review's Table 1: publication year, then first author, then id."""
    return sorted(cases, key=lambda c: (c.citation.year, c.citation.first_author.lower(), c.id))


def case_page(case_id: str) -> str:
    """The source path of a case page; its URL is ``/cases/<id>/``."""
    return f"cases/{case_id}.md"


def case_label(case: CaseBase) -> str:
    """How readers recognise a case: first author, year, level (and which case of the paper)."""
    cit = case.citation
    suffix = case.id.rsplit("-", 1)[-1]
    which = f", case {suffix}" if not suffix.isdigit() and str(cit.year) in case.id else ""
    where = f": {case.place.display}" if getattr(case, "place", None) else ""
    return f"{cit.first_author} {cit.year}{which}{where}"


def location_words(model: ModelDeclaration) -> dict[str, str]:
    """How pages name a position and a group of the review's location scheme, and the group a
    case is counted under."""
    scheme = model.scheme()
    if scheme is None:
        return {}
    if scheme.name == "vertebral":
        return {"position": scheme.noun, "group": "region", "counted": "its most cranial region"}
    return {"position": scheme.noun, "group": "group", "counted": "the group of its first site"}


def attached_text(model: ModelDeclaration, spec: CodeField) -> str | None:
    """The text field shown with a coded field as its wording as reported: the one its Table 1
    column prefers, or the one labelled "<its label> as reported"."""
    if spec.table and spec.table.prefer:
        return spec.table.prefer
    wanted = f"{spec.label} as reported".lower()
    return next((f.name for f in model.fields if f.label.lower() == wanted), None)


def case_facts(case: CaseBase, model: ModelDeclaration) -> list[dict[str, Any]]:
    """The declared fields of a case in declaration order, as a case page shows them: each
    coded field with its codes and labels (and its wording as reported), then every other field
    not shown with one (the location has its own section)."""
    coded = [f for f in model.fields if isinstance(f, CodeField)]
    attached = {attached_text(model, f) for f in coded}
    out: list[dict[str, Any]] = []
    for spec in model.fields:
        if isinstance(spec, LocationField) or spec.name in attached:
            continue
        value = getattr(case, spec.name)
        item: dict[str, Any] = {"spec": spec, "value": value}
        if isinstance(spec, CodeField):
            vocab = model.vocabularies[spec.vocabulary]
            item["terms"] = [(c, vocab.label(c)) for c in case.codes(spec.name)]
            text = attached_text(model, spec)
            item["as_reported"] = getattr(case, text) if text else None
        out.append(item)
    return out


def figure_texts(summary: Any) -> dict[str, str]:
    """Each summary figure as text, by name, for the review's own texts."""
    return {name: _fmt_number(value) for name, value in summary.figures.items()}


def review_paragraphs(
    text: str | None, review: Review, summary: Any, flows: list[Any]
) -> list[Any]:
    """A text of ``review.yaml`` as escaped paragraphs, its placeholders filled."""
    if not text:
        return []
    sources = {s.id: citation_html(s) for s in review.sources}
    searches = {f.search.id: str(f.total) for f in flows}
    return render_text(text, figure_texts(summary), sources, searches)


def _fmt_number(value: float | int | None) -> str:
    if value is None:
        return "not reported"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment: autoescaping on, so every value lands in HTML as text. One per
    process: each template is compiled once, and again only when its file changes."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,  # a preview shows a template edited meanwhile
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _fmt_number
    env.filters["text"] = escape_text
    # a plain str, so that autoescape makes it safe inside an HTML attribute
    env.filters["json"] = lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False)
    env.filters["plural"] = lambda n, word, many=None: (
        f"{n} {word if n == 1 else (many or word + 's')}"
    )
    return env


def relative(depth: int) -> str:
    """The way back to the site's root from a page ``depth`` folders down."""
    return "../" * depth
