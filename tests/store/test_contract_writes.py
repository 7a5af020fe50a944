"""Store contract, both backends: validation, hostile text, versions, deletion, revert."""
from __future__ import annotations

import threading

import pytest

from geo.errors import NotFound
from store import Delete, Put, Revert
from store.errors import StaleVersion, ValidationFailed
from tests.store.helpers import (
    BOCHUM_POINT, CURATOR, DORTMUND, DORTMUND_POINT, SOURCE, a_site, changed, counts, delete, new_site,
)

# (field the refusal must name, cells to change on a Dortmund site)
BAD_CELLS = [
    ("status", {"status": "geschlossen"}),
    ("source", {"source": ""}),
    ("source", {"source": "   "}),
    ("programme", {"programme": "unbekannt"}),
    ("precision", {"precision": "exact"}),
    ("lat,lon", {"lat": BOCHUM_POINT[0], "lon": BOCHUM_POINT[1]}),   # the point is in Bochum, the row says Dortmund
    ("lat,lon", {"lat": "einundfünfzig"}),
    ("lat,lon", {"lat": "48.1", "lon": "11.5"}),                      # Munich: outside the Ruhr area
    ("communes", {"communes": "99999999"}),
    ("name", {"name": ""}),
    ("year", {"year": 2021}),                                          # not text
    ("colour", {"colour": "#ff0000"}),                                 # not a column of sites
    ("name", {"name": "x" * 10_001}),
    ("name", {"name": "Schule\x00"}),
    ("address", {"address": "Weg 1\x1b[31m"}),
    ("name", {"name": "halbes Zeichen \ud800"}),                      # a lone surrogate is no text
]


@pytest.mark.parametrize("field,cells", BAD_CELLS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD_CELLS)])
def test_a_bad_write_names_the_field_and_stores_nothing(store, field, cells):
    key = a_site(store, DORTMUND)
    before, record = counts(store), store.get("sites", key)
    with pytest.raises(ValidationFailed) as refused:
        changed(store, key, **cells)
    assert field in refused.value.fields, refused.value
    assert counts(store) == before
    assert store.get("sites", key) == record


def test_a_change_without_its_source_is_refused(store):
    key = a_site(store, DORTMUND)
    record, before = store.get("sites", key), counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Put("sites", key, record.values, record.version, "Korrektur", ""), CURATOR)
    assert refused.value.fields == ["source"]
    assert counts(store) == before


@pytest.mark.parametrize("reason,source,field", [
    ("Grund\x00", SOURCE, "reason"), ("x" * 10_001, SOURCE, "reason"), ("Grund", "https://x\x00", "source"),
    (None, SOURCE, "reason"),
])
def test_the_reason_and_source_of_a_change_are_checked_too(store, reason, source, field):
    key = a_site(store, DORTMUND)
    record, before = store.get("sites", key), counts(store)
    for command in (Put("sites", key, record.values, record.version, reason, source),
                    Delete("sites", key, record.version, reason, source),
                    Revert("sites", key, store.history("sites", key)[0].id, record.version, reason, source)):
        with pytest.raises(ValidationFailed) as refused:
            store.apply(command, CURATOR)
        assert refused.value.fields == [field]
    assert counts(store) == before


def test_funding_amounts_must_be_numbers(store):
    figure = store.published_dataset().frames["funding.csv"].iloc[0]
    record = store.get("funding", figure["figure_id"])
    for amount in ("viel", "-5", "1e400", ""):
        with pytest.raises(ValidationFailed) as refused:
            store.apply(Put("funding", record.key, {**record.values, "amount_eur": amount}, record.version,
                            "x", SOURCE), CURATOR)
        assert "amount_eur" in refused.value.fields


def test_every_problem_is_listed_at_once(store):
    key = a_site(store, DORTMUND)
    with pytest.raises(ValidationFailed) as refused:
        changed(store, key, status="weg", precision="ungefähr", programme="nix")
    assert {"status", "precision", "programme"} <= set(refused.value.fields)


def test_ids_never_change_and_new_ids_must_be_free(store):
    key = a_site(store, DORTMUND)
    record = store.get("sites", key)
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Put("sites", key, {**record.values, "id": "anders"}, record.version, "x", SOURCE), CURATOR)
    assert refused.value.fields == ["id"]
    with pytest.raises(ValidationFailed) as taken:
        store.apply(Put("sites", key, new_site(key, DORTMUND, DORTMUND_POINT), None, "x", SOURCE), CURATOR)
    assert taken.value.fields == ["id"]


HOSTILE = [
    "'; DROP TABLE sites; --",
    "Robert'); DELETE FROM revisions WHERE ('1'='1",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "Zeile eins\nZeile zwei\tmit Tab, \"Anführung\" und ; Semikolon",
    "ä" * 10_000,
    "🏫 Schule 北京 \u202eumgedreht",
]


@pytest.mark.parametrize("text", HOSTILE, ids=["sql", "sql2", "script", "newline", "10000", "unicode"])
def test_hostile_text_is_stored_verbatim(store, text, tmp_path):
    result = store.apply(Put("sites", "hostile-1", new_site("hostile-1", DORTMUND, DORTMUND_POINT, name=text,
                                                            notes=text), None, text, SOURCE), CURATOR)
    assert result.status == "published"
    assert store.get("sites", "hostile-1").values["name"] == text
    assert store.history("sites", "hostile-1")[-1].reason == text
    store.export(tmp_path)   # the export still reads back as the same row
    frame = store.published_dataset().frames["sites.csv"]
    assert frame.set_index("id").loc["hostile-1", "notes"] == text
    assert {"sites", "revisions"} <= set(__import__("sqlalchemy").inspect(store.engine).get_table_names())


def test_create_then_update_then_stale_version(store):
    created = store.apply(Put("sites", "neu-1", new_site("neu-1", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                          CURATOR)
    assert (created.status, created.version) == ("published", 1)
    updated = changed(store, "neu-1", name="Zweiter Name")
    assert updated.version == 2 and updated.data_version == created.data_version + 1
    stale = store.get("sites", "neu-1").values
    with pytest.raises(StaleVersion, match="version"):
        store.apply(Put("sites", "neu-1", {**stale, "name": "Dritter"}, 1, "alt", SOURCE), CURATOR)
    assert store.get("sites", "neu-1").values["name"] == "Zweiter Name"


def test_two_writers_with_the_same_version_exactly_one_wins(store):
    key = a_site(store, DORTMUND)
    record = store.get("sites", key)
    start, outcomes = threading.Barrier(2), []

    def write(name: str) -> None:
        start.wait()
        try:
            store.apply(Put("sites", key, {**record.values, "name": name}, record.version, "x", SOURCE), CURATOR)
            outcomes.append(("ok", name))
        except StaleVersion:
            outcomes.append(("stale", name))

    threads = [threading.Thread(target=write, args=(f"Schreiber {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["ok", "stale"]
    winner = next(name for kind, name in outcomes if kind == "ok")
    assert store.get("sites", key) .values["name"] == winner
    assert store.get("sites", key).version == record.version + 1
    assert len(store.history("sites", key)) == 2  # the seed and the winner


def test_delete_hides_and_keeps_the_history(store, tmp_path):
    key = a_site(store, DORTMUND)
    before = store.get("sites", key)
    result = delete(store, key)
    assert result.status == "published"
    with pytest.raises(NotFound):
        store.get("sites", key)
    assert key not in set(store.published_dataset().frames["sites.csv"]["id"])
    store.export(tmp_path)
    assert key not in (tmp_path / "sites.csv").read_text(encoding="utf-8")
    last = store.history("sites", key)[-1]
    assert (last.action, last.before, last.after) == ("delete", before.values, None)
    with pytest.raises(NotFound):  # a deleted row cannot be deleted or changed again
        store.apply(Delete("sites", key, result.version, "x", SOURCE), CURATOR)


def test_delete_that_breaks_a_reference_is_refused(store):
    programme = store.get("programmes", "fgz")
    before = counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Delete("programmes", "fgz", programme.version, "weg", SOURCE), CURATOR)
    assert "programme" in refused.value.fields  # the sites naming it
    assert counts(store) == before


def test_revert_to_any_revision(store):
    key = a_site(store, DORTMUND)
    seeded = store.get("sites", key).values
    changed(store, key, name="Zwei")
    changed(store, key, name="Drei", status="phase-out")
    history = store.history("sites", key)
    assert [r.action for r in history] == ["seed", "update", "update"]
    current = store.get("sites", key)
    result = store.apply(Revert("sites", key, history[0].id, current.version, "falsch", SOURCE), CURATOR)
    assert store.get("sites", key).values == seeded
    store.apply(Revert("sites", key, history[1].id, result.version, "doch", SOURCE), CURATOR)
    assert store.get("sites", key).values["name"] == "Zwei"
    assert store.history("sites", key)[-1].action == "revert"


def test_revert_restores_a_deleted_row(store):
    key = a_site(store, DORTMUND)
    seeded = store.get("sites", key).values
    deleted = delete(store, key)
    first = store.history("sites", key)[0]
    store.apply(Revert("sites", key, first.id, deleted.version, "versehentlich gelöscht", SOURCE), CURATOR)
    assert store.get("sites", key).values == seeded


def test_revert_names_an_existing_revision_of_that_row(store):
    key, other = a_site(store, DORTMUND), a_site(store, "05911000")
    foreign = store.history("sites", other)[0]
    with pytest.raises(NotFound):
        store.apply(Revert("sites", key, foreign.id, 1, "x", SOURCE), CURATOR)
