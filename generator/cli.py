"""Command line: ``python -m generator validate|schema ...``.

The CLI only parses arguments and translates library results into output and exit codes.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

from .model import CaseBase, load_domain, searches
from .model.checks import check_review
from .model.diagnostics import ValidationFailed
from .model.review import REVIEW_FILE, load_review, read_review
from .model.schema import slug_problem
from .model.schema_file import SCHEMA_PATH, case_schema_text
from .model.validate import display, validate_paths
from .releases.citation_meta import citation_files
from .releases.release_cli import add_release_commands
from .releases.search_new import SearchNewError, next_steps, start_search
from .releases.versions import PUBLISHED_IDS, record_published
from .scaffold import free_id, render_template


def _case_model(root: Path) -> type[CaseBase] | None:
    """The case model the review under ``root`` declares, or None after printing why not (the
    diagnostics of its model.yaml)."""
    domain, diagnostics = load_domain(root)
    if domain is None:
        for d in diagnostics:
            print(d.format(), file=sys.stderr)
    return domain.case if domain else None


def _validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path(args.root) / "cases"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"{p}:1:1: no such file or folder", file=sys.stderr)
        return 2
    root = Path(args.root)
    if not args.paths:  # the whole review: cases, published ids, review.yaml, searches
        checked = check_review(root, release=args.release)
        result = checked.result
        result.diagnostics = checked.diagnostics
    else:
        case = _case_model(root)
        if case is None:
            return 1
        result = validate_paths(paths, case=case)
        if (root / REVIEW_FILE).exists():  # the searches these cases name (no counts)
            read = read_review(root)
            result.diagnostics.extend(searches.check(root, read, result, whole=False)[1])
    for d in result.diagnostics:
        print(d.github() if args.format == "github" else d.format())
    errors = len(result.errors)
    warnings = len(result.diagnostics) - errors
    files = len({d.path for d in result.errors})
    if errors:
        print(
            f"{errors} error(s) in {files} file(s); {len(result.cases)} valid case(s)",
            file=sys.stderr,
        )
        return 1
    extra = f", {warnings} warning(s)" if warnings else ""
    print(f"ok: {len(result.cases)} cases valid{extra}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    target = Path(args.root) / SCHEMA_PATH
    case = _case_model(Path(args.root))
    if case is None:
        return 1
    text = case_schema_text(case)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run 'python -m generator schema'", file=sys.stderr)
            return 1
        print(f"{target} is current")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _render(args: argparse.Namespace) -> int:
    """Write the generated pages and data files as plain files (for other engines)."""
    from .pages.pipeline import (
        build,  # pandas and Altair: imported only by the commands that render
    )

    try:
        site = build(Path(args.root))
    except ValidationFailed as exc:
        print(exc.report())
        return 1
    out = Path(args.out)
    for uri, content in [*site.pages.items(), *site.files.items()]:
        target = out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    print(f"wrote {len(site.pages)} pages and {len(site.files)} data files to {out}")
    return 0


def _static(args: argparse.Namespace) -> int:
    """A plugin-free copy of the project, with every generated page written into docs/."""
    from .engines.static import static_project
    from .pages.pipeline import build

    root = Path(args.root)
    try:
        site = build(root)
    except ValidationFailed as exc:
        print(exc.report())
        return 1
    out = static_project(root, site, Path(args.out))
    print(f"wrote a plugin-free project with {len(site.pages)} generated pages to {out}")
    return 0


def _site(args: argparse.Namespace) -> int:
    """Validate, then build the whole site with the chosen engine, atomically."""
    from .engines.sitebuild import build_site

    return build_site(Path(args.root), Path(args.out), args.engine)


def _ask(label: str, value: str | None, *, required: bool = True) -> str | None:
    if value is not None:
        return value
    if not sys.stdin.isatty():
        if required:
            raise SystemExit(f"error: {label} is required (give it as an option)")
        return None
    answer = input(f"{label}{'' if required else ' (optional)'}: ").strip()
    if required and not answer:
        raise SystemExit(f"error: {label} is required")
    return answer or None


def _new(args: argparse.Namespace) -> int:
    """Write cases/<id>.yaml from the template, under a free id."""
    cases_dir = Path(args.root) / "cases"
    author = _ask("First author's surname", args.first_author)
    year_text = _ask("Year of publication", args.year)
    if not (year_text or "").isdigit():
        print(f"error: the year must be a number, got {year_text!r}", file=sys.stderr)
        return 1
    doi = args.doi
    pmid = args.pmid
    if doi is None and pmid is None and sys.stdin.isatty():
        doi = _ask("DOI", None, required=False)
        pmid = None if doi else _ask("PMID", None, required=False)
    if doi:
        doi = doi.strip().removeprefix("https://doi.org/").removeprefix("doi:")
    taken = {p.stem for p in cases_dir.glob("*.yaml")}
    case_id = args.id or free_id(author, int(year_text), taken)
    target = cases_dir / f"{case_id}.yaml"
    if case_id in taken or target.exists():
        print(
            f"error: {target} exists already: choose another id (published ids never change)",
            file=sys.stderr,
        )
        return 1
    problem = slug_problem(case_id)
    if problem:
        print(f"error: id {case_id!r} {problem}", file=sys.stderr)
        return 1
    shown = display(target)
    case = _case_model(Path(args.root))
    if case is None:
        return 1
    review, _ = load_review(Path(args.root))
    routes = None
    if review is not None:
        routes = [r.id for r in review.new_case_routes()]
    target.write_text(
        render_template(
            case_id, author, int(year_text), doi, pmid, shown, routes, model=case.declaration
        ),
        encoding="utf-8",
    )
    print(f"wrote {shown}: replace every TODO, then run: python -m generator validate {shown}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    """Record the ids of all cases as published (run when making a release)."""
    case = _case_model(Path(args.root))
    if case is None:
        return 1
    result = validate_paths([Path(args.root) / "cases"], case=case)
    if not result.ok:
        print("\n".join(d.format() for d in result.errors))
        return 1
    added = record_published(Path(args.root), {c.id for c in result.cases})
    print(f"recorded {len(added)} newly published id(s) in {PUBLISHED_IDS}")
    return 0


def _init(args: argparse.Namespace) -> int:
    """Start a new review in an empty folder."""
    from .init_review import InitError, init_review

    try:
        written = init_review(
            Path(args.folder), args.title, url=args.url, repository=args.repository
        )
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote a new review in {args.folder}: {', '.join(p.name for p in written)}, cases/")
    print(f"next: cd {args.folder} && make site (README.md says more)")
    return 0


def _issue_forms(args: argparse.Namespace) -> int:
    """Write the issue form for proposing a case from review.yaml and model.yaml."""
    from .model import load_domain
    from .pages.issue_forms import NEW_CASE_FORM, new_case_form

    root = Path(args.root)
    review, diagnostics = load_review(root)
    domain, model_diagnostics = load_domain(root)
    if review is None or domain is None:
        print("\n".join(d.format() for d in [*diagnostics, *model_diagnostics]), file=sys.stderr)
        return 1
    path = root / NEW_CASE_FORM
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_case_form(review, domain.model), encoding="utf-8")
    print(f"wrote {NEW_CASE_FORM}")
    return 0


def _review_or_errors(args: argparse.Namespace):
    """The review metadata of ``args.root``, or None after printing why it is invalid."""
    review, diagnostics = load_review(Path(args.root))
    if review is None:
        print("\n".join(d.format() for d in diagnostics), file=sys.stderr)
    return review


def _review_field(args: argparse.Namespace) -> int:
    """Print one field of review.yaml (for scripts: the Makefile's deploy-version)."""
    review = _review_or_errors(args)
    if review is None:
        return 1
    print(getattr(review, args.field))
    return 0


def _citation(args: argparse.Namespace) -> int:
    """Write CITATION.cff and .zenodo.json from review.yaml, or with --check fail if stale."""
    root = Path(args.root)
    review, diagnostics = load_review(root)
    if review is None:
        for d in diagnostics:
            print(d.format(), file=sys.stderr)
        return 1
    stale = []
    for name, text in citation_files(review).items():
        target = root / name
        if args.check:
            current = target.read_text(encoding="utf-8") if target.exists() else ""
            if current != text:
                stale.append(target)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    for target in stale:
        print(f"{target} is out of date: run 'python -m generator citation'", file=sys.stderr)
    if args.check and not stale:
        print("CITATION.cff and .zenodo.json are current")
    return 1 if stale else 0


def _search_new(args: argparse.Namespace) -> int:
    """Start a search update: a new entry in review.yaml with placeholders, and its log."""
    try:
        date = datetime.date.fromisoformat(args.date)
    except ValueError:
        print(f"error: --date must be a date as YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
        return 2
    try:
        started = start_search(Path(args.root), date, args.id)
    except SearchNewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(next_steps(started))
    return 0


def _date_option(value: str | None, name: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"error: {name} must be a date as YYYY-MM-DD, got {value!r}") from None


def _search_run(args: argparse.Namespace) -> int:
    """Run a planned search on PubMed and write its entry and screening log."""
    from .literature import LiteratureError
    from .literature.pubmed import PubMed
    from .literature.run import run_search

    root = Path(args.root)
    since = _date_option(args.since, "--since")
    try:
        review, _ = load_review(root)
        client = PubMed.from_environment(review.contact_email if review else None)
        ran = run_search(root, args.search_id, client, since=since)
    except LiteratureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    verb = "wrote" if ran.changed else "unchanged:"
    print(
        f"{verb} {REVIEW_FILE} ({ran.search_id}) and {ran.log}: {ran.identified} record(s), "
        f"{ran.awaiting} awaiting screening, {ran.duplicates} duplicate(s)"
    )
    return 0


def _search_next(args: argparse.Namespace) -> int:
    """Print the id of the next planned search (nothing, and exit 0, when none is planned)."""
    review = _review_or_errors(args)
    if review is None:
        return 1
    if review.next_search is not None:
        print(review.next_search.id)
    return 0


def _lookup(args: argparse.Namespace) -> int:
    """Look up missing citation fields (a report), or write the accepted ones (--apply)."""
    from .literature import LiteratureError

    root = Path(args.root)
    try:
        if args.apply:
            from .literature.case_edit import apply_report

            for case_id, fields in apply_report(root, Path(args.apply)):
                print(f"wrote cases/{case_id}.yaml: {', '.join(fields)} (with a changes entry)")
            return 0
        from .literature.crossref import Crossref
        from .literature.lookup import lookup
        from .literature.pubmed import PubMed

        review, _ = load_review(root)
        pubmed = PubMed.from_environment(review.contact_email if review else None)
        path, cases, found = lookup(root, pubmed, Crossref(email=pubmed.email))
    except LiteratureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}: {cases} case(s) looked up, {found} with a candidate to check")
    return 0


def _add_literature_commands(sub: Any, se_sub: Any) -> None:
    """``search run``, ``search next`` and ``lookup`` (README.md, "Watching the literature")."""
    sr = se_sub.add_parser(
        "run", help="run a planned search on PubMed: its entry and its screening log"
    )
    sr.add_argument("search_id", help="the id of the planned search (status: planned)")
    sr.add_argument(
        "--since", help="first Entrez date searched (default: the day after the last search)"
    )
    sr.set_defaults(func=_search_run)
    sx = se_sub.add_parser("next", help="print the id of the next planned search, if any")
    sx.set_defaults(func=_search_next)

    lk = sub.add_parser(
        "lookup", help="propose missing DOIs, PMIDs, titles and authors from PubMed and Crossref"
    )
    lk.add_argument("--apply", metavar="REPORT", help="write the candidates marked accepted: true")
    lk.set_defaults(func=_lookup)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    p.add_argument("--root", default=".", help="project folder (default: current folder)")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="validate case files (default: the cases folder)")
    v.add_argument("paths", nargs="*", help="case files or folders")
    v.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: print GitHub Actions annotations",
    )
    v.add_argument(
        "--release",
        action="store_true",
        help="before tagging: also check that nothing is left unreleased (MAINTAINING.md)",
    )
    v.set_defaults(func=_validate)

    s = sub.add_parser("schema", help="write schema/case.schema.json from the models")
    s.add_argument("--check", action="store_true", help="fail if the committed schema is stale")
    s.set_defaults(func=_schema)

    n = sub.add_parser("new", help="start a new case file from the template")
    n.add_argument("--first-author", help="first author's surname, as cited")
    n.add_argument("--year", help="year of publication")
    n.add_argument("--doi", help="DOI (10.xxxx/...), if known")
    n.add_argument("--pmid", help="PubMed ID, if known")
    n.add_argument("--id", help="use this id instead of the one chosen by the naming rule")
    n.set_defaults(func=_new)

    se = sub.add_parser("search", help="literature search updates")
    se_sub = se.add_subparsers(dest="search_command", required=True)
    sn = se_sub.add_parser(
        "new", help="append a new search to review.yaml, with placeholders, and its screening log"
    )
    sn.add_argument("--date", required=True, help="the date the search was run (YYYY-MM-DD)")
    sn.add_argument("--id", help="the search's id (default: search-<date>)")
    sn.set_defaults(func=_search_new)
    _add_literature_commands(sub, se_sub)

    isf = sub.add_parser("issue-forms", help="write the new-case issue form from model.yaml")
    isf.set_defaults(func=_issue_forms)
    rf = sub.add_parser("review-field", help="print a field of review.yaml (for scripts)")
    rf.add_argument("field", choices=["url", "version", "released", "repository", "title"])
    rf.set_defaults(func=_review_field)
    c = sub.add_parser("citation", help="write CITATION.cff and .zenodo.json from review.yaml")
    c.add_argument("--check", action="store_true", help="fail if either file is stale")
    c.set_defaults(func=_citation)

    p_ = sub.add_parser("publish", help=f"record every case id as published in {PUBLISHED_IDS}")
    p_.set_defaults(func=_publish)

    r = sub.add_parser("render", help="write the generated pages and data files into a folder")
    r.add_argument("--out", required=True)
    r.set_defaults(func=_render)

    st = sub.add_parser("static", help="write a plugin-free project for other engines (Zensical)")
    st.add_argument("--out", required=True)
    st.set_defaults(func=_static)

    b = sub.add_parser("site", help="validate and build the site with MkDocs (atomically)")
    b.add_argument("--out", default="site")
    b.add_argument(
        "--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="default: mkdocs"
    )
    b.set_defaults(func=_site)

    i = sub.add_parser("init", help="start a new review in an empty folder")
    i.add_argument("folder", help="the new review's folder (absent or empty)")
    i.add_argument("--title", required=True, help="the review's title")
    i.add_argument("--url", help="where it will be published (default: a TODO address)")
    i.add_argument("--repository", help="its repository (default: a TODO address)")
    i.set_defaults(func=_init)
    add_release_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
