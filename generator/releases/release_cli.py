"""Command line for releases: ``python -m generator rebuild|deploy ...``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from ..engines.sitebuild import ENGINES, build_site
from ..model.review import load_review
from .deploy import deploy
from .rebuild import RebuildError, rebuild


def _rebuild(args: argparse.Namespace) -> int:
    """Build a tagged release's site from the tag's own files and lock."""
    try:
        log = rebuild(
            Path(args.root),
            args.tag,
            Path(args.out),
            engine=args.engine,
            cache=Path(args.cache) if args.cache else None,
            url=args.site_url,
        )
    except RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(log))
    return 0


def _deploy(args: argparse.Namespace) -> int:
    """Build this version for ``<url><version>/`` and add it to a folder of versions."""
    root = Path(args.root)
    review, diagnostics = load_review(root)
    if review is None:
        print("\n".join(d.format() for d in diagnostics), file=sys.stderr)
        return 1
    version = args.version or review.version
    base = (args.site_url or review.url).rstrip("/") + "/"
    os.environ.update(SITE_URL=f"{base}{version}/", VERSION_PROVIDER="mike")
    with tempfile.TemporaryDirectory(prefix="deploy-") as tmp:
        site = Path(tmp) / "site"
        code = build_site(root, site, args.engine)
        if code != 0:
            return code
        try:
            entries = deploy(site, Path(args.into), version, args.alias, args.default)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    shown = ", ".join(f"{e['version']} {e['aliases']}" for e in entries)
    print(f"deployed {version} into {args.into}/{version}/; versions: {shown}")
    return 0


def add_release_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``rebuild`` and ``deploy``."""
    r = sub.add_parser("rebuild", help="rebuild a tagged release from its own files and lock")
    r.add_argument("tag", help="the release's tag, such as v1.0.0")
    r.add_argument("--out", required=True, help="folder for the rebuilt site")
    r.add_argument("--engine", choices=ENGINES, default="mkdocs")
    r.add_argument("--cache", help="folder of environments, one per lock (default .venv-rebuild)")
    r.add_argument("--site-url", help="default: the url in the tag's review.yaml")
    r.set_defaults(func=_rebuild)

    d = sub.add_parser("deploy", help="add this version to a folder of versions (no mike)")
    d.add_argument("--into", required=True, help="the folder of versions (e.g. a gh-pages tree)")
    d.add_argument("--version", help="default: the version in review.yaml")
    d.add_argument("--alias", action="append", default=[], help="e.g. latest (repeatable)")
    d.add_argument("--default", help="where the folder's index.html leads (default: 1st alias)")
    d.add_argument("--engine", choices=ENGINES, default="mkdocs")
    d.add_argument("--site-url", help="where DIR is published (default: url in review.yaml)")
    d.set_defaults(func=_deploy)
