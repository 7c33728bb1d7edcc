"""The one error type of the project: a problem at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in an input file, positioned like a compiler error.

    ``line`` and ``column`` are 1-based. ``field`` is the dotted path of the value concerned
    (``patient.age_years``, ``causes[1]``) or ``-`` when the problem concerns the whole file.
    ``severity`` is ``error`` (fails validation and the build) or ``warning``. A problem of the
    whole file is shown without a field: ``cases/x.yaml:1:1: file is empty: ...``.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"

    def format(self) -> str:
        """``path:line:column: field: message`` (warnings say so before the field)."""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self._text()}"

    def _text(self) -> str:
        return self.message if self.field == "-" else f"{self.field}: {self.message}"

    def github(self) -> str:
        """The same diagnostic as a GitHub Actions workflow command (annotation)."""
        kind = "warning" if self.severity == "warning" else "error"
        msg = self._text().replace("%", "%25").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.column}::{msg}"


class ValidationFailed(Exception):
    """Raised by library functions that cannot go on because the input has errors."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the case files")

    def report(self) -> str:
        """All diagnostics, one per line."""
        return "\n".join(d.format() for d in self.diagnostics)
