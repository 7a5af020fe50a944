"""Store contract, both backends: reviewing editors' proposals and reverting, as a curator meets them.

The service checks roles before it calls the store; the store checks them again (defence in depth),
so these cases go to the store directly, as a second server, the CLI or a future route would."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from geo.errors import InvalidInput, NotFound
from store import Approve, Delete, Put, Reject, Revert
from store.errors import Forbidden, StaleVersion, ValidationFailed
from store.schema import proposals, revisions
from tests.store.helpers import BOCHUM, CURATOR, DORTMUND, DORTMUND_EDITOR, SOURCE, a_site, changed, counts, new_site


def _decision(store, proposal_id: int):
    with store.engine.connect() as connection:
        return connection.execute(select(proposals).where(proposals.c.id == proposal_id)).one()


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back


def test_an_editor_can_neither_reject_nor_revert(store):
    """Reviewing is the curators' job, even for the editor's own proposal and own commune."""
    key = a_site(store, DORTMUND)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Eigener Vorschlag")
    record, before = store.get("sites", key), counts(store)
    with pytest.raises(Forbidden, match="only curators and admins"):
        store.apply(Reject(proposed.proposal_id, "zurückgezogen"), DORTMUND_EDITOR)
    with pytest.raises(Forbidden, match="only curators and admins"):
        store.apply(Revert("sites", key, store.history("sites", key)[0].id, record.version, "zurück", SOURCE),
                    DORTMUND_EDITOR)
    assert counts(store) == before
    assert store.proposals()[0].status == "proposed"


def test_a_rejection_records_who_decided_when_and_why_and_publishes_nothing(store):
    key = a_site(store, DORTMUND)
    proposed = changed(store, key, DORTMUND_EDITOR, reason="Umbenennung", name="Falscher Name")
    start = datetime.now(timezone.utc)
    rejected = store.apply(Reject(proposed.proposal_id, "Die Quelle nennt einen anderen Namen"), CURATOR)
    end = datetime.now(timezone.utc)
    assert (rejected.status, rejected.entity, rejected.key, rejected.proposal_id) == \
        ("rejected", "sites", key, proposed.proposal_id)
    assert (rejected.version, rejected.revision_id, rejected.data_version) == (None, None, None)
    decision = _decision(store, proposed.proposal_id)
    assert (decision.status, decision.decided_by, decision.decision_reason, decision.revision_id) == \
        ("rejected", "kurt", "Die Quelle nennt einen anderen Namen", None)
    assert start - timedelta(seconds=1) <= _utc(decision.decided_at) <= end + timedelta(seconds=1)
    assert decision.reason == "Umbenennung"   # the editor's own reason is kept beside the curator's


def test_a_decided_or_unknown_proposal_cannot_be_decided_again(store):
    key = a_site(store, DORTMUND)
    first = changed(store, key, DORTMUND_EDITOR, name="Erster Vorschlag")
    second = changed(store, key, DORTMUND_EDITOR, name="Zweiter Vorschlag")
    store.apply(Reject(first.proposal_id, "doppelt"), CURATOR)
    store.apply(Approve(second.proposal_id), CURATOR)
    before = counts(store)
    for command, state in ((Reject(first.proposal_id, "nochmal"), "rejected"), (Approve(first.proposal_id), "rejected"),
                           (Reject(second.proposal_id, "doch nicht"), "approved")):
        with pytest.raises(InvalidInput) as refused:
            store.apply(command, CURATOR)
        assert str(refused.value) == f"proposal {command.proposal_id} is already {state}"
    for command in (Reject(999_999, "gibt es nicht"), Approve(999_999)):
        with pytest.raises(NotFound) as missing:
            store.apply(command, CURATOR)
        assert str(missing.value) == "no proposal 999999"
    assert counts(store) == before
    assert _decision(store, first.proposal_id).decision_reason == "doppelt"


def test_an_approval_without_a_reason_publishes_with_the_editors_reason(store):
    """The history then shows why the editor changed it; a curator's own reason replaces it."""
    key = a_site(store, DORTMUND)
    quiet = changed(store, key, DORTMUND_EDITOR, reason="Träger gewechselt", name="Familienzentrum Ost")
    approved = store.apply(Approve(quiet.proposal_id), CURATOR)
    assert store.history("sites", key)[-1].reason == "Träger gewechselt"
    decision = _decision(store, quiet.proposal_id)
    assert (decision.status, decision.decided_by, decision.decision_reason, decision.revision_id) == \
        ("approved", "kurt", "", approved.revision_id)
    assert decision.decided_at is not None
    spoken = changed(store, key, DORTMUND_EDITOR, reason="Tippfehler", name="Familienzentrum Osten")
    store.apply(Approve(spoken.proposal_id, "mit dem Träger telefoniert"), CURATOR)
    assert store.history("sites", key)[-1].reason == "mit dem Träger telefoniert"
    assert _decision(store, spoken.proposal_id).decision_reason == "mit dem Träger telefoniert"


def test_an_approval_reason_is_checked_like_any_text(store):
    key = a_site(store, DORTMUND)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Vorschlag")
    before = counts(store)
    for reason in ("geprüft\x00", None):   # None: a JSON body's "reason": null
        with pytest.raises(ValidationFailed) as refused:
            store.apply(Approve(proposed.proposal_id, reason), CURATOR)
        [problem] = refused.value.problems
        assert (problem.entity, problem.key, problem.field) == ("sites", key, "reason")
    assert counts(store) == before
    assert store.proposals()[0].status == "proposed"


def test_a_proposed_deletion_keeps_the_version_the_editor_saw_and_is_approved_as_a_deletion(store):
    key = a_site(store, DORTMUND)
    seen = store.get("sites", key)
    proposed = store.apply(Delete("sites", key, seen.version, "Standort geschlossen", SOURCE), DORTMUND_EDITOR)
    [open_one] = store.proposals()
    assert (open_one.id, open_one.entity, open_one.key, open_one.action, open_one.base_version, open_one.after) == \
        (proposed.proposal_id, "sites", key, "delete", seen.version, None)
    assert (open_one.author, open_one.author_communes, open_one.reason, open_one.source) == \
        ("dora", (DORTMUND,), "Standort geschlossen", SOURCE)
    approved = store.apply(Approve(proposed.proposal_id, "bestätigt"), CURATOR)
    last = store.history("sites", key)[-1]
    assert (last.action, last.before, last.after, last.author, last.reviewer, last.reason, last.source) == \
        ("delete", seen.values, None, "dora", "kurt", "bestätigt", SOURCE)
    assert (approved.status, approved.version, approved.revision_id, approved.proposal_id) == \
        ("published", seen.version + 1, last.id, proposed.proposal_id)
    with store.engine.connect() as connection:   # the audit trail: revision and proposal name each other
        assert connection.execute(select(revisions.c.proposal_id).where(
            revisions.c.id == last.id)).scalar_one() == proposed.proposal_id
    assert _decision(store, proposed.proposal_id).revision_id == last.id
    with pytest.raises(NotFound):
        store.get("sites", key)


def test_a_revert_restores_exactly_the_chosen_revisions_cells_and_records_what_it_replaced(store):
    key = a_site(store, DORTMUND)
    changed(store, key, name="Zwischenstand", address="Hauptstraße 2")
    chosen = store.history("sites", key)[-1]
    latest = changed(store, key, name="Letzter Stand", status="phase-out", notes="vorläufig")
    current = store.get("sites", key)
    reverted = store.apply(Revert("sites", key, chosen.id, latest.version, "falsche Angaben", SOURCE), CURATOR)
    assert store.get("sites", key).values == chosen.after
    last = store.history("sites", key)[-1]
    assert (last.action, last.before, last.after, last.author, last.reviewer, last.reason, last.source) == \
        ("revert", current.values, chosen.after, "kurt", None, "falsche Angaben", SOURCE)
    assert (reverted.status, reverted.version, reverted.revision_id, reverted.data_version) == \
        ("published", latest.version + 1, last.id, latest.data_version + 1)


def test_a_revert_to_a_deletion_hides_the_row_again(store):
    """A deleted site was restored by mistake: reverting to the deletion's revision hides it again."""
    key = a_site(store, DORTMUND)
    seeded = store.history("sites", key)[0]
    gone = store.apply(Delete("sites", key, store.get("sites", key).version, "geschlossen", SOURCE), CURATOR)
    deletion = store.history("sites", key)[-1]
    back = store.apply(Revert("sites", key, seeded.id, gone.version, "doch offen", SOURCE), CURATOR)
    assert store.history("sites", key)[-1].before is None   # it was hidden: nothing was shown before
    store.apply(Revert("sites", key, deletion.id, back.version, "doch geschlossen", SOURCE), CURATOR)
    with pytest.raises(NotFound):
        store.get("sites", key)
    last = store.history("sites", key)[-1]
    assert (last.action, last.before, last.after) == ("revert", seeded.after, None)


def test_a_revert_needs_the_current_version_and_a_revision_of_that_row(store):
    key = a_site(store, DORTMUND)
    first = store.history("sites", key)[0]
    latest = changed(store, key, name="Neu")
    before = counts(store)
    with pytest.raises(StaleVersion) as stale:
        store.apply(Revert("sites", key, first.id, latest.version - 1, "zurück", SOURCE), CURATOR)
    assert str(stale.value) == (f"sites {key!r} is at version {latest.version}, not {latest.version - 1}; "
                                "reload it and apply the change again")
    for entity, target, revision in (("sites", "gibt-es-nicht", first.id), ("sites", key, 999_999),
                                     ("programmes", key, first.id)):
        with pytest.raises(NotFound) as missing:
            store.apply(Revert(entity, target, revision, latest.version, "zurück", SOURCE), CURATOR)
        assert str(missing.value) == f"{entity} {target!r} has no revision {revision}"
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Revert("sites", key, first.id, latest.version, " ", SOURCE), CURATOR)
    assert refused.value.fields == ["reason"]
    assert counts(store) == before


def test_every_refused_reason_or_source_names_the_row_it_is_about(store):
    """The API lists each problem with its collection and id, also for the texts of a review or revert."""
    key = a_site(store, DORTMUND)
    record = store.get("sites", key)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Vorschlag")
    first = store.history("sites", key)[0]
    before = counts(store)
    for command, field in ((Reject(proposed.proposal_id, " "), "reason"),
                           (Delete("sites", key, record.version, "geschlossen", " "), "source"),
                           (Delete("sites", key, record.version, "Grund\x00", SOURCE), "reason"),
                           (Revert("sites", key, first.id, record.version, "", SOURCE), "reason"),
                           (Revert("sites", key, first.id, record.version, "zurück", "\x1b"), "source")):
        with pytest.raises(ValidationFailed) as refused:
            store.apply(command, CURATOR)
        [problem] = refused.value.problems
        assert (problem.entity, problem.key, problem.field) == ("sites", key, field), command
    assert counts(store) == before


def test_an_editor_account_for_two_cities_has_its_proposal_approved(store):
    """An account is held to its communes as stored at approval: both of them count."""
    key = a_site(store, BOCHUM)
    erika = store.authenticate(store.add_account("erika", "editor", [DORTMUND, BOCHUM]))
    proposed = changed(store, key, erika, name="Stadtteilzentrum Süd")
    approved = store.apply(Approve(proposed.proposal_id, "geprüft"), CURATOR)
    assert approved.status == "published" and store.get("sites", key).values["name"] == "Stadtteilzentrum Süd"
    last = store.history("sites", key)[-1]
    assert (last.author, last.author_communes, last.reviewer) == ("erika", (BOCHUM, DORTMUND), "kurt")


def test_a_revision_of_a_site_is_never_applied_to_a_programme_of_the_same_id(store):
    """Ids are per collection: a site may be called like a programme, and reverting the programme to
    the site's revision is refused as a revision the programme does not have."""
    store.apply(Put("sites", "fgz", new_site("fgz", DORTMUND, ("51.5141", "7.4668")), None, "neu", SOURCE), CURATOR)
    site_revision = store.history("sites", "fgz")[-1]
    programme = store.get("programmes", "fgz")
    before = counts(store)
    with pytest.raises(NotFound, match=f"programmes 'fgz' has no revision {site_revision.id}"):
        store.apply(Revert("programmes", "fgz", site_revision.id, programme.version, "zurück", SOURCE), CURATOR)
    assert counts(store) == before and store.get("programmes", "fgz") == programme
