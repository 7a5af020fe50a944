"""The store's refusals, on the one error hierarchy of geo/errors.py.

The service maps them to statuses: ValidationFailed 400 (each failing field listed), Forbidden 403,
NotFound 404, StaleVersion 412, StoreBusy 503; the CLI prints them on one line with exit code 2.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.errors import InvalidInput, NotFound, RuhrkarteError

__all__ = ["FieldProblem", "ValidationFailed", "Forbidden", "NotFound", "StaleVersion", "StoreBusy", "TooLarge",
           "TooManyAttempts", "hidden_or_missing"]


@dataclass(frozen=True)
class FieldProblem:
    entity: str   # table, e.g. 'sites'
    key: str      # the row's id ('' when the row has none)
    field: str    # the column the problem is about ('' when it concerns the row as a whole)
    message: str

    def __str__(self) -> str:
        where = f"{self.entity} {self.key}" if self.key else self.entity
        return f"{where}: {self.message}"


class ValidationFailed(InvalidInput):
    """A write that would make the data invalid; nothing was stored."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:10])
        more = f"; … and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")

    @property
    def fields(self) -> list[str]:
        return [p.field for p in self.problems]


class Forbidden(RuhrkarteError, PermissionError):
    """The principal may not do this (role, or a commune outside an editor's scope)."""


class TooLarge(RuhrkarteError):
    """An upload beyond a configured limit (size, features, an account's storage): the service answers 413."""


class StoreBusy(RuhrkarteError):
    """Another writer held the database for longer than a writer waits (the service answers 503)."""


class StaleVersion(RuhrkarteError):
    """The row changed since the writer read it (optimistic concurrency: the service answers 412)."""


def hidden_or_missing(entity: str, key: str) -> NotFound:
    """One message for a row that never existed and one that was deleted, so neither is revealed."""
    return NotFound(f"{entity}: no published row with id {key!r}")


class TooManyAttempts(RuhrkarteError):
    """Too many failed sign-ins for this account name or client address; the service answers 429."""
