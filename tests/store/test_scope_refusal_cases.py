"""Who may change what, and what the refusal tells the person (store/scope.py). The edit pages and the
API show these texts; each names the rule that was broken, the communes concerned and the account's own."""
from __future__ import annotations

import pytest

from store import Approve, Delete, Principal, Put, Reject, Revert
from store.commands import PUBLIC
from store.errors import Forbidden
from store.schema import ENTITIES
from store.scope import row_codes
from tests.store.helpers import (
    BOCHUM, CURATOR, DORTMUND, DORTMUND_EDITOR, DORTMUND_POINT, SOURCE, a_site, changed, counts,
    new_site,
)

ESSEN = "05113000"
RUHR_EDITOR = Principal("ruth", "editor", frozenset({DORTMUND, ESSEN, BOCHUM}))
SQLITE_ONLY = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def _refusal(call) -> str:
    with pytest.raises(Forbidden) as refused:
        call()
    return str(refused.value)


@SQLITE_ONLY
def test_an_editor_is_told_that_programmes_and_the_five_locations_are_for_curators(store):
    programme = store.get("programmes", "fgz")
    assert _refusal(lambda: store.apply(Put("programmes", "fgz", {**programme.values, "colour": "#000000"},
                                            programme.version, "Farbe", SOURCE), DORTMUND_EDITOR)) == (
        "programmes are changed by curators only")
    location = store.records("five_locations")[0]
    assert _refusal(lambda: store.apply(Delete("five_locations", location.key, location.version, "weg", SOURCE),
                                        DORTMUND_EDITOR)) == "five_locations are changed by curators only"


@SQLITE_ONLY
def test_the_public_and_a_role_that_cannot_write_are_told_which_accounts_can(store):
    key = a_site(store, DORTMUND)
    assert _refusal(lambda: changed(store, key, PUBLIC, name="anonym")) == (
        "writing needs an editor, curator or admin account")
    programme = store.get("programmes", "fgz")
    assert _refusal(lambda: store.apply(Put("programmes", "fgz", {**programme.values, "colour": "#000000"},
                                            programme.version, "Farbe", SOURCE), PUBLIC)) == (
        "writing needs an editor, curator or admin account")


@SQLITE_ONLY
def test_an_editor_may_not_approve_reject_or_revert(store):
    key = a_site(store, DORTMUND)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Vorschlag")
    said = "only curators and admins review, approve, reject and revert"
    assert _refusal(lambda: store.apply(Approve(proposed.proposal_id), DORTMUND_EDITOR)) == said
    assert _refusal(lambda: store.apply(Reject(proposed.proposal_id, "nein"), DORTMUND_EDITOR)) == said
    record = store.get("sites", key)
    revision = store.history("sites", key)[0]
    assert _refusal(lambda: store.apply(Revert("sites", key, revision.id, record.version, "zurück", SOURCE),
                                        DORTMUND_EDITOR)) == said
    assert store.apply(Reject(proposed.proposal_id, "doppelt"), CURATOR).status == "rejected"


@SQLITE_ONLY
def test_a_refused_editor_is_told_the_outside_communes_and_its_own(store):
    key = a_site(store, BOCHUM)
    before = counts(store)
    assert _refusal(lambda: changed(store, key, DORTMUND_EDITOR, name="Übernommen")) == (
        f"sites row concerns {BOCHUM}; this account may change rows of {DORTMUND} only")
    two = Principal("dieter", "editor", frozenset({ESSEN, DORTMUND}))
    assert _refusal(lambda: changed(store, key, two, name="Übernommen")) == (
        f"sites row concerns {BOCHUM}; this account may change rows of {ESSEN}, {DORTMUND} only")
    assert counts(store) == before


@SQLITE_ONLY
def test_a_site_in_two_communes_needs_both_and_names_only_the_missing_one(store):
    key = a_site(store, DORTMUND)
    assert _refusal(lambda: changed(store, key, DORTMUND_EDITOR, communes=f"{DORTMUND};{ESSEN};{BOCHUM}")) == (
        f"sites row concerns {ESSEN}, {BOCHUM}; this account may change rows of {DORTMUND} only")
    proposed = changed(store, key, RUHR_EDITOR, communes=f"{DORTMUND};{ESSEN};{BOCHUM}")
    assert proposed.status == "proposed"


@SQLITE_ONLY
def test_an_editor_for_a_kreis_is_told_the_commune_its_new_point_lies_in(store):
    """Kreis Unna's account (05978) places a site in Lünen (05978024): the point's commune is named."""
    unna = Principal("unna", "editor", frozenset({"05978"}))
    site = new_site("un-neu", "05978", ("51.616389", "7.541333"))   # Zeche Victoria, Lünen (sites.csv iga-30)
    assert _refusal(lambda: store.apply(Put("sites", "un-neu", site, None, "neu", SOURCE), unna)) == (
        "sites row concerns 05978024; this account may change rows of 05978 only")
    lunen = Principal("luise", "editor", frozenset({"05978", "05978024"}))
    assert store.apply(Put("sites", "un-neu", site, None, "neu", SOURCE), lunen).status == "proposed"
    placed = store.apply(Put("sites", "echt", new_site("echt", DORTMUND, DORTMUND_POINT), None, "neu", SOURCE),
                         DORTMUND_EDITOR)
    assert placed.status == "proposed"


@SQLITE_ONLY
def test_a_ruhr_wide_figure_is_refused_naming_its_scope(store):
    wide = store.published_dataset().frames["funding.csv"]
    record = store.get("funding", wide[wide["scope"] == "ruhr"].iloc[0]["figure_id"])
    assert _refusal(lambda: store.apply(Put("funding", record.key, {**record.values, "title": "x"}, record.version,
                                            "Titel", SOURCE), DORTMUND_EDITOR)) == (
        f"funding row concerns Ruhr area (programme total); this account may change rows of {DORTMUND} only")


@SQLITE_ONLY
def test_a_project_about_no_commune_is_refused_as_region_wide(store):
    project = next(r for r in store.records("projects") if r.values["communes"] == "")
    assert _refusal(lambda: store.apply(Put("projects", project.key, {**project.values, "notes": "x"},
                                            project.version, "Notiz", SOURCE), DORTMUND_EDITOR)) == (
        f"projects row concerns no commune (region-wide); this account may change rows of {DORTMUND} only")


@SQLITE_ONLY
def test_an_nrw_wide_figure_hosted_in_a_commune_names_the_host_too(store):
    """F004 is NRW-wide and hosted by Hamm (05915000): the figure concerns Hamm as well as NRW."""
    figure = store.get("funding", "F004")
    assert (figure.values["scope"], figure.values["host"]) == ("nrw", "05915000")
    assert _refusal(lambda: store.apply(Put("funding", "F004", {**figure.values, "what_for": "x"}, figure.version,
                                            "Zweck", SOURCE), DORTMUND_EDITOR)) == (
        f"funding row concerns 05915000, North Rhine-Westphalia (programme total); this account may change rows of {DORTMUND} only")
    hamm = Principal("hanna", "editor", frozenset({"05915000"}))
    assert _refusal(lambda: store.apply(Put("funding", "F004", {**figure.values, "what_for": "x"}, figure.version,
                                            "Zweck", SOURCE), hamm)) == (
        "funding row concerns North Rhine-Westphalia (programme total); this account may change rows of 05915000 only")


def test_a_row_that_is_gone_concerns_no_commune():
    """A deletion proposal whose row was deleted meanwhile has no cells: the review lists show it under
    no commune (service/edit_data.py proposal_codes reads the row's communes with this)."""
    for entity in ENTITIES.values():
        assert row_codes(entity, {}) == [], entity.name
    assert row_codes(ENTITIES["funding"], {"scope": "05913000"}) == ["05913000"]  # a row without a host cell
