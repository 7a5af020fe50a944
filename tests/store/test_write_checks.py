"""A write is checked on the part of the state its rules reach (store/validation.py CHECKED_WITH),
and on SQLite before the write lock: neither may let a write through that the whole state refuses."""
from __future__ import annotations

import threading
import time

import pytest

from store import Delete, Put
from store.errors import ValidationFailed
from tests.store.helpers import CURATOR, DORTMUND, SOURCE, a_site, changed


def _put(store, entity: str, key: str, **cells):
    record = store.get(entity, key)
    return store.apply(Put(entity, key, {**record.values, **cells}, record.version, "Korrektur", SOURCE), CURATOR)


def test_deleting_a_project_that_a_funding_figure_names_is_refused(store):
    project = store.get("projects", "19-02")  # named by figure p12-3
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Delete("projects", "19-02", project.version, "weg", SOURCE), CURATOR)
    assert any("19-02" in problem.message for problem in refused.value.problems)


def test_a_funding_figure_must_name_a_known_project_and_figure(store):
    with pytest.raises(ValidationFailed) as refused:
        _put(store, "funding", "p12-3", project_id="99-99")
    assert "project_id" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        _put(store, "funding", "F003", part_of="F999")
    assert "part_of" in refused.value.fields


def test_a_site_is_checked_with_the_programmes_as_they_are(store):
    """A site may only name a programme that is published now."""
    key = a_site(store, DORTMUND)
    programme = store.get("sites", key).values["programme"]
    other = next(p for p in ("fgz", "talentkolleg") if p != programme)
    _put(store, "sites", key, programme=other)
    assert store.get("sites", key).values["programme"] == other


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_sqlite_validates_a_write_before_taking_the_write_lock(store):
    """While another writer holds the lock, the waiting write has already been validated: the lock
    is held only for the SQL, so concurrent editors do not queue behind each other's checks."""
    key = a_site(store, DORTMUND)
    before = len(store.validator.memo)
    with store.writer_lock:
        writer = threading.Thread(target=changed, args=(store, key), kwargs={"name": "Wartet auf das Schloss"})
        writer.start()
        deadline = time.monotonic() + 60
        while len(store.validator.memo) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        validated_while_locked = len(store.validator.memo) > before
        assert writer.is_alive()  # still waiting for the lock
    writer.join(60)
    assert validated_while_locked
    assert store.get("sites", key).values["name"] == "Wartet auf das Schloss"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_write_validated_early_is_checked_again_against_what_changed_meanwhile(store):
    """Checked before the lock, then the programme it names is renamed (the same number of rows)
    before it gets the lock: the write validates the state it sees inside the lock and is refused."""
    key = a_site(store, DORTMUND)
    programme = store.get("sites", key).values["programme"]
    outcome: list[BaseException | None] = []

    def write() -> None:
        try:
            changed(store, key, name="Zu spät geprüft")
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001  (looked at below)
            outcome.append(error)

    before = len(store.validator.memo)
    with store.writer_lock:
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 60
        while len(store.validator.memo) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        with store.engine.begin() as connection:  # behind the store's lock: SQLite's own lock still orders it
            connection.exec_driver_sql("UPDATE programmes SET id = id || '_alt' WHERE row_key = ?", (programme,))
    writer.join(60)
    assert isinstance(outcome[0], ValidationFailed) and "programme" in outcome[0].fields
    assert store.get("sites", key).values["name"] != "Zu spät geprüft"
