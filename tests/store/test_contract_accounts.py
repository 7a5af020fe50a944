"""Store contract, both backends: accounts, tokens only as hashes, passwords as Argon2id, backups."""
from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from sqlalchemy import select

from geo.errors import InvalidInput, NotFound
from store.schema import accounts
from tests.store.helpers import BOCHUM, DORTMUND, a_site, changed


def _rows(store):
    with store.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(accounts))]


def test_tokens_are_stored_only_as_hashes(store):
    token = store.add_account("dora", "editor", [DORTMUND, BOCHUM])
    assert len(token) >= 40
    (row,) = _rows(store)
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for value in row.values())
    principal = store.authenticate(token)
    assert (principal.name, principal.role, principal.communes) == ("dora", "editor", frozenset({DORTMUND, BOCHUM}))
    for wrong in ("", token[:-1], row["token_hash"], "' OR '1'='1"):
        assert store.authenticate(wrong) is None
    if store.backend == "sqlite":
        raw = b"".join(path.read_bytes() for path in _files(store))
        assert token.encode() not in raw


def _files(store):
    from pathlib import Path
    base = Path(store.engine.url.database)
    return [p for p in (base, base.with_name(base.name + "-wal")) if p.exists()]


def test_revoked_accounts_no_longer_authenticate(store):
    token = store.add_account("kurt", "curator")
    store.set_password("kurt", "ein langes Passwort")
    store.revoke_account("kurt")
    assert store.authenticate(token) is None
    assert store.check_password("kurt", "ein langes Passwort") is None
    (listed,) = store.accounts()
    assert listed.revoked_at is not None and not listed.has_token
    with pytest.raises(NotFound):
        store.revoke_account("kurt")


def test_passwords_are_argon2id(store):
    store.add_account("kurt", "curator")
    store.set_password("kurt", "Korrekt Pferd Batterie")
    (row,) = _rows(store)
    assert row["password_hash"].startswith("$argon2id$") and "Pferd" not in row["password_hash"]
    assert store.check_password("kurt", "Korrekt Pferd Batterie").role == "curator"
    assert store.check_password("kurt", "korrekt pferd batterie") is None
    assert store.check_password("niemand", "Korrekt Pferd Batterie") is None
    with pytest.raises(InvalidInput, match="12"):
        store.set_password("kurt", "kurz")


@pytest.mark.parametrize("name,role,communes,message", [
    ("dora", "editor", [], "at least one"),
    ("dora", "curator", [DORTMUND], "editors only"),
    ("dora", "public", [], "role"),
    ("dora", "king", [], "role"),
    ("dora", "editor", ["99999999"], "AGS"),
    ("dora", "editor", ["05913000'; --"], "AGS"),
    ("<script>", "editor", [DORTMUND], "account name"),
    ("a" * 65, "curator", [], "account name"),
    ("dora\n", "curator", [], "account name"),
])
def test_bad_accounts_are_refused(store, name, role, communes, message):
    with pytest.raises(InvalidInput, match=message):
        store.add_account(name, role, communes)
    assert _rows(store) == []


def test_account_names_are_unique(store):
    store.add_account("dora", "editor", [DORTMUND])
    with pytest.raises(InvalidInput, match="exists"):
        store.add_account("dora", "curator")


def test_backup_and_restore(store, tmp_path):
    key = a_site(store, DORTMUND)
    original = store.get("sites", key)
    if store.backend == "postgresql":
        with pytest.raises(InvalidInput, match="pg_dump"):
            store.backup(tmp_path / "backup.sqlite")
        return
    backup = tmp_path / "backups" / "backup.sqlite"
    store.backup(backup)
    assert [p.name for p in backup.parent.iterdir()] == ["backup.sqlite"]   # one self-contained file
    with pytest.raises(InvalidInput, match="exists"):
        store.backup(backup)
    changed(store, key, name="nach der Sicherung")
    store.add_account("spaet", "curator")
    version = store.data_version()
    store.restore(backup)
    assert store.get("sites", key) == original
    assert store.accounts() == []
    assert store.data_version() > version       # readers see a new version, never an old one again
    changed(store, key, name="weiter nach der Wiederherstellung")


def test_restore_refuses_a_file_that_is_no_backup(store, tmp_path):
    if store.backend != "sqlite":
        return
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 2000)
    key = a_site(store, DORTMUND)
    before = store.get("sites", key)
    for source in (junk, tmp_path / "missing.sqlite"):
        with pytest.raises(InvalidInput):
            store.restore(source)
    assert store.get("sites", key) == before


def test_the_account_list_names_each_account_with_its_role_communes_and_sign_in_means(store):
    """What `ruhrkarte accounts list` shows an administrator, sorted by name."""
    store.add_account("kurt", "curator")
    store.add_account("dora", "editor", [DORTMUND, BOCHUM, DORTMUND])
    store.set_password("dora", "ein langes Passwort")
    store.add_account("anna", "admin")
    store.revoke_account("anna")
    listed = store.accounts()
    assert [(a.name, a.role, a.communes, a.has_token, a.has_password, a.revoked_at is not None) for a in listed] == [
        ("anna", "admin", (), False, False, True),
        ("dora", "editor", (BOCHUM, DORTMUND), True, True, False),
        ("kurt", "curator", (), True, False, False)]
    assert all(isinstance(a.created_at, datetime) for a in listed)
