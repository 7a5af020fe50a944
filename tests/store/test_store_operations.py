"""The store facade's own answers (store/store.py): a restore counted as one change, the refusal of a
locked sign-in, and two curators creating the same id at the same moment on PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from store import Put
from store.errors import StaleVersion, TooManyAttempts
from store.sessions import MAX_FAILURES
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_POINT, SOURCE, a_site, changed, counts, new_site


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # (PostgreSQL is backed up with pg_dump)
def test_a_restore_counts_as_one_change_of_the_data_version(store, tmp_path):
    """Readers see a new version after a restore, the next one after the higher of the running data's
    and the backup's: no number is skipped and none is seen twice."""
    key = a_site(store, DORTMUND)
    backup = tmp_path / "backup.sqlite"
    store.backup(backup)
    for n in range(3):
        changed(store, key, name=f"Änderung {n}")
    running = store.data_version()
    store.restore(backup)
    assert store.data_version() == running + 1
    assert changed(store, key, name="danach").data_version == running + 2


def test_a_locked_sign_in_is_refused_with_the_reason(store):
    store.add_account("dora", "editor", [DORTMUND])
    store.set_password("dora", "ein langes Passwort 123")
    for number in range(MAX_FAILURES):
        assert store.sign_in("dora", "falsch", f"192.0.2.{number}") is None
    with pytest.raises(TooManyAttempts, match=r"^too many failed sign-ins; try again later$"):
        store.sign_in("dora", "ein langes Passwort 123", "203.0.113.1")


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_two_curators_creating_the_same_id_at_once_the_later_is_told_to_reload(store):
    """PostgreSQL lets both writes run side by side: the other curator's site of the same new id is
    committed just before this one's row is inserted. The database's unique key refuses the later write,
    which the curator sees as a stale version with a reload hint, and nothing of it is stored."""
    mine = new_site("neu-am-markt", DORTMUND, DORTMUND_POINT, name="Mein Standort")
    theirs = new_site("neu-am-markt", DORTMUND, DORTMUND_POINT, name="Ihr Standort")
    started, others = [], []

    def the_other_commits_first(connection, cursor, statement, parameters, context, executemany):
        if not started and statement.lstrip().upper().startswith("INSERT INTO SITES"):
            started.append(statement)  # (the other write's own insert passes through here too)
            others.append(store.apply(Put("sites", "neu-am-markt", theirs, None, "neu", SOURCE), CURATOR))

    event.listen(store.engine, "before_cursor_execute", the_other_commits_first)
    try:
        with pytest.raises(StaleVersion, match=r"^the row was created by someone else at the same moment; reload it$"):
            store.apply(Put("sites", "neu-am-markt", mine, None, "neu", SOURCE), CURATOR)
    finally:
        event.remove(store.engine, "before_cursor_execute", the_other_commits_first)
    before = counts(store)
    assert others[0].status == "published" and store.get("sites", "neu-am-markt").values["name"] == "Ihr Standort"
    assert [r.reason for r in store.history("sites", "neu-am-markt")] == ["neu"] and counts(store) == before
