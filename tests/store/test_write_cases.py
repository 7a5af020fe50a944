"""Store contract, both backends: the typed writes as curators and editors meet them: what a refusal
says and names, what a curator's own write records, projects without a number, reverts of figures."""
from __future__ import annotations

import pytest

from geo.errors import InvalidInput, NotFound
from store import Approve, Delete, Principal, Put, Revert
from store.errors import Forbidden, StaleVersion, ValidationFailed
from tests.store.helpers import (
    CURATOR, DORTMUND, DORTMUND_EDITOR, DORTMUND_POINT, SOURCE, a_site, changed, counts, delete, new_site,
)

RELOAD = "reload it and apply the change again"


def _problem(refused) -> tuple:
    [problem] = refused.value.problems
    return problem.entity, problem.key, problem.field, problem.message


def test_saving_or_deleting_an_old_version_names_the_row_and_both_versions(store):
    """The editor is told which version is current, which one they had, and to reload (the 412's detail)."""
    key = a_site(store, DORTMUND)
    seen = store.get("sites", key)
    now = changed(store, key, name="Inzwischen geändert")
    before = counts(store)
    expected = f"sites {key!r} is at version {now.version}, not {seen.version}; {RELOAD}"
    with pytest.raises(StaleVersion) as saved:
        store.apply(Put("sites", key, {**seen.values, "name": "Alter Stand"}, seen.version, "x", SOURCE), CURATOR)
    assert str(saved.value) == expected
    with pytest.raises(StaleVersion) as deleted:
        store.apply(Delete("sites", key, seen.version, "geschlossen", SOURCE), CURATOR)
    assert str(deleted.value) == expected
    assert counts(store) == before


def test_every_refused_text_or_cell_names_the_row_and_the_field(store):
    """The API lists each problem with collection, id and field; a page marks the field by them."""
    key = a_site(store, DORTMUND)
    record = store.get("sites", key)
    before = counts(store)
    for values, reason, source, field in (({**record.values, "colour": "rot"}, "x", SOURCE, "colour"),
                                          (record.values, "x", "", "source"),
                                          (record.values, "Grund\x07", SOURCE, "reason")):
        with pytest.raises(ValidationFailed) as refused:
            store.apply(Put("sites", key, values, record.version, reason, source), CURATOR)
        assert _problem(refused)[:3] == ("sites", key, field)
        if field == "source":
            assert _problem(refused)[3] == "source is empty (every change needs one)"
    with pytest.raises(ValidationFailed) as taken:
        store.apply(Put("sites", key, new_site(key, DORTMUND, DORTMUND_POINT), None, "neu", SOURCE), CURATOR)
    assert _problem(taken) == ("sites", key, "id", f"id {key!r} is already taken")
    with pytest.raises(ValidationFailed) as renamed:
        store.apply(Put("sites", key, {**record.values, "id": "anders"}, record.version, "x", SOURCE), CURATOR)
    assert _problem(renamed) == ("sites", key, "id", "id 'anders' differs from the row's id; ids never change")
    assert counts(store) == before


def test_changing_a_deleted_site_answers_like_a_missing_one(store):
    key = a_site(store, DORTMUND)
    record = store.get("sites", key)
    gone = delete(store, key)
    with pytest.raises(NotFound) as missing:
        store.apply(Put("sites", key, record.values, gone.version, "doch nicht", SOURCE), CURATOR)
    assert str(missing.value) == f"sites: no published row with id {key!r}"


def test_a_curators_own_writes_have_no_reviewer_and_no_proposal(store):
    """Only an approved proposal names a reviewer; a curator's own change and deletion are their own.
    The history says what each write did: created, updated, deleted, created again."""
    key = a_site(store, DORTMUND)
    values = store.get("sites", key).values
    updated = changed(store, key, name="Direkt geändert")
    deleted = delete(store, key)
    again = store.apply(Put("sites", key, values, None, "wieder eröffnet", SOURCE), CURATOR)
    update, deletion, creation = store.history("sites", key)[-3:]
    assert [(r.action, r.author, r.reviewer) for r in (update, deletion, creation)] == \
        [("update", "kurt", None), ("delete", "kurt", None), ("create", "kurt", None)]
    assert [(r.status, r.entity, r.key, r.proposal_id) for r in (updated, deleted, again)] == \
        [("published", "sites", key, None)] * 3
    store.apply(Put("sites", "do-neu", new_site("do-neu", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE), CURATOR)
    assert [r.action for r in store.history("sites", "do-neu")] == ["create"]


def test_an_open_proposal_says_whether_it_changes_or_deletes(store):
    """The review queue (GET /changes) shows each proposal's action."""
    key, other = [r.key for r in store.records("sites") if r.values["communes"] == DORTMUND
                  and r.values["precision"] != "commune"][:2]
    results = [changed(store, key, DORTMUND_EDITOR, name="Neuer Name"), delete(store, other, DORTMUND_EDITOR),
               store.apply(Put("sites", "do-neu", new_site("do-neu", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                           DORTMUND_EDITOR)]
    # the 202 answer names the row each proposal is about (its "id")
    assert [(r.status, r.entity, r.key) for r in results] == \
        [("proposed", "sites", key), ("proposed", "sites", other), ("proposed", "sites", "do-neu")]
    assert [(p.key, p.action, p.base_version) for p in store.proposals()] == \
        [(key, "put", 1), (other, "delete", 1), ("do-neu", "put", None)]


def test_an_editor_for_a_whole_kreis_is_held_to_the_commune_its_point_lies_in(store):
    """A municipality's identity provider may name a Kreis (Kreis Unna, 05978) for its staff. A site
    declared for the Kreis but placed in Lünen (05978024) concerns Lünen too, which the account does not hold."""
    unna = Principal("unna", "editor", frozenset({"05978"}))
    site = new_site("un-neu", "05978", ("51.616389", "7.541333"))   # Zeche Victoria, Lünen (sites.csv iga-30)
    before = counts(store)
    with pytest.raises(Forbidden, match="05978024"):
        store.apply(Put("sites", "un-neu", site, None, "neu", SOURCE), unna)
    assert counts(store) == before
    curated = store.apply(Put("sites", "un-neu", site, None, "neu", SOURCE), CURATOR)
    assert curated.status == "published"   # the row itself is valid: only the editor's scope refused it


def test_a_proposed_new_site_whose_id_was_taken_meanwhile_is_stale_at_approval(store):
    """An editor proposes a new site; before review a curator creates one under the same id."""
    proposed = store.apply(Put("sites", "do-neu", new_site("do-neu", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                           DORTMUND_EDITOR)
    store.apply(Put("sites", "do-neu", new_site("do-neu", DORTMUND, DORTMUND_POINT, name="Schneller"), None, "neu",
                    SOURCE), CURATOR)
    before = counts(store)
    with pytest.raises(StaleVersion) as stale:
        store.apply(Approve(proposed.proposal_id), CURATOR)
    assert str(stale.value) == "sites 'do-neu' was created by someone else since the proposal"
    assert counts(store) == before and store.get("sites", "do-neu").values["name"] == "Schneller"


def _dortmund_project_without_number(store):
    """A project the report names without a project number: the store keys it 'row-…'."""
    return next(r for r in store.records("projects") if r.key.startswith("row-") and r.values["communes"] == DORTMUND)


def test_an_editors_proposal_for_a_project_without_number_is_approved_onto_that_project(store):
    project = _dortmund_project_without_number(store)
    keys = [r.key for r in store.records("projects")]
    assert project.values["project_id"] == ""
    titled = {**project.values, "title": "Weniger CO2 in der Dortmunder Innenstadt"}
    proposed = store.apply(Put("projects", project.key, titled, project.version, "Titel", SOURCE), DORTMUND_EDITOR)
    approved = store.apply(Approve(proposed.proposal_id), CURATOR)
    assert approved.key == project.key and approved.version == project.version + 1
    assert store.get("projects", project.key).values == titled   # still without a number
    assert [r.key for r in store.records("projects")] == keys   # no second project


def test_a_project_without_number_keeps_its_key_and_a_new_one_gets_a_fresh_key(store):
    project = _dortmund_project_without_number(store)
    keys = {r.key for r in store.records("projects")}
    result = store.apply(Put("projects", project.key, {**project.values, "notes": "geprüft"}, project.version, "x",
                             SOURCE), CURATOR)
    assert result.key == project.key and store.get("projects", project.key).values["project_id"] == ""
    fresh = store.apply(Put("projects", "", {**project.values, "title": "Neues Projekt"}, None, "neu", SOURCE), CURATOR)
    assert fresh.key.startswith("row-") and fresh.key not in keys
    assert store.get("projects", fresh.key).values["project_id"] == ""
    assert len(store.records("projects")) == len(keys) + 1


def test_a_project_number_is_given_when_a_project_without_one_is_saved_under_a_number(store):
    """A row saved under an id whose id cell is empty takes that id (ids are never left out by accident)."""
    project = _dortmund_project_without_number(store)
    result = store.apply(Put("projects", "99-01", {**project.values, "title": "Nummeriert"}, None, "neu", SOURCE),
                         CURATOR)
    assert result.key == "99-01" and store.get("projects", "99-01").values["project_id"] == "99-01"
    site = new_site("", DORTMUND, DORTMUND_POINT)
    created = store.apply(Put("sites", "do-ohne-id", site, None, "neu", SOURCE), CURATOR)
    assert created.key == "do-ohne-id" and store.get("sites", "do-ohne-id").values["id"] == "do-ohne-id"


def test_a_project_number_never_looks_like_a_store_key(store):
    project = _dortmund_project_without_number(store)
    before = counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Put("projects", "", {**project.values, "project_id": "row-7"}, None, "neu", SOURCE), CURATOR)
    assert _problem(refused) == ("projects", "row-7", "project_id", "project_id must not start with 'row-'")
    assert counts(store) == before


def test_a_curator_reverts_a_funding_figure(store):
    """A figure is checked with every other figure (unique ids, part_of): its revert is checked the same way."""
    figure = store.get("funding", "F003")
    changed_figure = store.apply(Put("funding", "F003", {**figure.values, "amount_eur": "5000000"}, figure.version,
                                     "Tippfehler", SOURCE), CURATOR)
    seed = store.history("funding", "F003")[0]
    store.apply(Revert("funding", "F003", seed.id, changed_figure.version, "doch richtig", SOURCE), CURATOR)
    assert store.get("funding", "F003").values == figure.values


def test_a_revert_to_a_state_that_names_a_deleted_figure_is_refused(store):
    """F003 is part of F002. A curator detaches it, deletes F002, then tries to revert F003 to its
    first state: it would name a figure that no longer exists."""
    part = store.get("funding", "F003")
    detached = store.apply(Put("funding", "F003", {**part.values, "part_of": ""}, part.version, "eigenständig",
                               SOURCE), CURATOR)
    whole = store.get("funding", "F002")
    store.apply(Delete("funding", "F002", whole.version, "entfällt", SOURCE), CURATOR)
    before = counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.apply(Revert("funding", "F003", store.history("funding", "F003")[0].id, detached.version, "zurück",
                           SOURCE), CURATOR)
    assert "part_of" in refused.value.fields
    assert counts(store) == before and store.get("funding", "F003").values["part_of"] == ""


def test_an_unknown_collection_or_command_is_refused_with_what_is_known(store):
    """What the CLI or a route sends is named back: the collections the store holds, the command's type."""
    before = counts(store)
    for call in (lambda: store.get("schulen", "x"),
                 lambda: store.apply(Put("schulen", "x", {}, None, "neu", SOURCE), CURATOR)):
        with pytest.raises(InvalidInput) as unknown:
            call()
        assert str(unknown.value) == \
            "unknown collection 'schulen'; known: programmes, sites, five_locations, projects, funding"
    with pytest.raises(InvalidInput) as unknown:
        store.apply("sites fgz-1 löschen", CURATOR)
    assert str(unknown.value) == "unknown command str"
    assert counts(store) == before
