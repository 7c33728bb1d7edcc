"""Fuzz the case-file loader and validator with arbitrary and YAML-shaped bytes.

Feeds ``generator.model.validate.validate_text`` random bytes and mutations of the real case files
(and of the invalid fixtures), and checks that it always returns ``(case or None, diagnostics)``
and never raises: a valid case and no diagnostics, or no case and at least one positioned
diagnostic. Inputs the validator accepts are also exported and rendered (as the site would),
which must not raise either. Pure Python, no native fuzzer needed::

    python fuzz/fuzz_loader.py --seconds 600          # ten minutes
    python fuzz/fuzz_loader.py --examples 2000 --seed 7

A failing input is written to ``fuzz/crashes/`` (``--crash-dir``) and the run exits with 1.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from generator.model import CaseBase as Case  # noqa: E402
from generator.model import ModelDeclaration  # noqa: E402
from generator.model.diagnostics import Diagnostic  # noqa: E402
from generator.model.validate import review_case, validate_text  # noqa: E402

CASE = review_case(ROOT)
"""The case model the review declares (model.yaml): the fuzzer knows no field of its own."""

SLOW_SECONDS = 5
"""One input may take at most this long (a hang or a blow-up is a failure too)."""

TOKENS = [
    b": ",
    b"- ",
    b"? ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"!!python/object/apply:os.system [echo]",
    b"!!binary aGk=",
    b"!custom ",
    b"!!str ",
    b"!!int ",
    b"!!map ",
    b"!!set ",
    b"!!timestamp ",
    b"\t",
    b"\n",
    b"\r\n",
    b"\n---\n",
    b"\n...\n",
    b"%YAML 1.1\n",
    b"%TAG ! tag:x,2000:\n",
    b"|\n  ",
    b">-\n  ",
    b"'",
    b'"',
    b"#",
    b" # ",
    b"~",
    b"null",
    b"yes",
    b"no",
    b"on",
    b"off",
    b"0123",
    b"0x1F",
    b"1:20",
    b"1_000",
    b".nan",
    b"-.inf",
    b"1e400",
    b"2020-01-01",
    b"2001-12-14t21:59:43.10-05:00",
    b"99999999999999999999999999",
    b"-1",
    b"TODO",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xf0\x9f\x98\x80",
    b"\xe2\x80\xa8",
    b"\xc2\x85",
    b"<script>alert(1)</script>",
    b"../../etc/passwd",
]


def declared_tokens(model: ModelDeclaration) -> list[bytes]:
    """Values the declaration makes meaningful: a few codes of each vocabulary, and the ends of
    the location scheme as a range, reversed, with a dash, and one past its last position."""
    out = [code for v in model.vocabularies.values() for code in v.codes[:3]]
    scheme = model.scheme()
    if scheme is not None:
        first, last = scheme.positions[0], scheme.positions[-1]
        out += [f"{first}-{last}", f"{last}-{first}", f"{first}\u2013{last}", f"{last}9"]
    return [t.encode() for t in out]


def declared_fields(model: ModelDeclaration) -> list[bytes]:
    """The declared fields' names, and the key of the location's positions."""
    scheme = model.scheme()
    names = [spec.name for spec in model.fields] + ([scheme.key] if scheme else [])
    return [n.encode() for n in names]


TOKENS += declared_tokens(CASE.declaration)

FIELDS = [
    b"id",
    b"citation",
    b"first_author",
    b"year",
    b"doi",
    b"pmid",
    b"patient",
    b"sex",
    b"age_years",
    *declared_fields(CASE.declaration),
    b"provenance",
    b"discrepancies",
    b"withdrawn",
    b"successor",
    b"extra_field",
]


def corpus(root: Path = ROOT) -> list[bytes]:
    """The seeds: every real case file, every invalid fixture, and a few tiny documents."""
    seeds = [p.read_bytes() for p in sorted((root / "cases").glob("*.yaml"))]
    seeds += [
        p.read_bytes()
        for p in sorted((root / "tests" / "fixtures" / "invalid").glob("*.yaml"))
        if p.name != "expected.yaml"
    ]
    seeds += [b"", b"a: 1\n", b"- x\n", b"{}\n", b"id: x\n"]
    return seeds


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    """One to four random edits, most of them YAML-shaped."""
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(13)
        n = len(data)
        pos = rng.randint(0, n)
        if op == 0:  # insert a YAML token
            data = data[:pos] + rng.choice(TOKENS) + data[pos:]
        elif op == 1 and n:  # delete a range
            end = min(n, pos + rng.randint(1, 40))
            data = data[:pos] + data[end:]
        elif op == 2 and n:  # flip a byte
            i = rng.randrange(n)
            data = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]
        elif op == 3:  # random bytes
            data = data[:pos] + rng.randbytes(rng.randint(1, 16)) + data[pos:]
        elif op == 4:  # replace a value on a random line
            lines = _lines(data)
            i = rng.randrange(len(lines))
            key, sep, _ = lines[i].partition(b": ")
            if sep:
                lines[i] = key + sep + rng.choice(TOKENS)
            data = b"\n".join(lines)
        elif op == 5:  # duplicate a line (duplicate keys, repeated items)
            lines = _lines(data)
            i = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
            data = b"\n".join(lines)
        elif op == 6:  # swap two lines
            lines = _lines(data)
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif op == 7:  # change a line's indentation
            lines = _lines(data)
            i = rng.randrange(len(lines))
            lines[i] = b" " * rng.choice([0, 1, 2, 3, 4, 8]) + lines[i].lstrip(b" ")
            data = b"\n".join(lines)
        elif op == 8:  # rename or misspell a key
            lines = _lines(data)
            i = rng.randrange(len(lines))
            key, sep, rest = lines[i].partition(b":")
            if sep:
                indent = key[: len(key) - len(key.lstrip())]
                lines[i] = indent + rng.choice(FIELDS) + sep + rest
            data = b"\n".join(lines)
        elif op == 9:  # splice with another seed
            other = rng.choice(seeds)
            data = data[:pos] + other[rng.randint(0, len(other)) :]
        elif op == 10:  # repeat a chunk (long strings, deep nesting)
            chunk = data[pos : pos + rng.randint(1, 8)] or rng.choice(TOKENS)
            data = data[:pos] + chunk * rng.choice([2, 10, 100, 1000]) + data[pos:]
        elif op == 11:  # truncate
            data = data[:pos]
        else:  # nest a value
            depth = rng.randint(1, 30)
            data = data[:pos] + b"[" * depth + b"x" + b"]" * depth + data[pos:]
    return data


def generate(rng: random.Random, seeds: list[bytes]) -> bytes:
    """One input: mostly a mutated seed, sometimes plain random bytes or text."""
    kind = rng.random()
    if kind < 0.08:
        return rng.randbytes(rng.randint(0, 300))
    if kind < 0.15:
        return bytes(
            rng.choice(b"abc:-[]{}&*!|>'\"#%@`, \n\t0123456789.yesno~?") for _ in range(200)
        )
    return mutate(rng.choice(seeds), rng, seeds)


class Slow(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise Slow(f"one input took more than {SLOW_SECONDS}s")


def check(data: bytes, expected_id: str | None = None) -> Case | None:
    """Validate ``data`` and check the contract; raise AssertionError (or anything else) on a
    bug. Returns the case when the input is valid."""
    result = validate_text("fuzz.yaml", data, expected_id=expected_id, case=CASE)
    assert isinstance(result, tuple) and len(result) == 2, result
    case, diags = result
    assert isinstance(diags, list)
    assert (case is None) == bool(diags), (case, diags)
    assert case is None or isinstance(case, Case)
    for d in diags:
        assert isinstance(d, Diagnostic), d
        assert d.path == "fuzz.yaml" and d.line >= 1 and d.column >= 1, d
        assert isinstance(d.message, str) and d.message.strip(), d
        assert isinstance(d.field, str) and d.field, d
        assert "Traceback" not in d.message
        d.format()  # printable
        d.github()
    return case


_REVIEW = None
FIRST_ID = min((p.stem for p in (ROOT / "cases").glob("*.yaml")), default="fuzz")
"""A real case's id, for inputs checked against their file's name."""


def downstream(case: Case) -> None:
    """What the site does with a valid case: export it and render its pages."""
    global _REVIEW
    from generator.model.review import load_review
    from generator.pages import export
    from generator.pages.dataset import frame
    from generator.pages.pipeline import render

    if _REVIEW is None:
        _REVIEW, _ = load_review(ROOT)
    model = type(case).declaration
    export.data_files(frame([case] if case.active else [], model), _REVIEW, cases=[case])
    if case.active:
        render([case], _REVIEW)


@dataclass
class Stats:
    inputs: int = 0
    valid: int = 0
    failures: list[tuple[bytes, str]] = field(default_factory=list)
    seconds: float = 0.0


def run(
    seconds: float | None = None,
    examples: int | None = None,
    seed: int | None = None,
    crash_dir: Path | None = None,
    render: bool = True,
    stop_on_failure: bool = True,
) -> Stats:
    """Fuzz until ``seconds`` have passed or ``examples`` inputs were tried (whichever first)."""
    if seconds is None and examples is None:
        seconds = 60
    rng = random.Random(seed)
    seeds = corpus()
    stats = Stats()
    start = time.monotonic()
    use_alarm = hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        while True:
            if seconds is not None and time.monotonic() - start >= seconds:
                break
            if examples is not None and stats.inputs >= examples:
                break
            data = generate(rng, seeds)
            expected = rng.choice([None, "fuzz", FIRST_ID])
            stats.inputs += 1
            try:
                if use_alarm:
                    signal.alarm(SLOW_SECONDS)
                case = check(data, expected)
                if case is not None:
                    stats.valid += 1
                    if render:
                        downstream(case)
            except Exception:  # every exception is a finding
                report = traceback.format_exc()
                stats.failures.append((data, report))
                if crash_dir is not None:
                    crash_dir.mkdir(parents=True, exist_ok=True)
                    name = hashlib.sha256(data).hexdigest()[:16]
                    (crash_dir / f"{name}.yaml").write_bytes(data)
                    (crash_dir / f"{name}.txt").write_text(report, encoding="utf-8")
                if stop_on_failure:
                    break
            finally:
                if use_alarm:
                    signal.alarm(0)
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)
    stats.seconds = time.monotonic() - start
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, help="how long to run (default 60 s)")
    p.add_argument("--examples", type=int, help="stop after this many inputs")
    p.add_argument("--seed", type=int, help="random seed (default: a fresh one, printed)")
    p.add_argument("--crash-dir", default=str(ROOT / "fuzz" / "crashes"))
    p.add_argument("--no-render", action="store_true", help="do not render accepted inputs")
    p.add_argument("--keep-going", action="store_true", help="do not stop at the first failure")
    args = p.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzzing validate_text (seed {seed})", flush=True)
    stats = run(
        seconds=args.seconds,
        examples=args.examples,
        seed=seed,
        crash_dir=Path(args.crash_dir),
        render=not args.no_render,
        stop_on_failure=not args.keep_going,
    )
    print(
        f"{stats.inputs:,} inputs in {stats.seconds:.0f}s ({stats.valid:,} valid), "
        f"{len(stats.failures)} failure(s)"
    )
    for data, report in stats.failures[:5]:
        print(f"--- input {data[:200]!r}\n{report}", file=sys.stderr)
    if stats.failures:
        print(f"failing inputs written to {args.crash_dir}/", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
