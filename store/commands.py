"""Typed write commands, the principal who sends them, and what applying one returns.

The service turns a request into one of these; `Store.apply(command, principal)` runs it in one
transaction. Rows travel as {column: text}, exactly the cells of the CSV edition.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from store.schema import ROLES

WRITERS = ("editor", "curator", "admin")
REVIEWERS = ("curator", "admin")


@dataclass(frozen=True)
class Principal:
    """Who acts: an account name, its role and (editors) the AGS it may change."""

    name: str
    role: str
    communes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def publishes(self) -> bool:
        """Curators' and admins' writes are published at once; editors' wait for review."""
        return self.role in REVIEWERS


PUBLIC = Principal("public", "public")


@dataclass(frozen=True)
class Put:
    """Create (expected_version None) or replace a row; `values` are the row's cells."""

    entity: str
    key: str
    values: dict[str, str]
    expected_version: int | None
    reason: str
    source: str


@dataclass(frozen=True)
class Delete:
    """Hide a row (a revision; nothing is removed)."""

    entity: str
    key: str
    expected_version: int
    reason: str
    source: str


@dataclass(frozen=True)
class Revert:
    """Bring a row back to the state a revision left it in (its `after`; hidden if that was a deletion)."""

    entity: str
    key: str
    revision_id: int
    expected_version: int
    reason: str
    source: str


@dataclass(frozen=True)
class Approve:
    proposal_id: int
    reason: str = ""


@dataclass(frozen=True)
class Reject:
    proposal_id: int
    reason: str


Command = Put | Delete | Revert | Approve | Reject


@dataclass(frozen=True)
class Result:
    """What a write did: 'published', 'proposed' or 'rejected', and the numbers the service reports."""

    status: str
    entity: str
    key: str
    version: int | None = None        # the row's version (its ETag) after a published write
    revision_id: int | None = None
    proposal_id: int | None = None
    data_version: int | None = None
    extra: dict = field(default_factory=dict)
