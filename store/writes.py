"""Applying a command in the caller's transaction: rights, versions, validation, then a revision
(published at once for curators) or a proposal (editors), and the reviews of proposals."""
from __future__ import annotations

import json

from sqlalchemy import Connection, insert, select, update

from geo.errors import InvalidInput, NotFound
from store.accounts import principal_of
from store.commands import Approve, Command, Delete, Principal, Put, Reject, Result, Revert
from store.dataset import SURROGATE_PREFIX, new_surrogate_key, surrogate_like_id
from store.errors import FieldProblem, Forbidden, StaleVersion, ValidationFailed, hidden_or_missing
from store.rows import add_revision, bump_data_version, candidate, cells, current, next_order, now, to_json, write_row
from store.schema import ENTITIES, Entity, accounts, proposals, revisions
from store.scope import require_reviewer, require_scope, require_writer
from store.validation import Checked, Validator, check_cells, check_texts



def entity_named(name: str) -> Entity:
    if name not in ENTITIES:
        raise InvalidInput(f"unknown collection {name!r}; known: {', '.join(ENTITIES)}")
    return ENTITIES[name]


def _require_text(entity: str, key: str, **fields: str) -> None:
    check_texts(entity, key, **fields)
    missing = [FieldProblem(entity, key, name, f"{name} is empty (every change needs one)")
               for name, value in fields.items() if not value.strip()]
    if missing:
        raise ValidationFailed(missing)


def _visible(connection: Connection, entity: Entity, key: str) -> dict:
    return _shown(entity, key, current(connection, entity, key))


def _shown(entity: Entity, key: str, row: dict | None) -> dict:
    """The stored row if the public may see it; a hidden and a missing row give the same NotFound."""
    if row is None or row["row_hidden"]:
        raise hidden_or_missing(entity.name, key)
    return row


def _check_version(entity: Entity, key: str, row: dict, expected: int) -> None:
    if row["row_version"] != expected:
        raise StaleVersion(f"{entity.name} {key!r} is at version {row['row_version']}, not {expected}; "
                           "reload it and apply the change again")


def _key_of(connection: Connection, entity: Entity, put: Put, values: dict[str, str]) -> str:
    """The row key; the id cell must name it (ids never change), except for rows without an id."""
    identifier = values[entity.id_column]
    if entity.surrogate and not identifier:
        if put.key and not put.key.startswith(SURROGATE_PREFIX):
            values[entity.id_column] = put.key
            return put.key
        return put.key or new_surrogate_key()
    if not identifier and put.key and not put.key.startswith(SURROGATE_PREFIX):
        values[entity.id_column] = put.key
        return put.key
    if put.key and identifier != put.key:
        raise ValidationFailed([FieldProblem(entity.name, put.key, entity.id_column,
                                             f"{entity.id_column} {identifier!r} differs from the row's id; ids never change")])
    if (problem := surrogate_like_id(entity, identifier)) is not None:
        raise ValidationFailed([problem])
    return identifier


def _located_ags(checked: Checked, entity: Entity, key: str) -> str:
    return checked.site_ags.get(key, "") if entity.name == "sites" else ""


def _propose(connection: Connection, entity: Entity, key: str, action: str, base: int | None,
             after: dict | None, principal: Principal, reason: str, source: str) -> Result:
    proposal_id = connection.execute(insert(proposals).values(
        entity=entity.name, entity_key=key, action=action, base_version=base, after=to_json(after),
        author=principal.name, author_role=principal.role, author_communes=";".join(sorted(principal.communes)),
        at=now(), reason=reason, source=source, status="proposed").returning(proposals.c.id)).scalar_one()
    return Result("proposed", entity.name, key, proposal_id=proposal_id)


def _publish(connection: Connection, entity: Entity, key: str, action: str, before: dict | None,
             after: dict | None, expected: int | None, order: int | None, author: Principal, reason: str,
             source: str, reviewer: str | None = None, proposal_id: int | None = None) -> Result:
    version = write_row(connection, entity, key, after, expected, order)
    data_version = bump_data_version(connection)
    revision_id = add_revision(connection, entity=entity, key=key, action=action, author=author, reason=reason,
                               source=source, before=before, after=after, version=data_version,
                               reviewer=reviewer, proposal_id=proposal_id)
    return Result("published", entity.name, key, version=version, revision_id=revision_id,
                  proposal_id=proposal_id, data_version=data_version)


def _put(connection: Connection, validator: Validator, put: Put, principal: Principal, *,
         author: Principal | None = None, proposal_id: int | None = None) -> Result:
    entity = entity_named(put.entity)
    require_writer(author or principal, entity)
    values = check_cells(entity, put.key, put.values)
    key = _key_of(connection, entity, put, values)
    _require_text(entity.name, key, source=put.source)
    check_texts(entity.name, key, reason=put.reason)
    row = current(connection, entity, key)
    if put.expected_version is None:  # a new row; a hidden one is reused, so nothing tells it existed
        if row is not None and not row["row_hidden"]:
            if proposal_id is not None:
                raise StaleVersion(f"{entity.name} {key!r} was created by someone else since the proposal")
            raise ValidationFailed([FieldProblem(entity.name, key, entity.id_column, f"{entity.id_column} {key!r} is already taken")])
        before, expected = None, (row["row_version"] if row else None)
        order = next_order(connection, entity)
    else:
        row = _shown(entity, key, row)
        require_scope(author or principal, entity, row)
        _check_version(entity, key, row, put.expected_version)
        before, expected, order = cells(entity, row), put.expected_version, None
    require_scope(author or principal, entity, values)
    checked = validator.check(candidate(connection, entity, key, values, order))
    require_scope(author or principal, entity, values, _located_ags(checked, entity, key))
    if not principal.publishes:
        return _propose(connection, entity, key, "put", put.expected_version, values, principal, put.reason, put.source)
    action = "create" if before is None else "update"
    return _publish(connection, entity, key, action, before, values, expected, order, author or principal,
                    put.reason, put.source, reviewer=principal.name if author else None, proposal_id=proposal_id)


def _delete(connection: Connection, validator: Validator, delete: Delete, principal: Principal, *,
            author: Principal | None = None, proposal_id: int | None = None) -> Result:
    entity = entity_named(delete.entity)
    require_writer(author or principal, entity)
    row = _visible(connection, entity, delete.key)
    require_scope(author or principal, entity, row)
    _require_text(entity.name, delete.key, source=delete.source)
    check_texts(entity.name, delete.key, reason=delete.reason)
    _check_version(entity, delete.key, row, delete.expected_version)
    validator.check(candidate(connection, entity, delete.key, None, None))
    if not principal.publishes:
        return _propose(connection, entity, delete.key, "delete", delete.expected_version, None, principal,
                        delete.reason, delete.source)
    return _publish(connection, entity, delete.key, "delete", cells(entity, row), None, delete.expected_version,
                    None, author or principal, delete.reason, delete.source,
                    reviewer=principal.name if author else None, proposal_id=proposal_id)


def _revert(connection: Connection, validator: Validator, revert: Revert, principal: Principal) -> Result:
    require_reviewer(principal)
    entity = entity_named(revert.entity)
    _require_text(entity.name, revert.key, reason=revert.reason, source=revert.source)
    found = connection.execute(select(revisions).where(
        revisions.c.id == revert.revision_id, revisions.c.entity == entity.name,
        revisions.c.entity_key == revert.key)).first()
    row = current(connection, entity, revert.key)
    if found is None or row is None:
        raise NotFound(f"{entity.name} {revert.key!r} has no revision {revert.revision_id}")
    _check_version(entity, revert.key, row, revert.expected_version)
    target = json.loads(found.after) if found.after else None
    validator.check(candidate(connection, entity, revert.key, target, None))
    before = None if row["row_hidden"] else cells(entity, row)
    return _publish(connection, entity, revert.key, "revert", before, target, revert.expected_version, None,
                    principal, revert.reason, revert.source)


def _open_proposal(connection: Connection, proposal_id: int):
    found = connection.execute(select(proposals).where(proposals.c.id == proposal_id)).first()
    if found is None:
        raise NotFound(f"no proposal {proposal_id}")
    if found.status != "proposed":
        raise InvalidInput(f"proposal {proposal_id} is already {found.status}")
    return found


def _proposer(connection: Connection, proposal) -> Principal:
    """The editor as of now: a revoked account's proposals are not published, and an account whose
    communes changed is held to its current ones. Principals without a stored account (a municipality's
    identity provider) keep the scope recorded with the proposal."""
    communes = frozenset(filter(None, proposal.author_communes.split(";")))
    account = connection.execute(select(accounts).where(accounts.c.name == proposal.author)).first()
    if account is not None:
        if account.revoked_at is not None:
            raise Forbidden(f"the account {proposal.author!r} that proposed this was revoked; reject the proposal")
        principal = principal_of(account.name, account.role, account.communes)
        if principal is None:
            raise Forbidden(f"the account {proposal.author!r} that proposed this has no known role; reject the proposal")
        return principal
    return Principal(proposal.author, proposal.author_role, communes)


def _approve(connection: Connection, validator: Validator, approve: Approve, principal: Principal) -> Result:
    """Publish an editor's proposal, re-checked against today's state; the editor stays its author."""
    require_reviewer(principal)
    proposal = _open_proposal(connection, approve.proposal_id)
    check_texts(proposal.entity, proposal.entity_key, reason=approve.reason)
    author = _proposer(connection, proposal)
    reason = approve.reason or proposal.reason
    if proposal.action == "delete":
        result = _delete(connection, validator, Delete(proposal.entity, proposal.entity_key, proposal.base_version,
                                                       reason, proposal.source),
                         principal, author=author, proposal_id=proposal.id)
    else:
        result = _put(connection, validator, Put(proposal.entity, proposal.entity_key, json.loads(proposal.after),
                                                 proposal.base_version, reason, proposal.source),
                      principal, author=author, proposal_id=proposal.id)
    connection.execute(update(proposals).where(proposals.c.id == proposal.id).values(
        status="approved", decided_by=principal.name, decided_at=now(), decision_reason=approve.reason,
        revision_id=result.revision_id))
    return result


def _reject(connection: Connection, reject: Reject, principal: Principal) -> Result:
    require_reviewer(principal)
    proposal = _open_proposal(connection, reject.proposal_id)
    _require_text(proposal.entity, proposal.entity_key, reason=reject.reason)
    connection.execute(update(proposals).where(proposals.c.id == proposal.id).values(
        status="rejected", decided_by=principal.name, decided_at=now(), decision_reason=reject.reason))
    return Result("rejected", proposal.entity, proposal.entity_key, proposal_id=proposal.id)


def apply_command(connection: Connection, validator: Validator, command: Command, principal: Principal) -> Result:
    """Dispatch one command; the caller commits (or rolls back on any error)."""
    if isinstance(command, Put):
        return _put(connection, validator, command, principal)
    if isinstance(command, Delete):
        return _delete(connection, validator, command, principal)
    if isinstance(command, Revert):
        return _revert(connection, validator, command, principal)
    if isinstance(command, Approve):
        return _approve(connection, validator, command, principal)
    if isinstance(command, Reject):
        return _reject(connection, command, principal)
    raise InvalidInput(f"unknown command {type(command).__name__}")
