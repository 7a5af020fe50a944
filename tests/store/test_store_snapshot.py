"""What the read path rebuilds from is one snapshot (Store.published_dataset): a write that commits
while the five tables are being read shows in none of them, and the data version is the one read with
them, so the service never serves a mix of two states under one version."""
from __future__ import annotations

from sqlalchemy import event

from tests.store.helpers import DORTMUND, a_site, changed


def test_a_write_committed_while_the_dataset_is_read_shows_in_the_next_one_only(store):
    key = a_site(store, DORTMUND)
    old_name = store.get("sites", key).values["name"]
    before = store.data_version()
    reading, started, written = [], [], []

    def write_after_the_first_read(connection, cursor, statement, parameters, context, executemany):
        if reading and not started and statement.lstrip().upper().startswith("SELECT"):
            started.append(statement)  # (the write's own statements pass through here too)
            written.append(changed(store, key, name="Mitten im Lesen geändert"))

    event.listen(store.engine, "after_cursor_execute", write_after_the_first_read)
    try:
        reading.append(True)
        dataset = store.published_dataset()
    finally:
        event.remove(store.engine, "after_cursor_execute", write_after_the_first_read)
    sites = dataset.frames["sites.csv"].set_index("id")
    assert written and written[0].data_version == before + 1
    assert (dataset.version, sites.loc[key, "name"]) == (before, old_name)
    assert dataset.row_versions["sites"][key] == store.get("sites", key).version - 1
    again = store.published_dataset()
    assert (again.version, again.frames["sites.csv"].set_index("id").loc[key, "name"]) == \
        (before + 1, "Mitten im Lesen geändert")
