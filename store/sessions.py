"""Browser sessions and the sign-in rate limit as rows (no HTTP here: service/sessions.py sets cookies).

A session is a random token handed to the browser once; the database keeps only its SHA-256, the
account and the session's CSRF token, so every worker and replica sees the same sessions and
signing out ends a session everywhere. Failed sign-ins are counted per account name and per client
address in the same database, so the limit holds across workers too.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, delete, func, insert, select

from store.accounts import principal_of, token_hash
from store.commands import Principal
from store.rows import now
from store.schema import accounts, sessions, sign_in_failures

SESSION_LIFETIME = timedelta(hours=8)   # one working day; then the editor signs in again
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5                        # per account name and per client address within the window


@dataclass(frozen=True)
class Session:
    """A signed-in browser: who it is, the token its forms carry, and when it ends."""

    principal: Principal
    csrf: str
    expires_at: datetime


def failure_keys(name: str, address: str) -> list[str]:
    """The hashed keys a failed sign-in counts against: the account name (case-folded) and the address."""
    return [hashlib.sha256(f"{kind}:{value}".encode("utf-8")).hexdigest()
            for kind, value in (("name", name.casefold()), ("address", address))]


def failures_exceeded(connection: Connection, keys: list[str]) -> bool:
    """True when any key has MAX_FAILURES failures within the window."""
    since = now() - FAILURE_WINDOW
    counted = connection.execute(select(sign_in_failures.c.key_hash, func.count()).where(
        sign_in_failures.c.key_hash.in_(keys), sign_in_failures.c.at > since).group_by(sign_in_failures.c.key_hash))
    return any(count >= MAX_FAILURES for _, count in counted)


def record_failure(connection: Connection, keys: list[str]) -> None:
    at = now()
    connection.execute(insert(sign_in_failures), [{"key_hash": key, "at": at} for key in keys])
    connection.execute(delete(sign_in_failures).where(sign_in_failures.c.at <= at - FAILURE_WINDOW))


def clear_failures(connection: Connection, key: str) -> None:
    """A successful sign-in forgives the account name's failures (not the address's)."""
    connection.execute(delete(sign_in_failures).where(sign_in_failures.c.key_hash == key))


def open_session(connection: Connection, principal: Principal, lifetime: timedelta = SESSION_LIFETIME) -> tuple[str, Session]:
    """A new session for the principal: (the token for the cookie, shown once; the session)."""
    started = now()
    connection.execute(delete(sessions).where(sessions.c.expires_at <= started))  # expired ones are of no use
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = started + lifetime
    connection.execute(insert(sessions).values(token_hash=token_hash(token), account=principal.name, csrf=csrf,
                                               created_at=started, expires_at=expires))
    return token, Session(principal, csrf, expires)


def find_session(connection: Connection, token: str) -> Session | None:
    """The unexpired session of an active account for this token; None for anything else."""
    if not token:
        return None
    row = connection.execute(
        select(sessions.c.csrf, sessions.c.expires_at, accounts.c.name, accounts.c.role, accounts.c.communes)
        .join(accounts, accounts.c.name == sessions.c.account)
        .where(sessions.c.token_hash == token_hash(token), sessions.c.expires_at > now(),
               accounts.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    principal = principal_of(row.name, row.role, row.communes)
    if principal is None:
        return None
    # SQLite gives back the UTC time it stored without its zone; a Session's end is always an aware UTC time
    expires_at = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=timezone.utc)
    return Session(principal, row.csrf, expires_at)


def end_session(connection: Connection, token: str) -> None:
    connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash(token)))


def end_sessions_of(connection: Connection, account: str) -> None:
    connection.execute(delete(sessions).where(sessions.c.account == account))
