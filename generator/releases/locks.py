"""The hashed locks of the Python environments, and what a build records about them.

``requirements/site.lock.txt`` pins every package of the site-and-test environment with its
sha256 hashes, ``requirements/zensical.lock.txt`` the Zensical environment's; both are written by
``make lock`` and installed with ``pip install --require-hashes``. A build records the sha256 of
the locks in ``build.json``, so a citation of a version also names the exact environment that
built it, and ``living-review rebuild vX.Y.Z --out DIR`` (the installed command; ``make rebuild
TAG=...`` in a clone with the generator's Makefile) can make that environment again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

SITE_LOCK = "requirements/site.lock.txt"
ZENSICAL_LOCK = "requirements/zensical.lock.txt"
LOCKS = (SITE_LOCK, ZENSICAL_LOCK)
MARKER = "lock.sha256"
"""The file in a virtual environment naming the sha256 of the lock it was installed from."""

# The platform the locks are resolved for (see LOCK_FLAGS in the Makefile).
LOCK_ENVIRONMENT = {
    **default_environment(),
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")
_HOSTLIKE = re.compile(
    r"://|--(extra-)?index-url|--find-links|--trusted-host|\b[\w-]+\.(org|io|com|net)\b"
)


@dataclass
class Pin:
    """One locked package: its version and the sha256 of every file that may be installed."""

    name: str
    version: str
    hashes: list[str] = field(default_factory=list)


def parse_lock(text: str) -> dict[str, Pin]:
    """The pins of a lock (``name==version`` lines with their ``--hash`` continuations)."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _PIN.match(stripped)
        if match:
            current = Pin(canonicalize_name(match.group(1)), match.group(2))
            pins[current.name] = current
        if current is not None:
            current.hashes.extend(_HASH.findall(stripped))
    return pins


def lock_problems(text: str, requirements: list[str]) -> list[str]:
    """What is wrong with a lock: a requirement it does not satisfy, a pin without a hash, any
    mention of a host or an index (a lock must install from wherever pip is pointed)."""
    pins = parse_lock(text)
    problems = [f"{p.name}=={p.version} has no sha256 hash" for p in pins.values() if not p.hashes]
    for number, line in enumerate(text.splitlines(), 1):
        if _HOSTLIKE.search(line):
            problems.append(f"line {number} names a host or an index: {line.strip()[:60]}")
    for spec in requirements:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate(LOCK_ENVIRONMENT):
            continue
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            problems.append(f"{spec}: not in the lock")
        elif not req.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{spec}: the lock pins {pin.version}")
    return problems


def digest(path: Path) -> str:
    """The sha256 of a file, as ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def build_info(root: Path, version: str, released: str) -> bytes:
    """``build.json``: the review's version and the sha256 of each lock it was built with."""
    locks = {name: digest(root / name) for name in LOCKS if (root / name).is_file()}
    info = {
        "version": version,
        "released": released,
        "locks": locks,
        # the installed command: a review's repository need not carry the generator's Makefile
        "rebuild": f"living-review rebuild v{version} --out rebuild/v{version}",
    }
    return (json.dumps(info, indent=2, sort_keys=True) + "\n").encode("utf-8")
