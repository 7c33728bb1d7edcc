"""The build, step by step, and the pages it writes before it imports pandas and Altair.

:func:`build_parts` validates the review and yields the list of its pages, then each page as
it is written (see :data:`Part`). The case pages come first: they need only the case and the
review, so that a caller reading them (the MkDocs plugin, in another process) works while pandas
and Altair are imported and then the charts, the summary and the other pages are made
(``site.summary_parts``). ``site.build`` and ``site.render`` run the same steps to the end.
Nothing here imports pandas, Altair or MkDocs.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from . import cite, page_meta, submit
from .checks import check_review
from .declared import default_domain
from .diagnostics import ValidationFailed
from .model import CaseBase, Domain
from .model.declaration import CodeField, LocationField, ModelDeclaration
from .review import Review
from .review_text import citation_html, escape_text, render_text
from .searches import Logs
from .validate import gc_paused

if TYPE_CHECKING:
    from .dataset import Summary

TEMPLATES = Path(__file__).with_name("templates")

GUIDES = {"contributing.md": "CONTRIBUTING.md", "maintaining.md": "MAINTAINING.md"}
"""The project's own guides shown as pages of the site: page -> file at the review's root."""

FIRST_PAGES = 200
"""Case pages written before pandas and Altair are imported: enough to keep MkDocs busy while
they load (about 0.7 s); the rest follow once the charts are being drawn."""

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


Part = tuple[str, Any]
"""One step of a build, as :func:`build_parts` yields it: ``("pages", [uri, ...])`` first,
then ``("page", (uri, markdown))`` for each page, each chart in it a slot
(``chart_slots.SLOT``), then ``("views", {slot: drawing})`` once the charts are drawn, then
``("files", {uri: bytes})``. The pages in ``site`` have their slots filled."""


def build_parts(root: Path, site: Site | None = None) -> Iterator[Part]:
    """``site.build`` step by step (see :data:`Part`), for a caller that can use each page as
    soon as it is written: the MkDocs plugin reads the pages while the charts are drawn, and puts
    the drawings in the HTML. ``site`` is filled as they go. Raises ValidationFailed at the
    first step if any input is invalid."""
    site = Site() if site is None else site
    with gc_paused():
        checked = check_review(root)
        if not checked.ok or checked.review is None:
            raise ValidationFailed(checked.diagnostics)
        review = checked.review
        guides = {
            page: (root / name).read_text(encoding="utf-8")
            for page, name in GUIDES.items()
            if (root / name).exists()
        }
        yield from render_parts(
            checked.result.cases, review, guides, checked.logs, site, checked.domain, root
        )
        from .locks import build_info  # packaging: needed only now

        site.files["build.json"] = build_info(root, review.version, review.released)
        yield ("files", site.files)


def render_parts(
    cases: Iterable[Any],
    review: Review,
    guides: dict[str, str],
    logs: Logs | None,
    site: Site,
    domain: Domain | None = None,
    root: Path | None = None,
) -> Iterator[Part]:
    """``site.render`` step by step into ``site`` (see :data:`Part`): the list of pages, the
    first case pages, then (pandas and Altair imported meanwhile) the rest of the pages, while
    the charts are drawn, and the drawings. Without ``domain``, the one declared under ``root``
    (the current folder when None)."""
    domain = domain or default_domain(root)
    withdrawn = sorted((c for c in cases if not c.active), key=lambda c: c.id)
    cases = [c for c in cases if c.active]
    ordered = table_order(cases)
    listed = page_list(ordered, withdrawn, guides)
    yield ("pages", listed)
    site.cases, site.review = cases, review
    env = environment()
    common: dict[str, Any] = {
        "review": review,
        "model": domain.model,
        "scheme": domain.model.scheme(),
        "words": location_words(domain.model),
        "label": case_label,
        "labels_fmt": FORMAT_LABELS,
        "meta": page_meta,
        "licence": page_meta.licence(review),
        "domain": domain,
    }
    pages = case_pages(env, common, ordered, withdrawn)
    yield from into(site, itertools.islice(pages, FIRST_PAGES))
    from .site import summary_parts  # pandas and Altair: imported while those pages are read

    yield from summary_parts(env, common, site, ordered, withdrawn, guides, logs, pages)
    if list(site.pages) != listed:  # the plugin gives MkDocs the listed pages, and only those
        raise RuntimeError(
            f"pages written but not listed, or listed but not written, or out of order: {sorted(set(site.pages) ^ set(listed))}"
        )


def page_list(
    ordered: list[CaseBase], withdrawn: list[CaseBase], guides: dict[str, str]
) -> list[str]:
    """Every page :func:`render_parts` writes, in its order."""
    cases = [case_page(c.id) for c in [*ordered, *withdrawn]]
    pages = ["cite.md", "whats-new.md", "table-1.md", "charts.md", "index.md", "methods.md"]
    pages += ["data/index.md", submit.PAGE]
    return cases + pages + [page for page in GUIDES if page in guides]


def into(site: Site, pages: Iterable[tuple[str, str]]) -> Generator[Part, None, list[str]]:
    """Each page as a step, kept in ``site``; returns the pages' addresses."""
    written = []
    for uri, text in pages:
        site.pages[uri] = text
        written.append(uri)
        yield ("page", (uri, text))
    return written


def case_pages(
    env: jinja2.Environment,
    common: dict[str, Any],
    ordered: list[CaseBase],
    withdrawn: list[CaseBase],
) -> Iterator[tuple[str, str]]:
    """Every case page (in Table 1's order, each linked to its neighbours) and tombstone."""
    review, model = common["review"], common["model"]
    case_tpl = env.get_template("case.md.j2")
    for i, case in enumerate(ordered):
        yield (
            case_page(case.id),
            case_tpl.render(
                **common,
                base=relative(2),
                case=case,
                prev=ordered[i - 1] if i > 0 else None,
                next=ordered[i + 1] if i + 1 < len(ordered) else None,
                facts=case_facts(case, model),
                formats=cite.formats(review, case),
            ),
        )
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


def environment() -> jinja2.Environment:
    """The Jinja environment: autoescaping on, so every value lands in HTML as text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are loaded once per build, not checked on every include
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
