"""Safe YAML loading that keeps the position of every value.

Case files come from strangers' pull requests. They are parsed with PyYAML's safe (C when
available) parser into a node graph, which this module turns into plain Python values itself, so
that it can:

* record the line and column of every key and value (for compiler-style messages);
* refuse duplicate keys (PyYAML silently keeps the last one);
* refuse anchors and aliases (no "billion laughs" expansion) and any non-standard tag
  (``!!python/object`` and friends are never constructed);
* keep YAML 1.1 dates as strings and flag unquoted ``yes``/``no``/``on``/``off``;
* remember how unquoted numbers were written (``0123``, ``1:20``), so that messages can say what
  YAML made of them;
* refuse control characters in text, the NEL line break, and whole numbers beyond 2**53 - 1.

Nothing here raises on bad input: every problem becomes a :class:`Diagnostic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic

try:  # the C parser is several times faster and reports the same positions
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 64 * 1024
"""Largest case file accepted (a full case is about 2 KB)."""
MAX_STRING = 10_000
"""Longest string value accepted, in characters."""
MAX_DEPTH = 12
"""Deepest nesting of mappings and lists accepted (the schema needs 3)."""
MAX_INT = 2**53 - 1
"""Largest whole number accepted (the largest JSON and JavaScript carry exactly)."""

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR = f"{_TAG}str"
# PyYAML's implicit resolver is Python code run for every scalar. A plain scalar that starts with
# a letter resolves (in PyYAML's YAML 1.1 rules) to a bool or null only when it is one of these
# words, and to a string otherwise; the shortcut below gives the same tags, faster.
_LETTER_WORDS = {
    **dict.fromkeys(
        [
            "yes",
            "Yes",
            "YES",
            "no",
            "No",
            "NO",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
        ],
        f"{_TAG}bool",
    ),
    **dict.fromkeys(["null", "Null", "NULL"], f"{_TAG}null"),
}


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe (C) loader with a shortcut for plain scalars that start with a letter."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value[:1].isalpha():
            return _LETTER_WORDS.get(value, _STR)
        return super().resolve(kind, value, implicit)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_ALLOWED_SCALARS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters refused in text: controls other than tab and line feed (YAML escapes such as
``"\\r"`` or ``"\\x01"`` make them; they corrupt CSV rows and make the Atom feed invalid XML)."""
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\ufffe": "a noncharacter",
    "\uffff": "a noncharacter",
}
_DIGITS = re.compile(r"^[-+]?[0-9_]+$")
_YAML11_WORDS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")


@dataclass
class Loaded:
    """The result of loading one file: the value (or None) and what was found wrong."""

    value: Any = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    bool_words: dict[Path, str] = field(default_factory=dict)
    plain: dict[Path, str] = field(default_factory=dict)
    """Unquoted values YAML read as numbers or booleans, as written (``0123``, ``1:20``,
    ``true``): for messages that show what was written, not only what YAML made of it."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of the value at ``path`` (or of its key), else the
        nearest enclosing value's position, else (1, 1)."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)


def dotted(path: Path) -> str:
    """``("causes", 1)`` -> ``"causes[1]"``; the empty path -> ``"-"``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def load_yaml(path: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Load one YAML document from ``data``; ``path`` is only used in messages. ``max_bytes``
    raises the size limit for files larger than a case (screening logs)."""
    out = Loaded()

    def error(line: int, column: int, message: str, where: str = "-") -> Loaded:
        out.diagnostics.append(Diagnostic(path, line, column, where, message))
        return out

    if len(data) > max_bytes:
        return error(
            1,
            1,
            f"file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes for a case file "
            "(a case is about 2,000 bytes): is it the right file?",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return error(1, 1, "file starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"), exc.start)
        return error(
            line,
            col,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8",
        )
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        return error(line, col, "file contains a NUL character: is it a text file?")
    if "\x85" in text:
        # YAML reads NEL as a line break: inside quotes it would silently become a space
        line, col = _line_col(text, text.index("\x85"))
        return error(
            line,
            col,
            "file contains the invisible character U+0085 (NEL), which YAML reads as a line "
            "break: delete it",
        )
    if not text.strip():
        return error(1, 1, "file is empty: expected a mapping of case fields (copy the template)")

    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        lines = text.splitlines()
        if "found another document" in problem:
            return error(
                line,
                col,
                "a case file holds one YAML document: remove the second '---' and what follows "
                "(one case per file)",
            )
        if "undefined alias" in problem:
            return error(
                line,
                col,
                "YAML aliases (*name) are not allowed: anchors and aliases are refused, "
                "write the value out in full",
            )
        if "\t" in (lines[line - 1] if 0 < line <= len(lines) else ""):
            problem += " (a tab character: indent with spaces, never tabs)"
        elif "mapping values are not allowed" in problem:
            problem += " (text containing ': ' must be put in quotes)"
        context = f" {exc.context}" if exc.context else ""
        return error(line, col, f"YAML syntax error: {problem}{context}".strip())
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError) as exc:
        return error(1, 1, f"YAML could not be read: {type(exc).__name__}")
    if node is None:
        return error(1, 1, "file holds no YAML document: expected a mapping of case fields")

    seen: set[int] = set()
    aliases_possible = "*" in text  # an alias needs a '*'; without one, no node can repeat
    refused: list[bool] = []

    def refuse_anchors() -> None:
        """Anchors/aliases are refused: report where each one is written (a rare, slow path)."""
        if refused:
            return None
        refused.append(True)
        try:
            tokens = list(yaml.scan(text, Loader=_Loader))
        except yaml.YAMLError:  # pragma: no cover - the text parsed once already
            tokens = []
        marked = [t for t in tokens if isinstance(t, (yaml.AnchorToken, yaml.AliasToken))]
        for token in marked[:10]:
            if True:
                kind = "anchor &" if isinstance(token, yaml.AnchorToken) else "alias *"
                out.diagnostics.append(
                    Diagnostic(
                        path_,
                        *_mark(token),
                        "-",
                        f"YAML {kind}{token.value} is not allowed: "
                        "anchors and aliases are refused, write the value out in full",
                    )
                )
        return None

    def build(node: yaml.Node, path: Path, depth: int) -> Any:
        line, col = _mark(node)
        out.values[path] = (line, col)
        if aliases_possible:
            if id(node) in seen:
                return refuse_anchors()
            seen.add(id(node))
        if depth > MAX_DEPTH:
            out.diagnostics.append(
                Diagnostic(path_, line, col, dotted(path), f"nested deeper than {MAX_DEPTH} levels")
            )
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_TAG}map":
                return bad_tag(node, path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                kline, kcol = _mark(key_node)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != f"{_TAG}str":
                    if key_node.tag == f"{_TAG}merge":
                        msg = "YAML merge keys (<<) are not allowed: write the fields out"
                    elif isinstance(key_node, yaml.ScalarNode):
                        msg = (
                            f"key {key_node.value[:40]!r} is not a field name: keys must be "
                            "plain field names (text)"
                        )
                    else:
                        msg = "keys must be plain field names (text)"
                    out.diagnostics.append(Diagnostic(path_, kline, kcol, dotted(path), msg))
                    continue
                key = key_node.value
                child = (*path, key)
                if key in result:
                    first = out.keys[child]
                    out.diagnostics.append(
                        Diagnostic(
                            path_,
                            kline,
                            kcol,
                            dotted(child),
                            f"duplicate key {key!r} (first given at line {first[0]}): "
                            "keep only one",
                        )
                    )
                    continue
                out.keys[child] = (kline, kcol)
                result[key] = build(value_node, child, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                return bad_tag(node, path)
            return [build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        # scalar
        if node.tag not in _ALLOWED_SCALARS:
            return bad_tag(node, path)
        value = node.value
        if len(value) > MAX_STRING:
            refuse(
                line,
                col,
                path,
                f"value is {len(value):,} characters long; the limit is {MAX_STRING:,}",
            )
            return None
        tag = node.tag[len(_TAG) :]
        if tag in ("str", "timestamp"):
            bad = _CONTROL.search(value)
            if bad:
                char = bad.group()
                name = _CONTROL_NAMES.get(char, "a control character")
                refuse(
                    line,
                    col,
                    path,
                    f"text contains U+{ord(char):04X} ({name}): remove it; only tabs and "
                    "line breaks are allowed in text",
                )
                return None
            return value
        if tag == "null":
            return None
        if tag == "bool":
            out.plain[path] = value
            if _YAML11_WORDS.match(value):
                out.bool_words[path] = value
            return value.lower() in ("true", "yes", "y", "on")
        try:
            if tag == "int":
                number = _CONSTRUCTOR.construct_yaml_int(node)
            else:
                number = _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, OverflowError, IndexError, TypeError):
            number = None  # more digits than Python converts, or an explicit tag on non-numbers
        out.plain[path] = value
        shown = value if len(value) <= 40 else f"{value[:37]}..."
        if number is None and not _DIGITS.match(value):
            refuse(line, col, path, f"{shown!r} is not a number YAML can read")
            return None
        if number is None or (isinstance(number, int) and abs(number) > MAX_INT):
            refuse(
                line,
                col,
                path,
                f"the number {shown} is too large: whole numbers are limited to "
                f"{MAX_INT:,} (put it in quotes if it is text)",
            )
            return None
        return number

    def refuse(line: int, col: int, path: Path, message: str) -> None:
        """Record a problem with the value at ``path``; the value is dropped (None)."""
        out.diagnostics.append(Diagnostic(path_, line, col, dotted(path), message))

    def bad_tag(node: yaml.Node, path: Path) -> None:
        line, col = _mark(node)
        refuse(
            line,
            col,
            path,
            f"YAML tag {node.tag.replace(_TAG, '!!')!r} is not allowed: only plain "
            "values, lists and mappings",
        )
        return None

    path_ = path
    out.value = build(node, (), 0)
    return out
