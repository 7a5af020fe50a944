"""What the editing pages show, read from the store for one principal: the communes it may edit,
their published rows, the proposals about them and a proposal's diff.

An editor sees only rows and proposals of its own communes (the store's scope rule,
store/scope.py, decides); curators and admins see all.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.boundaries import Region
from store import Principal
from store.errors import Forbidden, NotFound
from store.schema import ENTITIES, Entity
from store.scope import require_scope, row_codes
from store.store import Proposal, Record, Revision, Store

KINDS = {"standorte": "sites", "foerderung": "funding", "projekte": "projects"}   # URL word -> entity
SLUG_OF = {entity: slug for slug, entity in KINDS.items()}
TITLE_COLUMN = {"sites": "name", "funding": "title", "projects": "title"}


@dataclass(frozen=True)
class Change:
    """One field of a proposal: before (published now) and after ('' when absent)."""

    field: str
    before: str
    after: str


def commune_names(region: Region) -> dict[str, str]:
    communes = region.communes.sort_values("name")
    return dict(zip(communes["ags"], communes["name"]))


def editable_communes(principal: Principal, region: Region) -> dict[str, str]:
    """AGS -> name of the communes this principal edits (curators and admins: all)."""
    names = commune_names(region)
    if principal.role == "editor":
        return {ags: name for ags, name in names.items() if ags in principal.communes}
    return names


def require_commune(principal: Principal, region: Region, ags: str) -> str:
    """The commune's name; NotFound for an unknown AGS, Forbidden for one outside an editor's scope."""
    names = commune_names(region)
    if ags not in names:
        raise NotFound(f"no commune {ags!r}")
    if principal.role == "editor" and ags not in principal.communes:
        raise Forbidden(f"commune {ags} is not one of this account's communes")
    return names[ags]


def entity_of(slug: str) -> Entity:
    if slug not in KINDS:
        raise NotFound(f"no kind {slug!r}")
    return ENTITIES[KINDS[slug]]


def commune_records(store: Store, entity: Entity, ags: str) -> list[Record]:
    return [r for r in store.records(entity.name) if ags in row_codes(entity, r.values)]


def visible_record(store: Store, principal: Principal, entity: Entity, key: str) -> Record:
    """A published row the principal may edit (NotFound for hidden and missing alike, Forbidden outside scope)."""
    record = store.get(entity.name, key)
    require_scope(principal, entity, record.values)
    return record


def _published(store: Store, entity: str, key: str) -> dict[str, str] | None:
    try:
        return store.get(entity, key).values
    except NotFound:
        return None


def proposal_codes(store: Store, proposal: Proposal) -> list[str]:
    """The communes a proposal is about: those of its new row, or of the row it deletes."""
    row = proposal.after or _published(store, proposal.entity, proposal.key) or {}
    return row_codes(ENTITIES[proposal.entity], row)


def proposals_for(store: Store, principal: Principal, ags: str | None = None, status: str | None = None) -> list[Proposal]:
    """Proposals the principal may see (an editor: about its communes or its own), optionally about one commune."""
    shown = []
    for proposal in store.proposals(status):
        codes = proposal_codes(store, proposal)
        mine = proposal.author == principal.name
        if principal.role == "editor" and not mine and not (codes and set(codes) <= principal.communes):
            continue
        if ags is not None and ags not in codes:
            continue
        shown.append(proposal)
    return list(reversed(shown))  # newest first


def proposal_title(proposal: Proposal, before: dict[str, str] | None) -> str:
    row = proposal.after or before or {}
    return row.get(TITLE_COLUMN.get(proposal.entity, ""), "") or proposal.key


def diff(entity: Entity, before: dict[str, str] | None, after: dict[str, str] | None) -> list[Change]:
    """The fields a proposal changes, in column order (a new row: its filled fields; a deletion: every field)."""
    old, new = before or {}, after or {}
    return [Change(column, old.get(column, ""), new.get(column, "")) for column in entity.columns
            if old.get(column, "") != new.get(column, "")]


def review_items(store: Store) -> list[tuple[Proposal, dict[str, str] | None, list[Change]]]:
    """The open proposals, oldest first, each with the row as published now and the diff to it."""
    items = []
    for proposal in store.proposals("proposed"):
        before = _published(store, proposal.entity, proposal.key)
        items.append((proposal, before, diff(ENTITIES[proposal.entity], before, proposal.after)))
    return items


@dataclass(frozen=True)
class DeletedRow:
    """A hidden row, the revision that hid it and the one whose state a restore brings back."""

    slug: str
    record: Record
    deletion: Revision
    restores: Revision | None  # None: the row never had a published state (nothing to restore)


def _deleted_row(store: Store, slug: str, record: Record) -> DeletedRow | None:
    """None for a row hidden without a deletion revision (changed behind the store's back)."""
    revisions = store.history(record.entity, record.key)
    deletion = next((r for r in reversed(revisions) if r.after is None), None)
    if deletion is None:
        return None
    earlier = [r for r in revisions if r.id < deletion.id and r.after is not None]
    return DeletedRow(slug, record, deletion, earlier[-1] if earlier else None)


def deleted_rows(store: Store) -> list[DeletedRow]:
    """Every deleted row of the kinds the pages edit, newest deletion first."""
    rows = [_deleted_row(store, slug, record) for slug, entity in KINDS.items()
            for record in store.records(entity, deleted=True)]
    return sorted(filter(None, rows), key=lambda row: row.deletion.id, reverse=True)


def deleted_row(store: Store, entity: Entity, key: str) -> DeletedRow:
    """One deleted row; NotFound when it is published or was never stored."""
    for record in store.records(entity.name, deleted=True):
        if record.key == key and (row := _deleted_row(store, SLUG_OF[entity.name], record)) is not None:
            return row
    raise NotFound(f"{entity.name} {key!r} is not deleted")
