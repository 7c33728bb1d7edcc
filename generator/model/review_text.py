"""The review's own prose in ``review.yaml`` (``introduction``, ``summary_text``) and the figures
its sources state, checked against the declared model and rendered safely.

A review file is data, never a template: its texts are plain text in which ``{name}`` stands for
a summary figure of ``model.yaml`` (``{cases}`` is every case), ``{source:<id>}`` for the
citation of one of its sources and ``{search:<id>}`` for the number of cases in the review once
that search's cases were added. Nothing else is evaluated: the text is HTML-escaped and only
these placeholders are replaced (no attribute access, no format specifications). A blank line
starts a new paragraph. Unknown names are reported at their line and column by
:func:`text_problems`, and figures a source states under a name the model does not declare by
:func:`source_figure_problems`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import markupsafe

from .diagnostics import Diagnostic
from .load import dotted

if TYPE_CHECKING:
    from .declaration import ModelDeclaration
    from .review import Review, ReviewFile, Source

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z0-9][a-z0-9-]*))?\}")
"""``{name}`` or ``{kind:id}``."""
TEXTS = ("introduction", "summary_text")
"""The review's texts that take placeholders."""
KINDS = ("source", "search")
"""The placeholders that take an id: ``{source:<id>}``, ``{search:<id>}``."""


def placeholders(text: str) -> Iterator[re.Match[str]]:
    """Every placeholder of a text, in order."""
    return PLACEHOLDER.finditer(text)


def unknown_placeholder(match: re.Match[str], review: Review, model: ModelDeclaration) -> str:
    """Why a placeholder names nothing, or ""."""
    name, ref = match.groups()
    if ref is None:
        if name in KINDS:
            return f"{{{name}}} needs an id: {{{name}:<id>}}"
        return "" if model.has_figure(name) else f"unknown summary figure {name!r} in {{{name}}}"
    if name == "source":
        ids = [s.id for s in review.sources]
        return "" if ref in ids else f"unknown source {ref!r} (sources: {', '.join(ids) or 'none'})"
    if name == "search":
        ids = [s.id for s in review.searches]
        return "" if ref in ids else f"unknown search {ref!r} (searches: {', '.join(ids)})"
    return (
        f"unknown placeholder {match.group(0)!r} (use {{figure}}, {{source:<id>}}, {{search:<id>}})"
    )


def _offset_position(
    read: ReviewFile, loc: tuple[Any, ...], text: str, at: int, raw: list[str]
) -> tuple[int, int]:
    """The line and column of character ``at`` of a text value: exact for a one-line value and
    for a literal block (``|``, whose lines are kept); else the value's own position."""
    line, column = read.position(loc)
    before = text[:at]
    row = before.count("\n")
    if raw and line - 1 < len(raw) and raw[line - 1].rstrip().endswith(("|", "|-", "|+")):
        body = raw[line:]
        if row < len(body):
            indent = len(body[row]) - len(body[row].lstrip())
            return line + 1 + row, indent + len(before.rsplit("\n", 1)[-1]) + 1
    if row == 0 and raw and line - 1 < len(raw):
        found = raw[line - 1].find(text.split("\n", 1)[0], column - 1)
        if found >= 0:
            return line, found + at + 1
    return line, column


def text_problems(
    read: ReviewFile, model: ModelDeclaration, raw: str | None = None
) -> list[Diagnostic]:
    """Every placeholder of the review's texts that names no figure, source or search, at its
    line and column (``raw``: the text of ``review.yaml``, for the column within a text)."""
    review = read.review
    if review is None:
        return []
    lines = raw.splitlines() if raw else []
    out = []
    for key in TEXTS:
        text = getattr(review, key)
        for match in placeholders(text or ""):
            problem = unknown_placeholder(match, review, model)
            if problem:
                line, column = _offset_position(read, (key,), text, match.start(), lines)
                out.append(Diagnostic("review.yaml", line, column, key, problem))
    return out


def source_figure_problems(read: ReviewFile, model: ModelDeclaration) -> list[Diagnostic]:
    """Every figure a source states under a name that ``model.yaml``'s ``summary`` does not
    declare (``cases``, every case, is built in), at its key in ``review.yaml``."""
    review = read.review
    if review is None:
        return []
    declared = ", ".join(["cases", *(f.name for f in model.summary)])
    out = []
    for i, source in enumerate(review.sources):
        for name in source.figures:
            if not model.has_figure(name):
                loc = ("sources", i, "figures", name)
                line, column = read.position(loc, key=True)
                msg = f"unknown summary figure {name!r} (model.yaml declares: {declared})"
                out.append(Diagnostic("review.yaml", line, column, dotted(loc), msg))
    return out


def citation_html(source: Source) -> markupsafe.Markup:
    """A source cited in running text: "Smith et al. (2019, <i>Journal</i>, doi:...)"."""
    doi = ""
    if source.doi:
        doi = markupsafe.Markup(', <a href="https://doi.org/{}">doi:{}</a>').format(
            _urlencode(source.doi), source.doi
        )
    return markupsafe.Markup("{} et al. ({}, <i>{}</i>{})").format(
        source.surname, source.year, source.journal, doi
    )


def _urlencode(text: str) -> str:
    """As Jinja's ``urlencode`` filter quotes a string."""
    from urllib.parse import quote

    return quote(text, safe="/")


def escape_text(text: object) -> markupsafe.Markup:
    """Text for an element's content (never an attribute): ``&``, ``<`` and ``>`` escaped,
    quotes and apostrophes kept as written."""
    if isinstance(text, markupsafe.Markup):
        return text
    plain = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return markupsafe.Markup(plain)


def render_text(
    text: str,
    figures: Mapping[str, str],
    sources: Mapping[str, markupsafe.Markup] | None = None,
    searches: Mapping[str, str] | None = None,
) -> list[markupsafe.Markup]:
    """The paragraphs of a review text, escaped, with its placeholders replaced (an unknown one,
    which :func:`text_problems` reports before any build, is left as written)."""
    refs: dict[str, Callable[[str], Any]] = {
        "source": lambda ref: (sources or {}).get(ref),
        "search": lambda ref: (searches or {}).get(ref),
    }

    def value(match: re.Match[str]) -> str:
        name, ref = match.groups()
        found = figures.get(name) if ref is None else refs.get(name, lambda _: None)(ref)
        return escape_text(match.group(0) if found is None else found)

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip())]
    out = []
    for paragraph in paragraphs:
        pieces, last = [], 0
        for match in PLACEHOLDER.finditer(paragraph):
            pieces.append(escape_text(paragraph[last : match.start()]))
            pieces.append(value(match))
            last = match.end()
        pieces.append(escape_text(paragraph[last:]))
        out.append(markupsafe.Markup("").join(pieces))
    return out
