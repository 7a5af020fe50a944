"""Store contract, both backends: browser sessions (token kept only as a hash, expiry, sign-out,
revocation) and the sign-in rate limit shared by every worker through the database."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select, update

from store.errors import TooManyAttempts
from store.schema import sessions, sign_in_failures
from store.sessions import FAILURE_WINDOW, MAX_FAILURES, failure_keys
from tests.store.helpers import DORTMUND

PASSWORD = "ein langes Passwort 123"


@pytest.fixture
def dora(store):
    store.add_account("dora", "editor", [DORTMUND])
    store.set_password("dora", PASSWORD)
    return store


def test_a_session_is_opened_for_the_right_password_and_kept_as_a_hash(dora):
    token, session = dora.sign_in("dora", PASSWORD, "192.0.2.1")
    assert session.principal.name == "dora" and session.principal.communes == frozenset({DORTMUND})
    found = dora.session(token)
    assert found is not None and found.csrf == session.csrf and len(found.csrf) >= 40
    assert found.expires_at == session.expires_at and found.expires_at.utcoffset() == timedelta(0)  # aware, UTC
    with dora.engine.connect() as connection:
        (row,) = connection.execute(select(sessions)).all()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in row._mapping.values()}
    assert dora.session(token[:-1]) is None and dora.session("") is None and dora.session(row.token_hash) is None


def test_a_wrong_password_opens_nothing(dora):
    assert dora.sign_in("dora", "falsches Passwort", "192.0.2.1") is None
    assert dora.sign_in("niemand", PASSWORD, "192.0.2.1") is None
    with dora.engine.connect() as connection:
        assert connection.execute(select(sessions)).all() == []


def test_failures_lock_the_name_whatever_the_address_and_unknown_names_alike(dora):
    for number in range(MAX_FAILURES):
        assert dora.sign_in("dora", "falsch", f"192.0.2.{number}") is None
        assert dora.sign_in("niemand", "falsch", f"198.51.100.{number}") is None
    with pytest.raises(TooManyAttempts):
        dora.sign_in("DORA", PASSWORD, "203.0.113.1")  # names are case-folded for counting
    with pytest.raises(TooManyAttempts):
        dora.sign_in("niemand", "falsch", "203.0.113.1")


def test_failures_older_than_the_window_do_not_count(dora):
    old = datetime.now(timezone.utc) - FAILURE_WINDOW - timedelta(minutes=1)
    key = failure_keys("dora", "192.0.2.1")[0]
    with dora.engine.begin() as connection:
        connection.execute(insert(sign_in_failures), [{"key_hash": key, "at": old}] * (MAX_FAILURES + 3))
    assert dora.sign_in("dora", PASSWORD, "192.0.2.1") is not None


def test_ending_expiry_and_revocation_close_a_session(dora):
    first, _ = dora.sign_in("dora", PASSWORD, "192.0.2.1")
    second, _ = dora.sign_in("dora", PASSWORD, "192.0.2.1")
    third, _ = dora.sign_in("dora", PASSWORD, "192.0.2.1")
    dora.end_session(first)
    assert dora.session(first) is None and dora.session(second) is not None
    with dora.engine.begin() as connection:
        connection.execute(update(sessions).where(sessions.c.token_hash == hashlib.sha256(second.encode()).hexdigest())
                           .values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    assert dora.session(second) is None and dora.session(third) is not None
    dora.revoke_account("dora")
    assert dora.session(third) is None


def test_a_new_password_ends_the_accounts_sessions(dora):
    dora.add_account("kurt", "curator")
    dora.set_password("kurt", PASSWORD)
    token, _ = dora.sign_in("dora", PASSWORD, "192.0.2.1")
    other, _ = dora.sign_in("kurt", PASSWORD, "192.0.2.1")
    dora.set_password("dora", "ein ganz neues Passwort")
    assert dora.session(token) is None and dora.session(other) is not None
    assert dora.sign_in("dora", "ein ganz neues Passwort", "192.0.2.1") is not None
