"""What the store's readers hand the service (store/store.py): rows as Records that name their
collection and id, a row's version whatever its state, a row's history and the review queue, on both
backends. The edit pages and the history API take the collection and id from these objects."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from store import Approve, Put, Reject
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_EDITOR, SOURCE, a_site, changed, delete, new_site


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back


def test_a_row_read_by_its_id_names_its_collection_and_id(store):
    key = a_site(store, DORTMUND)
    record = store.get("sites", key)
    assert (record.entity, record.key, record.version) == ("sites", key, 1)
    assert record.values["id"] == key and record.values["communes"] == DORTMUND


def test_the_listed_rows_and_the_deleted_rows_name_their_collection_and_id(store):
    key = a_site(store, DORTMUND)
    listed = {record.key: record for record in store.records("sites")}
    assert listed[key] == store.get("sites", key) and {r.entity for r in listed.values()} == {"sites"}
    delete(store, key)
    deleted = store.records("sites", deleted=True)
    assert [(r.entity, r.key, r.version, r.values["name"]) for r in deleted] == \
        [("sites", key, 2, listed[key].values["name"])]
    assert key not in {record.key for record in store.records("sites")}


def test_a_rows_version_is_known_when_deleted_and_none_when_never_stored(store):
    key = a_site(store, DORTMUND)
    assert store.row_version("sites", key) == 1
    delete(store, key)
    assert store.row_version("sites", key) == 2
    assert store.row_version("sites", "nie-gespeichert") is None


def test_a_sites_history_leaves_out_a_programme_of_the_same_id(store):
    """Ids are per collection: the history of site 'fgz' holds its own revision, not the programme's."""
    store.apply(Put("sites", "fgz", new_site("fgz", DORTMUND, ("51.5141", "7.4668")), None, "neu", SOURCE), CURATOR)
    programme = store.get("programmes", "fgz")
    store.apply(Put("programmes", "fgz", {**programme.values, "name_de": "Familiengrundschulzentren NRW"},
                    programme.version, "umbenannt", SOURCE), CURATOR)
    site_history = store.history("sites", "fgz")
    programme_history = store.history("programmes", "fgz")
    assert [(r.entity, r.key, r.action, r.reason) for r in site_history] == [("sites", "fgz", "create", "neu")]
    assert [(r.entity, r.key, r.reason) for r in programme_history][-1] == ("programmes", "fgz", "umbenannt")
    assert site_history[0].id not in {r.id for r in programme_history}


def test_a_proposal_in_the_queue_is_dated_when_it_was_made(store):
    key = a_site(store, DORTMUND)
    before = datetime.now(timezone.utc)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Neuer Name")
    after = datetime.now(timezone.utc)
    [queued] = store.proposals()
    assert queued.id == proposed.proposal_id
    assert before - timedelta(seconds=1) <= _utc(queued.at) <= after + timedelta(seconds=1)


def test_all_proposals_stay_in_the_order_they_were_made_after_some_are_decided(store):
    """The review page's list of every proposal: deciding the first one does not move it to the end
    (PostgreSQL writes a decided row anew; only the order by id keeps the list stable)."""
    first, second, third = (a_site(store, DORTMUND), *[
        record.key for record in store.records("sites") if record.values["communes"] == DORTMUND][1:3])
    made = [changed(store, key, DORTMUND_EDITOR, name=f"Vorschlag {n}").proposal_id
            for n, key in enumerate((first, second, third))]
    store.apply(Approve(made[0], "geprüft"), CURATOR)
    store.apply(Reject(made[1], "doppelt"), CURATOR)
    assert [(p.id, p.status) for p in store.proposals(None)] == \
        [(made[0], "approved"), (made[1], "rejected"), (made[2], "proposed")]
    assert [p.id for p in store.proposals()] == [made[2]]
