"""A write is checked on the part of the state its rules reach (store/validation.py CHECKED_WITH),
inside the write lock, on the state it is written to: nothing may let a write through that the whole
state refuses."""
from __future__ import annotations

import sys
import threading
import time

import pytest

from store import Delete, Put
from store.errors import FieldProblem, ValidationFailed
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_POINT, SOURCE, a_site, changed, new_site


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
        # "in": under a mutation run the method's code is named "…__enter____mutmut_orig"
        if "__enter__" in frame.f_code.co_name and frame.f_code.co_filename.endswith("writer_queue.py"):
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


# What a refused write tells the editor: the entity, the row, the column and the rule, as the store's
# check (store/validation.py) words it; the API and the edit page show exactly these.

def test_a_refused_status_names_the_site_the_column_and_the_allowed_values(store):
    key = a_site(store, DORTMUND)
    with pytest.raises(ValidationFailed) as refused:
        changed(store, key, status="geschlossen")
    assert refused.value.problems == [
        FieldProblem("sites", key, "status", "status 'geschlossen' is not one of active, planned, phase-out")]


def test_a_cell_that_is_no_text_or_no_column_is_refused_with_its_reason(store):
    key = a_site(store, DORTMUND)
    with pytest.raises(ValidationFailed) as refused:
        changed(store, key, year=2021, colour="#ff0000")   # a number from a spreadsheet; a programme's column
    assert refused.value.problems == [FieldProblem("sites", key, "year", "year must be text, got int"),
                                      FieldProblem("sites", key, "colour", "colour is not a column of sites.csv")]


@pytest.mark.parametrize("reason, message", [
    ("Korrektur\x00", "reason contains a control character"),
    ("x" * 10_001, "reason is longer than 10000 characters"),
])
def test_a_reason_that_cannot_be_stored_verbatim_is_refused_with_why(store, reason, message):
    key = a_site(store, DORTMUND)
    with pytest.raises(ValidationFailed) as refused:
        changed(store, key, reason=reason, name="Neuer Name")
    assert refused.value.problems == [FieldProblem("sites", key, "reason", message)]


def test_a_familiengrundschulzentrum_without_its_identification_is_refused_at_identification(store):
    """The rule's message names two columns (identification level); the refusal names the one to fill in."""
    with pytest.raises(ValidationFailed) as refused:
        _put(store, "sites", "fgz-05911000-1", identification="")
    assert refused.value.problems == [FieldProblem("sites", "fgz-05911000-1", "identification",
                                                   "a Familiengrundschulzentrum needs its identification level")]


def test_an_own_share_paid_by_the_land_is_refused_at_the_funder(store):
    """The message names kind and funder: the funder is what is wrong."""
    with pytest.raises(ValidationFailed) as refused:
        _put(store, "funding", "F017", funder="Land")
    assert refused.value.fields == ["funder"]
    assert refused.value.problems[0].message == "an own share (kind own_share) must have funder 'commune'"


@pytest.mark.parametrize("figure, column, value, fields", [
    ("p12-1", "kind", "programme_total", ["kind"]),                 # kind total_budget meant, a column typed
    ("F001", "shared", "programme_total=true", ["shared", "shared"]),  # not a boolean; a shared figure says true
])
def test_a_cell_holding_another_columns_name_is_refused_at_that_cell(store, figure, column, value, fields):
    """A curator types the column `programme_total` (or `programme_total=true`) into `kind` or `shared`: the
    refusal names the cell typed into, not the column its value happens to name."""
    with pytest.raises(ValidationFailed) as refused:
        _put(store, "funding", figure, **{column: value})
    assert refused.value.fields == fields, refused.value


def test_a_new_site_without_its_optional_columns_is_stored_with_them_empty(store):
    cells = new_site("ohne-notiz-1", DORTMUND, DORTMUND_POINT)
    assert "notes" not in cells and "coordinate_source" not in cells
    store.apply(Put("sites", "ohne-notiz-1", cells, None, "neu", SOURCE), CURATOR)
    stored = store.get("sites", "ohne-notiz-1").values
    assert stored["notes"] == stored["coordinate_source"] == ""
    assert {column: stored[column] for column in cells} == cells
