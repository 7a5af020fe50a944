"""A planner shares a layer with several colleagues at once: each of them sees it, nobody else."""
from __future__ import annotations

import pytest

from geo.errors import NotFound
from geo.layer_files import read_layer_file
from geo.layer_report import place_layer, report_of
from store import Principal
from store.layer_rows import new_layer

PLANNER = Principal("paula", "editor", frozenset({"05913000"}))
ANNA = Principal("anna", "editor", frozenset({"05911000"}))
BERT = Principal("bert", "curator", frozenset())
CARL = Principal("carl", "editor", frozenset({"05911000"}))
CSV = "Maßnahme;Breite;Länge\nSpielplatz;51,4818;7,2162\n"


@pytest.fixture(scope="module")
def upload(repo):
    raw = CSV.encode()
    layer_file = read_layer_file(raw, "spielplatz.csv", repo.gazetteer)
    parts = place_layer(layer_file, repo.region, repo.geocoder)
    return new_layer("Spielplätze", layer_file, parts, report_of(layer_file, parts), len(raw))


def test_a_layer_shared_with_two_colleagues_is_seen_by_both_and_by_nobody_else(store, upload):
    layer_id = store.add_layer(PLANNER, upload, 1_000_000)
    info = store.share_layer(PLANNER, layer_id, public=False, shared_with=["bert", "anna", "bert"])
    assert info.shared_with == ("anna", "bert") and not info.public
    for colleague in (ANNA, BERT):
        assert store.layer(colleague, layer_id).title == "Spielplätze"
        assert [i.id for i in store.layers(colleague)] == [layer_id]
    with pytest.raises(NotFound):
        store.layer(CARL, layer_id)
    assert store.layers(CARL) == []
