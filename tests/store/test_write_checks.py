"""A write is checked on the part of the state its rules reach (store/validation.py CHECKED_WITH),
inside the write lock, on the state it is written to: nothing may let a write through that the whole
state refuses."""
from __future__ import annotations

import sys
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


def _waits_for_the_writer_lock(thread: threading.Thread) -> bool:
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name == "__enter__" and frame.f_code.co_filename.endswith("writer_queue.py"):
            return True
        frame = frame.f_back
    return False


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_waiting_write_is_checked_against_what_changed_while_it_waited(store):
    """A write waits for the lock; meanwhile the programme it names is renamed (the same number of
    rows): the write checks the state it sees inside the lock and is refused."""
    key = a_site(store, DORTMUND)
    programme = store.get("sites", key).values["programme"]
    outcome: list[BaseException | None] = []

    def write() -> None:
        try:
            changed(store, key, name="Zu spät geprüft")
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001  (looked at below)
            outcome.append(error)

    with store.writer_lock:
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 60
        while not _waits_for_the_writer_lock(writer) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _waits_for_the_writer_lock(writer)
        with store.engine.begin() as connection:  # behind the store's lock: SQLite's own lock still orders it
            connection.exec_driver_sql("UPDATE programmes SET id = id || '_alt' WHERE row_key = ?", (programme,))
    writer.join(60)
    assert isinstance(outcome[0], ValidationFailed) and "programme" in outcome[0].fields
    assert store.get("sites", key).values["name"] != "Zu spät geprüft"
