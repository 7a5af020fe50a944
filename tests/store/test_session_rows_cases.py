"""Store contract, both backends: what a browser session carries (every commune of an editor, none for a
curator, its end), that its tokens hold 256 random bits, and that expired sessions and old sign-in
failures do not pile up in the database (the failures hold hashed client addresses: kept no longer
than the window needs)."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from store.errors import TooManyAttempts
from store.schema import sessions, sign_in_failures
from store.sessions import FAILURE_WINDOW, failure_keys
from tests.store.helpers import BOCHUM, DORTMUND

PASSWORD = "ein langes Passwort 123"


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@pytest.fixture
def accounts(store):
    store.add_account("ruth", "editor", [DORTMUND, BOCHUM])
    store.add_account("kurt", "curator")
    for name in ("ruth", "kurt"):
        store.set_password(name, PASSWORD)
    return store


def test_an_editor_of_two_communes_keeps_both_in_the_session_and_a_curator_none(accounts):
    token, _ = accounts.sign_in("ruth", PASSWORD, "192.0.2.1")
    found = accounts.session(token).principal
    assert found.name == "ruth" and found.role == "editor" and found.communes == frozenset({DORTMUND, BOCHUM})
    token, _ = accounts.sign_in("kurt", PASSWORD, "192.0.2.1")
    found = accounts.session(token).principal
    assert found.role == "curator" and found.communes == frozenset()


def test_a_found_session_ends_when_the_opened_one_does(accounts):
    token, opened = accounts.sign_in("ruth", PASSWORD, "192.0.2.1")
    ends = _utc(accounts.session(token).expires_at)
    assert ends == _utc(opened.expires_at)
    assert timedelta(hours=7, minutes=59) < ends - datetime.now(UTC) <= timedelta(hours=8)


def test_session_and_form_tokens_are_43_url_safe_characters(accounts):
    """256 random bits each (secrets.token_urlsafe(32)), as the API tokens."""
    token, session = accounts.sign_in("ruth", PASSWORD, "192.0.2.1")
    for value in (token, session.csrf):
        assert len(value) == 43 and value.replace("-", "a").replace("_", "a").isalnum()


def test_signing_in_clears_expired_sessions_but_keeps_live_ones(accounts):
    expired, _ = accounts.sign_in("ruth", PASSWORD, "192.0.2.1")
    live, _ = accounts.sign_in("kurt", PASSWORD, "192.0.2.1")
    with accounts.engine.begin() as connection:
        connection.execute(update(sessions).where(sessions.c.token_hash == hashlib.sha256(expired.encode()).hexdigest())
                           .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    newest, _ = accounts.sign_in("ruth", PASSWORD, "192.0.2.2")
    with accounts.engine.connect() as connection:
        kept = set(connection.execute(select(sessions.c.token_hash)).scalars())
    assert kept == {hashlib.sha256(token.encode()).hexdigest() for token in (live, newest)}


def test_a_failed_sign_in_clears_failures_older_than_the_window(accounts):
    old = datetime.now(UTC) - FAILURE_WINDOW - timedelta(minutes=1)
    with accounts.engine.begin() as connection:
        connection.execute(insert(sign_in_failures), [{"key_hash": "alt-" + str(n), "at": old} for n in range(3)])
    assert accounts.sign_in("ruth", "falsch", "192.0.2.9") is None
    with accounts.engine.connect() as connection:
        kept = sorted(connection.execute(select(sign_in_failures.c.key_hash)).scalars())
    assert kept == sorted(failure_keys("ruth", "192.0.2.9"))


def test_a_success_forgives_the_names_failures_but_not_the_addresss(accounts):
    """Guessing from one address at several accounts stays limited although one of them signs in there."""
    for _ in range(4):
        assert accounts.sign_in("ruth", "falsch", "192.0.2.1") is None
    assert accounts.sign_in("ruth", PASSWORD, "192.0.2.1") is not None       # forgives ruth's 4, not the address's
    for number in range(4):
        assert accounts.sign_in("ruth", "falsch", f"198.51.100.{number}") is None
    assert accounts.sign_in("ruth", PASSWORD, "203.0.113.1") is not None     # 4 since the success: still open
    assert accounts.sign_in("niemand", "falsch", "192.0.2.1") is None         # the address's fifth failure
    with pytest.raises(TooManyAttempts):
        accounts.sign_in("kurt", PASSWORD, "192.0.2.1")
