"""Planners' layers in the store, on both backends: stored whole, visible only to whom they are shared
with, deleted without a trace, bounded per account."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from geo.errors import NotFound
from store import Principal
from store.errors import Forbidden, TooLarge
from store.schema import layer_data, layer_features, layer_parts, layer_summaries, layers
from tests.store.helpers import layer_upload

PLANNER = Principal("paula", "editor", frozenset({"05913000"}))
OTHER = Principal("otto", "editor", frozenset({"05911000"}))
QUOTA = 1_000_000
CSV = "Maßnahme;Breite;Länge;Betrag\nSpielplatz;51,4818;7,2162;1.250,50\nRadweg;51,5141;7,4668;300\nParis;48,8566;2,3522;1\n"


@pytest.fixture(scope="module")
def upload(repo):
    return layer_upload(repo, "Spielplätze <b>2025</b>", "massnahmen.csv", CSV)


def _rows(store, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar()


def test_a_layer_is_stored_whole_and_read_back(store, upload):
    layer_id = store.add_layer(PLANNER, upload, QUOTA)
    info, features, parts = store.layer_content(PLANNER, layer_id)
    assert (info.title, info.kind, info.features, info.public) == ("Spielplätze <b>2025</b>", "point", 3, False)
    assert info.columns == [{"name": "Maßnahme", "type": "text"}, {"name": "Betrag", "type": "number"}]
    assert [f[0] for f in features] == [2, 3, 4]
    assert features[0][3] == {"Maßnahme": "Spielplatz", "Betrag": 1250.5}
    assert features[0][1]["type"] == "Point" and features[0][1]["coordinates"] == pytest.approx([7.2162, 51.4818])
    assert [(p[0], p[1]) for p in parts] == [(0, "05911000"), (1, "05913000")]
    assert info.report["outside_count"] == 1


def test_a_private_layer_is_hidden_like_a_missing_one_until_shared(store, upload):
    layer_id = store.add_layer(PLANNER, upload, QUOTA)
    with pytest.raises(NotFound) as hidden:
        store.layer(OTHER, layer_id)
    with pytest.raises(NotFound) as missing:
        store.layer(OTHER, layer_id + 1000)
    assert str(hidden.value).replace(str(layer_id), "N") == str(missing.value).replace(str(layer_id + 1000), "N")
    assert store.layers(OTHER) == []
    store.share_layer(PLANNER, layer_id, public=False, shared_with=["otto"])
    assert store.layer(OTHER, layer_id).shared_with == ("otto",)
    with pytest.raises(Forbidden):
        store.delete_layer(OTHER, layer_id)
    store.share_layer(PLANNER, layer_id, public=True, shared_with=[])
    assert [i.id for i in store.layers(Principal("public", "public"))] == [layer_id]


def test_deleting_removes_every_trace(store, upload):
    tables = (layers, layer_data, layer_features, layer_parts, layer_summaries)
    before = [_rows(store, table) for table in tables]
    layer_id = store.add_layer(PLANNER, upload, QUOTA)
    assert _rows(store, layer_data) == before[1] + 1 and _rows(store, layer_summaries) == before[4] + 1
    store.delete_layer(PLANNER, layer_id)
    assert [_rows(store, table) for table in tables] == before
    with pytest.raises(NotFound):
        store.layer(PLANNER, layer_id)


def test_an_account_over_its_storage_limit_stores_nothing(store, upload):
    store.add_layer(PLANNER, upload, QUOTA)
    tables = (layers, layer_data, layer_features, layer_summaries)
    before = [_rows(store, table) for table in tables]
    with pytest.raises(TooLarge, match="limit per account"):
        store.add_layer(PLANNER, upload, upload.size_bytes + 1)
    assert [_rows(store, table) for table in tables] == before
    store.add_layer(OTHER, upload, upload.size_bytes)  # the limit is per account


def test_postgis_holds_the_layer_geometries(store, upload):
    if store.backend != "postgresql":
        pytest.skip("PostGIS geometries exist on PostgreSQL only")
    layer_id = store.add_layer(PLANNER, upload, QUOTA)
    with store.engine.connect() as connection:
        srid, x = connection.exec_driver_sql(
            "SELECT ST_SRID(geom), ST_X(geom) FROM layer_features WHERE layer_id = %(id)s AND feature = 0",
            {"id": layer_id}).one()
    assert srid == 4326 and x == pytest.approx(7.2162)
