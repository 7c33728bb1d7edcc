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

Nothing here raises on bad input: every problem becomes a :class:`Diagnostic`. The work is done
in three steps, each its own function: the bytes are checked (:func:`_decode`), parsed into nodes
(:func:`_parse`), and the nodes read into values by a :class:`_Reader` with one method per node
kind. Every message's wording is in :data:`MESSAGES`.
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

# --------------------------------------------------------------------------- messages

_REFUSED = "anchors and aliases are refused, write the value out in full"

MESSAGES: dict[str, str] = {
    # the file as a whole
    "too-big": "file is {size:,} bytes, over the limit of {limit:,} bytes for a case file "
    "(a case is about 2,000 bytes): is it the right file?",
    "bom": "file starts with a byte-order mark (BOM): save it as UTF-8 without BOM",
    "not-utf8": "file is not valid UTF-8 (byte 0x{byte:02x}): save it as UTF-8",
    "nul": "file contains a NUL character: is it a text file?",
    "nel": "file contains the invisible character U+0085 (NEL), which YAML reads as a line "
    "break: delete it",
    "empty": "file is empty: expected a mapping of case fields (copy the template)",
    "no-document": "file holds no YAML document: expected a mapping of case fields",
    # the parser's complaints
    "two-documents": "a case file holds one YAML document: remove the second '---' and what "
    "follows (one case per file)",
    "undefined-alias": "YAML aliases (*name) are not allowed: " + _REFUSED,
    "syntax": "YAML syntax error: {problem}{context}",
    "syntax-tab": " (a tab character: indent with spaces, never tabs)",
    "syntax-colon": " (text containing ': ' must be put in quotes)",
    "unreadable": "YAML could not be read: {error}",
    # nodes
    "anchor": "YAML {what}{name} is not allowed: " + _REFUSED,
    "too-deep": "nested deeper than {limit} levels",
    "bad-tag": "YAML tag {tag!r} is not allowed: only plain values, lists and mappings",
    "merge-key": "YAML merge keys (<<) are not allowed: write the fields out",
    "key-not-text": "key {key!r} is not a field name: keys must be plain field names (text)",
    "key-not-scalar": "keys must be plain field names (text)",
    "duplicate-key": "duplicate key {key!r} (first given at line {line}): keep only one",
    # scalars
    "too-long": "value is {length:,} characters long; the limit is {limit:,}",
    "control": "text contains U+{code:04X} ({name}): remove it; only tabs and line breaks are "
    "allowed in text",
    "not-a-number": "{shown!r} is not a number YAML can read",
    "number-too-large": "the number {shown} is too large: whole numbers are limited to "
    "{limit:,} (put it in quotes if it is text)",
}
"""Every message the loader gives, by kind: ``str.format`` templates."""


def _message(kind: str, **values: Any) -> str:
    return MESSAGES[kind].format(**values)


# --------------------------------------------------------------------------- YAML details

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE, _NULL, _BOOL, _INT = (
    f"{_TAG}{kind}" for kind in ("str", "map", "seq", "merge", "null", "bool", "int")
)
# PyYAML's implicit resolver is Python code run for every scalar. A plain scalar that starts with
# a letter resolves (in PyYAML's YAML 1.1 rules) to a bool or null only when it is one of these
# words, and to a string otherwise; the shortcut below gives the same tags, faster.
_BOOL_WORDS = ("yes", "no", "true", "false", "on", "off")
_LETTER_WORDS = {
    **{
        spelling: _BOOL
        for word in _BOOL_WORDS
        for spelling in (word, word.capitalize(), word.upper())
    },
    **dict.fromkeys(["null", "Null", "NULL"], _NULL),
}


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe (C) loader with a shortcut for plain scalars that start with a letter."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value[:1].isalpha():
            return _LETTER_WORDS.get(value, _STR)
        return super().resolve(kind, value, implicit)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_ALLOWED_SCALARS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TEXT_TAGS = {_STR, f"{_TAG}timestamp"}
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
_TRUE_WORDS = ("true", "yes", "y", "on")


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


def _mark(node: yaml.Node | yaml.Token) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# --------------------------------------------------------------------------- loading

_Problem = tuple[int, int, str]
"""(line, column, message) of a problem with the whole file."""


def load_yaml(path: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Load one YAML document from ``data``; ``path`` is only used in messages. ``max_bytes``
    raises the size limit for files larger than a case (screening logs)."""
    out = Loaded()
    text, problem = _decode(data, max_bytes)
    if text is not None:
        node, problem = _parse(text)
        if node is not None:
            out.value = _Reader(path, text, out).read(node, (), 0)
    if problem is not None:
        line, column, message = problem
        out.diagnostics.append(Diagnostic(path, line, column, "-", message))
    return out


def _decode(data: bytes, max_bytes: int = MAX_BYTES) -> tuple[str | None, _Problem | None]:
    """The text of a case file, or why the bytes cannot be one."""
    if len(data) > max_bytes:
        return None, (1, 1, _message("too-big", size=len(data), limit=max_bytes))
    if data.startswith(b"\xef\xbb\xbf"):
        return None, (1, 1, _message("bom"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"), exc.start)
        return None, (line, col, _message("not-utf8", byte=data[exc.start]))
    for char, kind in (("\x00", "nul"), ("\x85", "nel")):
        # YAML reads NEL as a line break: inside quotes it would silently become a space
        if char in text:
            return None, (*_line_col(text, text.index(char)), _message(kind))
    if not text.strip():
        return None, (1, 1, _message("empty"))
    return text, None


def _parse(text: str) -> tuple[yaml.Node | None, _Problem | None]:
    """The document's root node, or the parser's complaint in a contributor's words."""
    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, _syntax_problem(exc, text)
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError) as exc:
        return None, (1, 1, _message("unreadable", error=type(exc).__name__))
    if node is None:
        return None, (1, 1, _message("no-document"))
    return node, None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> _Problem:
    """A parser error with a hint at the usual cause (a tab, an unquoted ``': '``)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "found another document" in problem:
        return line, col, _message("two-documents")
    if "undefined alias" in problem:
        return line, col, _message("undefined-alias")
    lines = text.splitlines()
    if "\t" in (lines[line - 1] if 0 < line <= len(lines) else ""):
        problem += MESSAGES["syntax-tab"]
    elif "mapping values are not allowed" in problem:
        problem += MESSAGES["syntax-colon"]
    context = f" {exc.context}" if exc.context else ""
    return line, col, _message("syntax", problem=problem, context=context).strip()


class _Reader:
    """Reads a node graph into plain values: one method per node kind.

    Positions go into ``out.values`` / ``out.keys``, problems into ``out.diagnostics``; a value
    with a problem is read as None.
    """

    def __init__(self, path: str, text: str, out: Loaded):
        self.path = path
        self.text = text
        self.out = out
        self.values = out.values
        self.seen: set[int] = set()
        self.aliases_possible = "*" in text  # an alias needs a '*'; without one, no node repeats
        self.anchors_reported = False

    def problem(self, at: tuple[int, int], where: Path | str, kind: str, /, **values: Any) -> None:
        """Record a problem (``MESSAGES[kind]``) at a place; ``where`` is a path or ``"-"``."""
        field_name = where if isinstance(where, str) else dotted(where)
        message = _message(kind, **values)
        self.out.diagnostics.append(Diagnostic(self.path, *at, field_name, message))

    def read(self, node: yaml.Node, path: Path, depth: int) -> Any:
        """The value of any node, with its position recorded."""
        at = self.values[path] = _mark(node)
        if self.aliases_possible:
            if id(node) in self.seen:
                return self.refuse_anchors()
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            return self.problem(at, path, "too-deep", limit=MAX_DEPTH)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path, depth)
        return self.scalar(node, path, at)

    def refuse_anchors(self) -> None:
        """A node met twice (an alias): report where each anchor and alias is written, once
        per file (a rare, slow path: the text is scanned again)."""
        if self.anchors_reported:
            return None
        self.anchors_reported = True
        try:
            tokens = list(yaml.scan(self.text, Loader=_Loader))
        except yaml.YAMLError:  # pragma: no cover - the text parsed once already
            tokens = []
        marked = [t for t in tokens if isinstance(t, (yaml.AnchorToken, yaml.AliasToken))]
        for token in marked[:10]:
            what = "anchor &" if isinstance(token, yaml.AnchorToken) else "alias *"
            self.problem(_mark(token), "-", "anchor", what=what, name=token.value)
        return None

    def bad_tag(self, node: yaml.Node, path: Path) -> None:
        """Refuse a node with a tag other than the plain ones."""
        self.problem(_mark(node), path, "bad-tag", tag=node.tag.replace(_TAG, "!!"))

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any] | None:
        """A mapping of text keys; other keys and repeated keys are refused."""
        if node.tag != _MAP:
            return self.bad_tag(node, path)
        result: dict[str, Any] = {}
        keys = self.out.keys
        for key_node, value_node in node.value:
            at = _mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.bad_key(key_node, at, path)
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                self.problem(at, child, "duplicate-key", key=key, line=keys[child][0])
                continue
            keys[child] = at
            result[key] = self.read(value_node, child, depth + 1)
        return result

    def bad_key(self, node: yaml.Node, at: tuple[int, int], path: Path) -> None:
        """Refuse a key that is not a plain field name (a merge key, a number, a list...)."""
        if node.tag == _MERGE:
            self.problem(at, path, "merge-key")
        elif isinstance(node, yaml.ScalarNode):
            self.problem(at, path, "key-not-text", key=node.value[:40])
        else:
            self.problem(at, path, "key-not-scalar")

    def sequence(self, node: yaml.SequenceNode, path: Path, depth: int) -> list[Any] | None:
        """A list; each item is read in turn."""
        if node.tag != _SEQ:
            return self.bad_tag(node, path)
        return [self.read(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.ScalarNode, path: Path, at: tuple[int, int]) -> Any:
        """Text (and YAML 1.1 dates, kept as text), null, a boolean or a number."""
        tag = node.tag
        if tag not in _ALLOWED_SCALARS:
            return self.bad_tag(node, path)
        value = node.value
        if len(value) > MAX_STRING:
            return self.problem(at, path, "too-long", length=len(value), limit=MAX_STRING)
        if tag in _TEXT_TAGS:
            return self.text_value(value, path, at)
        if tag == _NULL:
            return None
        self.out.plain[path] = value
        if tag == _BOOL:
            if _YAML11_WORDS.match(value):
                self.out.bool_words[path] = value
            return value.lower() in _TRUE_WORDS
        return self.number(node, path, at)

    def text_value(self, value: str, path: Path, at: tuple[int, int]) -> str | None:
        """Text, unless it holds a control character."""
        bad = _CONTROL.search(value)
        if bad is None:
            return value
        char = bad.group()
        name = _CONTROL_NAMES.get(char, "a control character")
        return self.problem(at, path, "control", code=ord(char), name=name)

    def number(self, node: yaml.ScalarNode, path: Path, at: tuple[int, int]) -> Any:
        """An int or float tagged scalar; refused when Python cannot read it or it is too big."""
        value = node.value
        try:
            if node.tag == _INT:
                number = _CONSTRUCTOR.construct_yaml_int(node)
            else:
                number = _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, OverflowError, IndexError, TypeError):
            number = None  # more digits than Python converts, or an explicit tag on non-numbers
        shown = value if len(value) <= 40 else f"{value[:37]}..."
        if number is None and not _DIGITS.match(value):
            return self.problem(at, path, "not-a-number", shown=shown)
        if number is None or (isinstance(number, int) and abs(number) > MAX_INT):
            return self.problem(at, path, "number-too-large", shown=shown, limit=MAX_INT)
        return number
