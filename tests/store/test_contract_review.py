"""Store contract, both backends: editors' scope, proposals, approval and rejection."""
from __future__ import annotations

import pytest

from geo.errors import InvalidInput, NotFound
from store import Approve, Delete, Put, Reject
from store.commands import PUBLIC
from store.errors import Forbidden, StaleVersion, ValidationFailed
from tests.store.helpers import (
    BOCHUM, BOCHUM_POINT, CURATOR, DORTMUND, DORTMUND_EDITOR, DORTMUND_POINT, SOURCE, a_site, changed, counts,
    delete, new_site,
)


def test_editor_may_not_touch_another_communes_site(store):
    key = a_site(store, BOCHUM)
    before = counts(store)
    with pytest.raises(Forbidden, match=BOCHUM):
        changed(store, key, DORTMUND_EDITOR, name="Übernommen")
    with pytest.raises(Forbidden):
        delete(store, key, DORTMUND_EDITOR)
    assert counts(store) == before


def test_editor_may_not_move_a_site_into_another_commune(store):
    key = a_site(store, DORTMUND)
    with pytest.raises(Forbidden, match=BOCHUM):
        changed(store, key, DORTMUND_EDITOR, communes=BOCHUM, lat=BOCHUM_POINT[0], lon=BOCHUM_POINT[1])
    with pytest.raises(Forbidden):
        store.apply(Put("sites", "bo-neu", new_site("bo-neu", BOCHUM, BOCHUM_POINT), None, "x", SOURCE),
                    DORTMUND_EDITOR)


def test_the_point_decides_not_the_declared_commune(store):
    """An editor declaring its own commune for a point in Bochum is refused: the geocoder places the point."""
    before = counts(store)
    with pytest.raises((Forbidden, ValidationFailed)):
        store.apply(Put("sites", "trick", new_site("trick", DORTMUND, BOCHUM_POINT), None, "x", SOURCE),
                    DORTMUND_EDITOR)
    assert counts(store) == before


def test_region_wide_rows_and_the_registry_are_for_curators(store):
    programme = store.get("programmes", "fgz")
    with pytest.raises(Forbidden):
        store.apply(Put("programmes", "fgz", {**programme.values, "colour": "#000000"}, programme.version, "x",
                        SOURCE), DORTMUND_EDITOR)
    wide = store.published_dataset().frames["funding.csv"]
    figure = wide[wide["scope"] == "ruhr"].iloc[0]
    record = store.get("funding", figure["figure_id"])
    with pytest.raises(Forbidden):
        store.apply(Put("funding", record.key, {**record.values, "title": "x"}, record.version, "x", SOURCE),
                    DORTMUND_EDITOR)


def test_public_and_revoked_principals_cannot_write(store):
    key = a_site(store, DORTMUND)
    with pytest.raises(Forbidden):
        changed(store, key, PUBLIC, name="anonym")


def test_a_hidden_id_looks_exactly_like_a_missing_one(store):
    key = a_site(store, DORTMUND)
    deleted = delete(store, key)
    errors = []
    for target in (key, "gibt-es-nicht"):
        for principal in (DORTMUND_EDITOR, CURATOR):
            with pytest.raises(NotFound) as missing:
                store.apply(Delete("sites", target, deleted.version, "x", SOURCE), principal)
            errors.append(str(missing.value).replace(target, "ID"))
            with pytest.raises(NotFound) as unseen:
                store.get("sites", target)
            errors.append(str(unseen.value).replace(target, "ID"))
    assert len(set(errors)) == 1, errors
    # Creating the hidden id behaves as for a new one (no 'already taken')
    result = store.apply(Put("sites", key, new_site(key, DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                         DORTMUND_EDITOR)
    assert result.status == "proposed"


def test_proposal_then_approval_publishes(store):
    key = a_site(store, DORTMUND)
    published, before = store.get("sites", key), store.data_version()
    proposed = changed(store, key, DORTMUND_EDITOR, reason="Umzug", name="Neue Schule", status="planned")
    assert proposed.status == "proposed" and proposed.proposal_id
    assert store.get("sites", key) == published          # the public sees nothing yet
    assert store.data_version() == before
    queue = store.proposals()
    assert [(p.id, p.author, p.after["name"]) for p in queue] == [(proposed.proposal_id, "dora", "Neue Schule")]
    with pytest.raises(Forbidden):                        # editors do not approve
        store.apply(Approve(proposed.proposal_id), DORTMUND_EDITOR)
    approved = store.apply(Approve(proposed.proposal_id, "geprüft"), CURATOR)
    assert approved.status == "published" and approved.data_version == before + 1
    assert store.get("sites", key).values["name"] == "Neue Schule"
    last = store.history("sites", key)[-1]
    assert (last.author, last.author_role, last.author_communes, last.reviewer) == ("dora", "editor", (DORTMUND,), "kurt")
    assert store.proposals() == [] and store.proposals("approved")[0].decided_by == "kurt"
    with pytest.raises(InvalidInput, match="already approved"):
        store.apply(Approve(proposed.proposal_id), CURATOR)


def test_proposed_new_site_and_deletion(store):
    created = store.apply(Put("sites", "do-neu", new_site("do-neu", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                          DORTMUND_EDITOR)
    with pytest.raises(NotFound):
        store.get("sites", "do-neu")
    store.apply(Approve(created.proposal_id), CURATOR)
    record = store.get("sites", "do-neu")
    gone = store.apply(Delete("sites", "do-neu", record.version, "geschlossen", SOURCE), DORTMUND_EDITOR)
    assert gone.status == "proposed" and store.get("sites", "do-neu") == record
    store.apply(Approve(gone.proposal_id), CURATOR)
    with pytest.raises(NotFound):
        store.get("sites", "do-neu")


def test_rejection_needs_a_reason_and_publishes_nothing(store):
    key = a_site(store, DORTMUND)
    published = store.get("sites", key)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Falsch")
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Reject(proposed.proposal_id, "  "), CURATOR)
    assert refused.value.fields == ["reason"]
    rejected = store.apply(Reject(proposed.proposal_id, "Quelle nennt die Schule nicht"), CURATOR)
    assert rejected.status == "rejected"
    kept = store.proposals("rejected")[0]
    assert (kept.decision_reason, kept.decided_by, kept.after["name"]) == ("Quelle nennt die Schule nicht", "kurt", "Falsch")
    assert store.get("sites", key) == published
    with pytest.raises(InvalidInput):
        store.apply(Approve(proposed.proposal_id), CURATOR)


def test_a_proposal_overtaken_by_another_change_is_stale_at_approval(store):
    key = a_site(store, DORTMUND)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Vorschlag")
    changed(store, key, name="Kurator war schneller")
    with pytest.raises(StaleVersion):
        store.apply(Approve(proposed.proposal_id), CURATOR)
    assert store.get("sites", key).values["name"] == "Kurator war schneller"
    assert store.proposals()[0].status == "proposed"   # still open: the curator rejects it with a reason



def test_an_editor_proposing_on_a_stale_version_is_told_at_once(store):
    key = a_site(store, DORTMUND)
    seen = store.get("sites", key)
    changed(store, key, name="Inzwischen geändert")
    with pytest.raises(StaleVersion):
        store.apply(Put("sites", key, {**seen.values, "name": "Vorschlag"}, seen.version, "x", SOURCE),
                    DORTMUND_EDITOR)
    assert store.proposals() == []


def test_approval_holds_the_proposer_to_its_account_as_it_is_now(store):
    key = a_site(store, DORTMUND)
    token = store.add_account("dora", "editor", [DORTMUND])
    dora = store.authenticate(token)
    kept = changed(store, key, dora, name="Vorschlag eins")
    store.revoke_account("dora")
    with pytest.raises(Forbidden, match="revoked"):
        store.apply(Approve(kept.proposal_id), CURATOR)
    assert store.get("sites", key).values["name"] != "Vorschlag eins"
    assert store.apply(Reject(kept.proposal_id, "Konto beendet"), CURATOR).status == "rejected"
