"""Store contract, both backends: what an administrator is told when `ruhrkarte accounts` refuses an
account or a password (the CLI prints these messages as they are), where the password length limit
lies, and a password hash made with older Argon2 settings upgraded at the next sign-in."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from geo.errors import InvalidInput, NotFound
from store.accounts import _hasher
from store.schema import accounts
from tests.store.helpers import BOCHUM, DORTMUND

NAME_RULE = "1-64 letters, digits, '.', '_', '@' or '-'"


@pytest.mark.parametrize("name,role,communes,message", [
    ("", "curator", [], f"account name '': {NAME_RULE}"),
    ("a" * 65, "curator", [], f"account name {'a' * 40!r}: {NAME_RULE}"),  # a pasted line is cut short
    ("dora", "public", [], "role 'public' is not one of editor, curator, admin"),
    ("dora", "Editor", [DORTMUND], "role 'Editor' is not one of editor, curator, admin"),
    ("dora", "editor", [], "an editor needs at least one --commune (AGS, e.g. 05913000)"),
    ("dora", "curator", [DORTMUND], "a curator works for all communes; --commune is for editors only"),
    ("dora", "editor", [DORTMUND, "99999999", "0591300"], "'99999999' is not the AGS of a Ruhr commune"),
    ("dora", "editor", [BOCHUM, "5913000"], "'5913000' is not the AGS of a Ruhr commune"),
])
def test_a_refused_account_is_refused_with_the_exact_reason(store, name, role, communes, message):
    with pytest.raises(InvalidInput) as refused:
        store.add_account(name, role, communes)
    assert str(refused.value) == message
    assert store.accounts() == []


def test_a_second_account_of_the_same_name_names_the_name(store):
    store.add_account("dora", "editor", [DORTMUND])
    with pytest.raises(InvalidInput) as refused:
        store.add_account("dora", "curator")
    assert str(refused.value) == "account 'dora' exists already"


def test_revoking_an_unknown_or_revoked_account_names_it(store):
    store.add_account("kurt", "curator")
    store.revoke_account("kurt")
    for name in ("kurt", "niemand"):
        with pytest.raises(NotFound) as refused:
            store.revoke_account(name)
        assert str(refused.value) == f"no active account {name!r}"


def test_a_password_needs_twelve_characters_exactly_twelve_will_do(store):
    store.add_account("kurt", "curator")
    with pytest.raises(InvalidInput) as refused:
        store.set_password("kurt", "elf Zeichen")  # 11
    assert str(refused.value) == "a password needs at least 12 characters"
    store.set_password("kurt", "zwölf Zeichen"[:12])
    assert store.check_password("kurt", "zwölf Zeiche").name == "kurt"


def test_a_password_is_only_set_for_an_active_account(store):
    store.add_account("kurt", "curator")
    store.revoke_account("kurt")
    for name in ("kurt", "niemand"):
        with pytest.raises(NotFound) as refused:
            store.set_password(name, "ein langes Passwort")
        assert str(refused.value) == f"no active account {name!r}"
    assert not store.accounts()[0].has_password


def test_an_account_with_only_an_api_token_cannot_sign_in_with_a_password(store):
    store.add_account("kurt", "curator")
    assert store.check_password("kurt", "ein langes Passwort") is None
    assert store.check_password("kurt", "") is None


def _hash_of(store, name: str) -> str:
    with store.engine.connect() as connection:
        return connection.execute(select(accounts.c.password_hash).where(accounts.c.name == name)).scalar_one()


def test_a_password_hashed_with_older_argon2_settings_is_upgraded_at_the_next_sign_in(store):
    """Argon2 settings rise over the years: a hash made with weaker ones still lets its owner in, and
    that sign-in stores a hash with today's settings; other accounts' hashes are left alone."""
    store.add_account("kurt", "curator")
    store.add_account("dora", "editor", [DORTMUND])
    store.set_password("dora", "Doras eigenes Passwort")
    doras = _hash_of(store, "dora")
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("ein langes Passwort")
    with store.engine.begin() as connection:
        connection.execute(update(accounts).where(accounts.c.name == "kurt").values(password_hash=old))
    assert store.check_password("kurt", "ein langes Passwort").role == "curator"
    upgraded = _hash_of(store, "kurt")
    assert upgraded != old and not _hasher.check_needs_rehash(upgraded)
    assert _hasher.verify(upgraded, "ein langes Passwort")
    assert _hash_of(store, "dora") == doras
    assert store.check_password("kurt", "ein langes Passwort").name == "kurt"
    assert _hash_of(store, "kurt") == upgraded  # a current hash is kept as it is


def test_a_current_hash_is_not_rewritten_at_each_sign_in(store):
    store.add_account("kurt", "curator")
    store.set_password("kurt", "ein langes Passwort")
    stored = _hash_of(store, "kurt")
    assert store.check_password("kurt", "ein langes Passwort").name == "kurt"
    assert _hash_of(store, "kurt") == stored


def test_an_api_token_is_32_random_bytes_shown_once_as_43_url_safe_characters(store):
    """The module's promise (a fast hash is enough because the token is 32 random bytes): what an
    administrator copies into a script is 43 characters of A-Z, a-z, 0-9, '-' and '_'."""
    tokens = {store.add_account(name, "curator") for name in ("kurt", "karla")}
    assert len(tokens) == 2
    for token in tokens:
        assert len(token) == 43 and token.replace("-", "").replace("_", "").isalnum()


def test_a_revoked_account_keeps_neither_token_nor_password_hash(store):
    """What `ruhrkarte accounts list` shows after a revocation: no sign-in means left, and the
    database no longer holds the hash of the password (a stolen backup cannot be attacked for it)."""
    store.add_account("kurt", "curator")
    store.set_password("kurt", "ein langes Passwort")
    store.revoke_account("kurt")
    (listed,) = store.accounts()
    assert (listed.has_token, listed.has_password) == (False, False)
    assert _hash_of(store, "kurt") is None
