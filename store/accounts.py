"""Accounts: role, communes (editors), an API token stored only as its SHA-256, a password only as Argon2id.

A token is 32 random bytes, so a fast hash is enough to make the stored value useless to a thief;
passwords are chosen by people and get the slow, salted Argon2id.
"""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from geo.errors import InvalidInput, NotFound
from store.commands import Principal
from store.rows import now
from store.schema import ROLES, accounts

log = logging.getLogger(__name__)

ACCOUNT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
AGS = re.compile(r"\d{8}")
MIN_PASSWORD = 12
_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    communes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None
    has_token: bool
    has_password: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_new(name: str, role: str, communes: list[str], known_ags: set[str]) -> None:
    if not ACCOUNT_NAME.fullmatch(name or ""):
        raise InvalidInput(f"account name {name[:40]!r}: 1-64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES or role == "public":
        raise InvalidInput(f"role {role!r} is not one of editor, curator, admin")
    if role == "editor" and not communes:
        raise InvalidInput("an editor needs at least one --commune (AGS, e.g. 05913000)")
    if role != "editor" and communes:
        raise InvalidInput(f"a {role} works for all communes; --commune is for editors only")
    unknown = [c for c in communes if not AGS.fullmatch(c) or c not in known_ags]
    if unknown:
        raise InvalidInput(f"{unknown[0]!r} is not the AGS of a Ruhr commune")


def add_account(connection: Connection, name: str, role: str, communes: list[str], known_ags: set[str]) -> str:
    """Create the account and return its API token (shown once; only the hash is kept)."""
    _check_new(name, role, communes, known_ags)
    if connection.execute(select(accounts.c.name).where(accounts.c.name == name)).first():
        raise InvalidInput(f"account {name!r} exists already")
    token = secrets.token_urlsafe(32)
    connection.execute(insert(accounts).values(name=name, role=role, communes=";".join(sorted(set(communes))),
                                               token_hash=token_hash(token), created_at=now()))
    return token


def revoke_account(connection: Connection, name: str) -> None:
    """The account stays (revisions name it) but can no longer sign in: token and password are dropped."""
    done = connection.execute(update(accounts).where(accounts.c.name == name, accounts.c.revoked_at.is_(None))
                              .values(revoked_at=now(), token_hash=None, password_hash=None))
    if done.rowcount != 1:
        raise NotFound(f"no active account {name!r}")


def list_accounts(connection: Connection) -> list[Account]:
    return [Account(r.name, r.role, tuple(filter(None, r.communes.split(";"))), r.created_at, r.revoked_at,
                    r.token_hash is not None, r.password_hash is not None)
            for r in connection.execute(select(accounts).order_by(accounts.c.name))]


def principal_of(name: str, role: str, communes: str) -> Principal | None:
    """The principal of a stored account; None, refused like a wrong token, for a role set by hand
    (past `ruhrkarte users add`) to one the service does not know: deny by default, never a 500."""
    if role not in ROLES:
        log.warning("account %r has the unknown role %r and is refused", name, role)
        return None
    return Principal(name, role, frozenset(filter(None, communes.split(";"))))


def _principal(row) -> Principal | None:
    return principal_of(row.name, row.role, row.communes)


def authenticate_token(connection: Connection, token: str) -> Principal | None:
    """The principal of an active account's token; None for anything else (no hint why)."""
    if not token:
        return None
    row = connection.execute(select(accounts).where(accounts.c.token_hash == token_hash(token),
                                                    accounts.c.revoked_at.is_(None))).first()
    return _principal(row) if row else None


def set_password(connection: Connection, name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    done = connection.execute(update(accounts).where(accounts.c.name == name, accounts.c.revoked_at.is_(None))
                              .values(password_hash=_hasher.hash(password)))
    if done.rowcount != 1:
        raise NotFound(f"no active account {name!r}")


def check_password(connection: Connection, name: str, password: str) -> Principal | None:
    """The principal when the password matches an active account; None otherwise."""
    row = connection.execute(select(accounts).where(accounts.c.name == name, accounts.c.revoked_at.is_(None))).first()
    if row is None or row.password_hash is None:
        _hasher.hash(password)  # same work either way, so timing does not tell whether the name exists
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        connection.execute(update(accounts).where(accounts.c.name == name).values(password_hash=_hasher.hash(password)))
    return _principal(row)
