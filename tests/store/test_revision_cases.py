"""Store contract, both backends: what a revision records (who, for which communes, when, from which
proposal) and the place a new row takes in the edition."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from store import Approve, Principal, Put
from store.errors import StaleVersion
from store.rows import write_row
from store.schema import ENTITIES, proposals, revisions
from tests.store.helpers import BOCHUM, CURATOR, DORTMUND, DORTMUND_POINT, SOURCE, a_site, changed, delete, new_site

RUHR_EDITOR = Principal("erika", "editor", frozenset({DORTMUND, BOCHUM}))  # works for two cities


def test_an_approved_proposal_of_an_editor_for_two_communes_names_both_and_links_proposal_and_revision(store):
    """The history shows an editor's communes as they were (both of them, sorted), the curator who
    approved it, and the revision and the proposal name each other (the audit trail)."""
    key = a_site(store, DORTMUND)
    proposed = changed(store, key, RUHR_EDITOR, reason="Neuer Träger", name="Familienzentrum Nord")
    approved = store.apply(Approve(proposed.proposal_id, "geprüft"), CURATOR)
    last = store.history("sites", key)[-1]
    assert (last.author, last.author_role, last.author_communes, last.reviewer) == \
        ("erika", "editor", (BOCHUM, DORTMUND), "kurt")
    assert store.proposals("approved")[0].author_communes == (BOCHUM, DORTMUND)
    with store.engine.connect() as connection:
        assert connection.execute(select(revisions.c.proposal_id).where(
            revisions.c.id == approved.revision_id)).scalar_one() == proposed.proposal_id
        assert connection.execute(select(proposals.c.revision_id).where(
            proposals.c.id == proposed.proposal_id)).scalar_one() == approved.revision_id
    assert last.id == approved.revision_id


def test_a_revision_is_dated_in_utc_when_the_server_runs_on_german_time(store, monkeypatch):
    """A server whose clock is set to Europe/Berlin (UTC+1 in winter, +2 in summer) still records UTC:
    the history must not show a change an hour or two after it was made."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        key = a_site(store, DORTMUND)
        before = datetime.now(timezone.utc)
        changed(store, key, name="Zeitstempel")
        after = datetime.now(timezone.utc)
    finally:
        monkeypatch.undo()
        time.tzset()
    at = store.history("sites", key)[-1].at
    at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back
    assert before - timedelta(seconds=1) <= at <= after + timedelta(seconds=1)


def test_a_new_site_takes_the_next_place_so_importing_the_export_leaves_every_version_alone(store, tmp_path):
    """A curator exports the living data and imports it again (as when a new edition is prepared from
    it): a site created by a write sits where the export puts it, so nothing changes, and an editor's
    open edit of that site (its version) stays valid."""
    created = store.apply(Put("sites", "do-neu", new_site("do-neu", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                          CURATOR)
    assert created.version == 1
    ids = list(store.published_dataset().frames["sites.csv"]["id"])
    assert ids[-1] == "do-neu"
    store.export(tmp_path)
    assert store.import_edition(tmp_path, CURATOR, "dieselbe Ausgabe", "Export") == 0
    assert store.get("sites", "do-neu").version == 1
    assert [r.key for r in store.records("sites")] == ids


def test_a_site_created_again_under_a_deleted_id_takes_the_next_place_like_any_new_site(store):
    """A curator deletes a closed site and later creates it again under the same id (it reopened). The
    store reuses the hidden row, but nothing may tell that it existed: the site is listed last, where
    every new site goes and where its write was checked, not at its old place."""
    ids = list(store.published_dataset().frames["sites.csv"]["id"])
    key = a_site(store, DORTMUND)
    assert ids.index(key) < len(ids) - 1  # not already last
    values = store.get("sites", key).values
    delete(store, key)
    created = store.apply(Put("sites", key, values, None, "wieder eröffnet", SOURCE), CURATOR)
    assert created.status == "published" and store.get("sites", key).values == values
    again = list(store.published_dataset().frames["sites.csv"]["id"])
    assert again == [i for i in ids if i != key] + [key]
    assert [r.key for r in store.records("sites")] == again


def test_a_save_of_a_version_another_server_replaced_meanwhile_is_refused_with_a_reload_hint(store):
    """Two servers on one database: both read version n of a site and checked their change; the other
    one committed first. The conditional UPDATE (the one arbiter on both backends) refuses the second
    save, names the row and the stale version and tells the editor to reload; the first change stays."""
    key = a_site(store, DORTMUND)
    seen = store.get("sites", key)
    changed(store, key, name="Familienzentrum Nord")  # the other server's save
    with store.engine.connect() as connection, connection.begin():
        with pytest.raises(StaleVersion) as refused:
            write_row(connection, ENTITIES["sites"], key, {**seen.values, "name": "Familienzentrum Süd"}, seen.version)
    assert str(refused.value) == (f"sites {key!r} was changed by someone else (version {seen.version} is stale); "
                                  "reload it and apply the change again")
    assert store.get("sites", key).values["name"] == "Familienzentrum Nord"


def test_importing_the_export_after_a_deletion_leaves_every_version_alone(store, tmp_path):
    """A curator deletes a closed site, exports the living data and imports it again: the rows after the
    deleted one move up a line in the file, but none of them changed, so an editor's open edit of any
    site (its version) stays valid and nothing reports a change."""
    key = a_site(store, DORTMUND)
    delete(store, key)
    versions = {r.key: r.version for r in store.records("sites")}
    store.export(tmp_path)
    assert store.import_edition(tmp_path, CURATOR, "dieselbe Ausgabe", "Export") == 0
    assert {r.key: r.version for r in store.records("sites")} == versions
    assert [r.key for r in store.records("sites")] == list(store.published_dataset().frames["sites.csv"]["id"])
