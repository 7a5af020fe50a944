"""Who may change what. The service checks rights first; the store checks them again on every
write (defence in depth) from the stored row and the new cells, never from a client's claim."""
from __future__ import annotations

from geo.programme_rules import WIDE_SCOPES, split_list
from store.commands import REVIEWERS, WRITERS, Principal
from store.errors import Forbidden
from store.schema import Entity


def require_writer(principal: Principal, entity: Entity) -> None:
    if principal.role not in WRITERS:
        raise Forbidden("writing needs an editor, curator or admin account")
    if principal.role == "editor" and entity.scope_column is None:
        raise Forbidden(f"{entity.name} are changed by curators only")


def require_reviewer(principal: Principal) -> None:
    if principal.role not in REVIEWERS:
        raise Forbidden("only curators and admins review, approve, reject and revert")


def row_codes(entity: Entity, row: dict[str, str]) -> list[str]:
    """The commune codes a row is about: its scope column, and a funding figure's host."""
    codes = split_list(row.get(entity.scope_column or "", ""))
    if entity.name == "funding" and row.get("host"):
        codes.append(row["host"])
    return codes


def require_scope(principal: Principal, entity: Entity, row: dict[str, str], located: str = "") -> None:
    """An editor may only touch rows all of whose communes (and the located point's commune) are its own.

    A row about no commune (region-wide) or about a Kreis is the curators' business.
    """
    if principal.role != "editor":
        return
    codes = row_codes(entity, row) + ([located] if located else [])
    outside = sorted({code for code in codes if code not in principal.communes})
    if not codes or outside:
        # a wide scope is named as the editor knows it ("Ruhr area (programme total)"), not by its code
        what = ", ".join(WIDE_SCOPES.get(code, code) for code in outside) if outside else "no commune (region-wide)"
        raise Forbidden(f"{entity.name} row concerns {what}; this account may change rows of "
                        f"{', '.join(sorted(principal.communes))} only")
