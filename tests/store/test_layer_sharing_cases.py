"""A planner shares a layer with several colleagues at once: each of them sees it, nobody else."""
from __future__ import annotations

import pytest

from geo.errors import NotFound
from store import Principal
from tests.store.helpers import layer_upload

PLANNER = Principal("paula", "editor", frozenset({"05913000"}))
ANNA = Principal("anna", "editor", frozenset({"05911000"}))
BERT = Principal("bert", "curator", frozenset())
CARL = Principal("carl", "editor", frozenset({"05911000"}))
CSV = "Maßnahme;Breite;Länge\nSpielplatz;51,4818;7,2162\n"


@pytest.fixture(scope="module")
def upload(repo):
    return layer_upload(repo, "Spielplätze", "spielplatz.csv", CSV)


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
