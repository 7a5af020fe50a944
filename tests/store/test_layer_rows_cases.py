"""Planners' layers in the store, case by case: what a layer's entry tells (owner, time, size, rows), the
storage limit counted per account to the byte, an admin and a colleague it is shared with, and layers
stored by a release before the compact table (one row per feature and part), read back as they were."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timezone

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import delete, func, insert, select

from geo.errors import NotFound
from geo.layer_files import read_layer_file
from geo.layer_report import place_layer
from geo.layer_summary import summarise_table, summary_of
from store import Principal
from store.errors import Forbidden, TooLarge
from store.layer_rows import LayerEncoding
from store.schema import layer_data, layer_features, layer_parts, layer_summaries
from tests.store.helpers import layer_upload

PAULA = Principal("paula", "editor", frozenset({"05913000"}))
OTTO = Principal("otto", "editor", frozenset({"05911000"}))
ADA = Principal("ada", "admin")
QUOTA = 10_000_000
POINTS = "Maßnahme;Breite;Länge;Betrag\nSpielplatz;51,4818;7,2162;1.250,50\nRadweg;51,5141;7,4668;\n" \
         "Kita;51,4556;7,0116;300\n"
COMMUNES = "ags;Kitaplätze;Träger\n05913000;120;Stadt\n05911000;;\n05113000;80,5;Kirche\n"


def _geojson(kind: str) -> str:
    """Test shapes, not data: one across the Bochum/Dortmund border, one in Essen, one with a hole."""
    rings = [[(7.30, 51.49), (7.36, 51.49), (7.36, 51.52), (7.30, 51.52), (7.30, 51.49)],
             [(7.00, 51.44), (7.02, 51.44), (7.02, 51.46), (7.00, 51.46), (7.00, 51.44)]]
    hole = [(7.005, 51.445), (7.01, 51.445), (7.01, 51.45), (7.005, 51.445)]
    geometries = [{"type": "Polygon", "coordinates": [rings[0]]}, {"type": "Polygon", "coordinates": [rings[1], hole]}] \
        if kind == "Polygon" else [{"type": "LineString", "coordinates": ring[:3]} for ring in rings]
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"gebiet": name, "euro": euro}, "geometry": geometry}
        for geometry, name, euro in zip(geometries, ["Grenzgebiet", "Essen-Süd"], [1000.5, None])]})


UPLOADS = {"points": ("massnahmen.csv", POINTS), "communes": ("kitas.csv", COMMUNES),
           "bare points": ("orte.csv", "lat,lon\n51.4818,7.2162\n51.5141,7.4668\n"),  # no column but the position
           "polygons": ("gebiete.geojson", _geojson("Polygon")), "lines": ("wege.geojson", _geojson("LineString"))}


def _as_an_older_release_stored_it(store, layer_id: int, features: list, parts: list) -> None:
    """The layer as releases before the compact table stored it: one row per feature and per part (in no
    particular order), no compact table and no sums."""
    with store.engine.begin() as connection:
        for table in (layer_data, layer_summaries, layer_features, layer_parts):
            connection.execute(delete(table).where(table.c.layer_id == layer_id))
        connection.execute(insert(layer_features), [
            {"layer_id": layer_id, "feature": n, "line": line, "ags": ags,
             "geometry": json.dumps(geometry) if geometry else None, "properties": json.dumps(properties)}
            for n, (line, geometry, ags, properties) in reversed(list(enumerate(features)))])
        connection.execute(insert(layer_parts), [
            {"layer_id": layer_id, "feature": feature, "ags": ags, "measure": measure, "feature_share": share,
             "commune_share": commune_share} for feature, ags, measure, share, commune_share in reversed(parts)])


@pytest.mark.parametrize("kind", UPLOADS)
def test_a_layer_stored_by_an_older_release_is_read_and_summed_as_it_was(store, repo, kind):
    filename, text = UPLOADS[kind]
    layer_id = store.add_layer(PAULA, layer_upload(repo, "Ebene", filename, text), QUOTA)
    info, features, parts = store.layer_content(PAULA, layer_id)
    _, table = store.layer_table(PAULA, layer_id)
    _, sums = store.layer_sums(PAULA, layer_id)
    assert sums is not None and len(features) == info.features >= 2 and parts
    _as_an_older_release_stored_it(store, layer_id, features, parts)
    assert store.layer_sums(PAULA, layer_id) == (info, None)
    assert store.layer_content(PAULA, layer_id) == (info, features, parts)
    _, older = store.layer_table(PAULA, layer_id)
    assert (older.kind, older.lines.tolist()) == (table.kind, table.lines.tolist())
    assert older.values.dtypes.tolist() == table.values.dtypes.tolist()
    pd.testing.assert_frame_equal(summarise_table(repo.region, info.columns, older).rows,
                                  summary_of(repo.region, sums).rows, rtol=1e-9)
    store.delete_layer(PAULA, layer_id)
    with store.engine.connect() as connection:
        assert [connection.execute(select(func.count()).select_from(t).where(t.c.layer_id == layer_id)).scalar()
                for t in (layer_features, layer_parts)] == [0, 0]


def test_a_layers_entry_tells_its_owner_time_size_and_rows(store, repo):
    upload = layer_upload(repo, "Spielplätze", *UPLOADS["points"])
    before = datetime.now(timezone.utc)
    layer_id = store.add_layer(PAULA, upload, QUOTA)
    info = store.layer(PAULA, layer_id)
    created = info.created_at if info.created_at.tzinfo else info.created_at.replace(tzinfo=timezone.utc)
    assert before.replace(microsecond=0) <= created <= datetime.now(timezone.utc)
    assert (info.id, info.owner, info.title, info.kind, info.public, info.shared_with) == \
        (layer_id, "paula", "Spielplätze", "point", False, ())
    assert (info.features, info.size_bytes) == (3, upload.size_bytes) and upload.size_bytes == len(POINTS.encode())
    assert info.columns == [{"name": "Maßnahme", "type": "text"}, {"name": "Betrag", "type": "number"}]
    assert info.report == upload.report and info.report["features"] == 3
    assert store.layers(PAULA) == [info]


def test_the_storage_limit_counts_the_accounts_own_layers_to_the_byte(store, repo):
    upload = layer_upload(repo, "Spielplätze", *UPLOADS["points"])
    size = upload.size_bytes
    store.add_layer(OTTO, upload, QUOTA)  # another account's layer does not count
    store.add_layer(PAULA, upload, 2 * size)
    store.add_layer(PAULA, upload, 2 * size)  # exactly the limit
    with pytest.raises(TooLarge) as refused:
        store.add_layer(PAULA, upload, 3 * size - 1)
    assert str(refused.value) == (f"the layers of paula would take {3 * size:,} bytes; the limit per account is "
                                  f"{3 * size - 1:,} (delete a layer first)")
    assert len(store.layers(PAULA)) == 2


def test_layers_are_listed_in_the_order_they_were_uploaded_after_sharing(store, repo):
    upload = layer_upload(repo, "Spielplätze", *UPLOADS["points"])
    first, second, third = (store.add_layer(PAULA, upload, QUOTA) for _ in range(3))
    store.share_layer(PAULA, first, public=False, shared_with=["otto"])  # an update may move its row
    store.share_layer(PAULA, second, public=True, shared_with=[])
    assert [i.id for i in store.layers(PAULA)] == [first, second, third]
    assert [i.id for i in store.layers(OTTO)] == [first, second]


def test_an_admin_may_share_and_delete_any_layer_a_colleague_it_is_shared_with_may_not(store, repo):
    layer_id = store.add_layer(PAULA, layer_upload(repo, "Spielplätze", *UPLOADS["points"]), QUOTA)
    store.share_layer(PAULA, layer_id, public=False, shared_with=["otto", "ada"])
    for change in (lambda: store.share_layer(OTTO, layer_id, public=True, shared_with=["otto"]),
                   lambda: store.delete_layer(OTTO, layer_id)):
        with pytest.raises(Forbidden, match=f"^layer {layer_id} belongs to another account; only its owner"):
            change()
    assert store.share_layer(ADA, layer_id, public=False, shared_with=["ada"]).shared_with == ("ada",)
    with pytest.raises(NotFound, match=f"^no layer {layer_id}$"):
        store.layer(OTTO, layer_id)  # no longer shared with otto
    store.delete_layer(ADA, layer_id)
    with pytest.raises(NotFound):
        store.layer(PAULA, layer_id)


def test_a_layer_uploaded_after_an_older_releases_layer_keeps_its_own_table_and_sums(store, repo):
    older = store.add_layer(PAULA, layer_upload(repo, "Kitas", *UPLOADS["communes"]), QUOTA)
    _, features, parts = store.layer_content(PAULA, older)
    _as_an_older_release_stored_it(store, older, features, parts)
    newer = store.add_layer(PAULA, layer_upload(repo, "Spielplätze", *UPLOADS["points"]), QUOTA)
    info, sums = store.layer_sums(PAULA, newer)
    assert sums is not None and sums.kind == "point"
    assert [f[0] for f in store.layer_content(PAULA, newer)[1]] == [2, 3, 4]
    assert store.layer_content(PAULA, older)[1:] == (features, parts)
    assert store.layer_sums(PAULA, older)[1] is None


def test_qgis_reading_the_database_sees_every_feature_of_a_layer(store, repo):
    """On PostgreSQL each feature is also a row of layer_features with its PostGIS geometry."""
    if store.backend != "postgresql":
        pytest.skip("PostGIS rows exist on PostgreSQL only")
    for kind in UPLOADS:
        layer_id = store.add_layer(PAULA, layer_upload(repo, "Ebene", *UPLOADS[kind]), QUOTA)
        _, features, _ = store.layer_content(PAULA, layer_id)
        with store.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT feature, line, ags, geometry, properties, ST_SRID(geom), ST_AsGeoJSON(geom, 6) "
                "FROM layer_features WHERE layer_id = %(id)s ORDER BY feature", {"id": layer_id}).all()
        assert [(r[0], r[1], r[2]) for r in rows] == [(n, f[0], f[2]) for n, f in enumerate(features)]
        assert [json.loads(r[3]) if r[3] else None for r in rows] == [f[1] for f in features]
        assert [r[4] for r in rows] == [json.dumps(f[3], ensure_ascii=False) for f in features]
        assert [r[5] for r in rows] == [4326 if f[1] else None for f in features]
        assert [json.loads(r[6])["type"] if r[6] else None for r in rows] == \
            [f[1]["type"] if f[1] else None for f in features]


def test_a_geopackage_with_a_date_column_is_stored_with_its_dates(store, repo, tmp_path):
    """A date column comes out of a GeoPackage as timestamps; on PostgreSQL they are also written, as text,
    into the feature rows QGIS reads."""
    path = tmp_path / "kitas.gpkg"
    gpd.GeoDataFrame({"name": ["Kita Sonnenschein"], "eroeffnet": pd.to_datetime(["2024-06-01"])},
                     geometry=[shapely.Point(7.2162, 51.4818)], crs=4326).to_file(path, driver="GPKG")
    raw = path.read_bytes()
    layer_file = read_layer_file(raw, path.name, repo.gazetteer)
    with LayerEncoding(layer_file) as encoding:
        upload = encoding.new_layer("Kitas", place_layer(layer_file, repo.region, repo.geocoder), len(raw),
                                    repo.region)[0]
    layer_id = store.add_layer(PAULA, upload, QUOTA)
    properties = store.layer_content(PAULA, layer_id)[1][0][3]
    assert properties["name"] == "Kita Sonnenschein" and str(properties["eroeffnet"]).startswith("2024-06-01")
    if store.backend == "postgresql":
        with store.engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT properties FROM layer_features WHERE layer_id = %(id)s",
                                                {"id": layer_id}).scalar_one()
        assert json.loads(stored) == {"name": "Kita Sonnenschein", "eroeffnet": "2024-06-01 00:00:00"}


def test_deleting_a_layer_leaves_every_other_layer_whole(store, repo):
    kept = [store.add_layer(owner, layer_upload(repo, "Ebene", *UPLOADS[kind]), QUOTA)
            for owner, kind in ((PAULA, "points"), (OTTO, "polygons"), (PAULA, "communes"))]
    older = store.add_layer(PAULA, layer_upload(repo, "Alt", *UPLOADS["lines"]), QUOTA)
    _as_an_older_release_stored_it(store, older, *store.layer_content(PAULA, older)[1:])
    gone = store.add_layer(PAULA, layer_upload(repo, "Weg", *UPLOADS["points"]), QUOTA)
    owners = {kept[0]: PAULA, kept[1]: OTTO, kept[2]: PAULA, older: PAULA}
    before = {n: (store.layer_content(owners[n], n), store.layer_sums(owners[n], n)) for n in owners}
    store.delete_layer(PAULA, gone)
    assert {n: (store.layer_content(owners[n], n), store.layer_sums(owners[n], n)) for n in owners} == before


def test_an_upload_is_encoded_on_its_own_named_thread_that_ends_with_it(repo):
    """A thread dump of a busy server shows the upload's encoding as layer-encode (how
    tests/store/test_layer_encoding.py also finds a thread left behind)."""
    layer_file = read_layer_file(POINTS.encode(), "massnahmen.csv", repo.gazetteer)
    with LayerEncoding(layer_file) as encoding:
        names = [t.name for t in threading.enumerate() if t.name.startswith("layer-encode_")]
        encoding.new_layer("Ebene", place_layer(layer_file, repo.region, repo.geocoder), 1, repo.region)
    assert names == ["layer-encode_0"]
    assert not [t for t in threading.enumerate() if t.name.startswith("layer-encode")]
