"""A planner's stored layer as an OGC collection (geo/user_layer.py), built the way the service builds it:
the file read and placed on the communes, kept as the store keeps it (geo/layer_table.py), then served.
Called directly, not through the API, so that no collection kept by the service hides a change."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.cql_filter import queryable_types
from geo.crs import UTM32N, lonlat_to_utm, utm_to_lonlat
from geo.layer_files import read_layer_file
from geo.layer_report import columns_of, place_layer
from geo.layer_table import part_rows, records, table_of
from geo.ruhr import ATTRIBUTION
from geo.user_layer import user_collection

BOCHUM, DORTMUND, ESSEN, HERNE = "05911000", "05913000", "05113000", "05916000"


def _served(repo, raw: bytes, filename: str, layer_id: int = 7, owner: str = "anna"):
    layer = read_layer_file(raw, filename, repo.gazetteer)
    table = table_of(layer, place_layer(layer, repo.region, repo.geocoder))
    return user_collection(layer_id, "Maßnahmen 2025", owner, layer.kind, columns_of(layer.values),
                           records(table), part_rows(table), repo.region)


def _csv(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8")


def test_a_point_layer_is_served_with_ids_in_upload_order_its_communes_and_its_own_columns(repo):
    served = _served(repo, _csv("Maßnahme;Breite;Länge;Kosten",
                                "Spielplatz Bochum;51,4818;7,2162;1200",
                                "Außenstelle Paris;48,8566;2,3522;300",
                                "Radstation Dortmund;51,5178;7,4593;"), "massnahmen.csv")
    assert served.id == "layer-7" and served.title == "Maßnahmen 2025"
    assert served.description == "A planner's own layer (points), uploaded by anna."
    assert served.attribution == f"anna; boundaries {ATTRIBUTION}"
    assert served.geometry_type == "Point" and served.queryables == ()
    frame = served.frame
    assert frame["fid"].tolist() == ["1", "2", "3"]
    # a row outside the Ruhr area is served, with no commune
    assert frame["communes"].tolist() == [BOCHUM, "", DORTMUND]
    assert frame["Maßnahme"].tolist() == ["Spielplatz Bochum", "Außenstelle Paris", "Radstation Dortmund"]
    assert served.properties == ["Maßnahme", "Kosten", "communes"]


def test_a_number_column_with_an_empty_cell_stays_a_number_column(repo):
    # the stored properties give the empty cell as None: the column must still filter and sort as numbers
    served = _served(repo, _csv("Maßnahme;Breite;Länge;Kosten",
                                "Spielplatz Bochum;51,4818;7,2162;1200",
                                "Radstation Dortmund;51,5178;7,4593;",
                                "Kita Essen;51,4556;7,0116;80,5"), "massnahmen.csv")
    costs = served.frame["Kosten"]
    assert costs.dtype == np.float64
    assert costs.iloc[0] == 1200 and np.isnan(costs.iloc[1]) and costs.iloc[2] == 80.5


def test_points_are_served_in_utm_at_their_uploaded_position(repo):
    served = _served(repo, _csv("Maßnahme;Breite;Länge", "Spielplatz Bochum;51,4818;7,2162"), "punkte.csv")
    assert served.frame.crs == UTM32N
    point = served.frame.geometry.iloc[0]
    lon, lat = utm_to_lonlat(np.array([point.x]), np.array([point.y]))
    assert lon[0] == pytest.approx(7.2162, abs=1e-7) and lat[0] == pytest.approx(51.4818, abs=1e-7)


def test_columns_named_like_the_collections_own_fields_are_kept_under_an_upload_name(repo):
    # a planner's file with its own fid, communes and geometry columns: ours keep their meaning
    served = _served(repo, _csv("fid;communes;geometry;Breite;Länge",
                                "A-17;Bochum-Mitte;Punkt;51,4818;7,2162",
                                "A-18;Dortmund;Punkt;51,5178;7,4593"), "eigene.csv")
    frame = served.frame
    assert frame["fid"].tolist() == ["1", "2"]
    assert frame["fid_upload"].tolist() == ["A-17", "A-18"]
    assert frame["communes_upload"].tolist() == ["Bochum-Mitte", "Dortmund"]
    assert frame["communes"].tolist() == [BOCHUM, DORTMUND]
    assert frame["geometry_upload"].tolist() == ["Punkt", "Punkt"]
    assert served.properties == ["fid_upload", "communes_upload", "geometry_upload", "communes"]


def _feature_collection(*features: tuple[dict, dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry}
        for properties, geometry in features]}).encode()


def test_a_line_across_communes_names_each_commune_once(repo):
    # from Bochum's centre through Herne into Dortmund's
    line = {"type": "LineString", "coordinates": [[7.2162, 51.4818], [7.2250, 51.5380], [7.4593, 51.5178]]}
    short = {"type": "LineString", "coordinates": [[7.2162, 51.4818], [7.2200, 51.4830]]}
    served = _served(repo, _feature_collection(({"name": "Radweg"}, line), ({"name": "Stich"}, short)), "wege.geojson")
    assert served.geometry_type == "LineString"
    assert served.description == "A planner's own layer (lines), uploaded by anna."
    communes = served.frame["communes"].tolist()
    assert communes[1] == BOCHUM
    assert communes[0].split(";") == sorted(set(communes[0].split(";")))
    assert {BOCHUM, HERNE, DORTMUND} <= set(communes[0].split(";"))
    # the served line is the uploaded one, in UTM
    expected = shapely.transform(shapely.geometry.shape(line), lambda xy: np.column_stack(
        lonlat_to_utm(xy[:, 0], xy[:, 1])))
    assert served.frame.geometry.iloc[0].equals_exact(expected, 0.01)


def test_a_commune_table_is_drawn_with_each_communes_outline(repo):
    served = _served(repo, _csv("AGS;Kitaplätze", f"{ESSEN};1200", f"{BOCHUM};800"), "kitas.csv", owner="bea")
    assert served.geometry_type == "Polygon"
    assert served.description == "A planner's own layer (communes), uploaded by bea."
    outlines = repo.region.communes.set_index("ags").geometry
    assert served.frame.crs == UTM32N
    assert served.frame.geometry.iloc[0].equals(outlines[ESSEN])
    assert served.frame.geometry.iloc[1].equals(outlines[BOCHUM])
    assert served.frame["communes"].tolist() == [ESSEN, BOCHUM]
    assert served.frame["Kitaplätze"].tolist() == [1200, 800]


def test_a_number_column_left_empty_in_every_feature_is_still_a_number_to_filter_on(repo, tmp_path):
    # a GeoPackage's REAL field not yet filled in: the stored properties give None for each feature
    path = tmp_path / "massnahmen.gpkg"
    gpd.GeoDataFrame({"Maßnahme": ["Spielplatz", "Radstation"], "Kosten": np.array([np.nan, np.nan])},
                     geometry=[shapely.Point(7.2162, 51.4818), shapely.Point(7.4593, 51.5178)],
                     crs="EPSG:4326").to_file(path, driver="GPKG")
    served = _served(repo, path.read_bytes(), "massnahmen.gpkg")
    assert queryable_types(served.frame, served.properties) == {"Maßnahme": "string", "Kosten": "number",
                                                                "communes": "string"}
    assert served.frame["Kosten"].isna().all()


def test_an_upload_with_both_fid_and_fid_upload_columns_keeps_both(repo):
    served = _served(repo, _csv("fid;fid_upload;Breite;Länge", "A-17;alt-3;51,4818;7,2162"), "eigene.csv")
    frame = served.frame
    assert served.properties == ["fid_upload_2", "fid_upload", "communes"]
    assert frame["fid_upload_2"].tolist() == ["A-17"] and frame["fid_upload"].tolist() == ["alt-3"]
    assert frame["fid"].tolist() == ["1"]


def test_a_layer_downloaded_and_uploaded_again_twice_keeps_every_earlier_id_column(repo):
    # each export carries our fid beside the planner's: the third upload has fid, fid_upload and fid_upload_2
    served = _served(repo, _csv("fid;fid_upload;fid_upload_2;Breite;Länge", "1;A-17;1;51,4818;7,2162"), "runde3.csv")
    assert served.properties == ["fid_upload_3", "fid_upload", "fid_upload_2", "communes"]
    assert served.frame.loc[0, ["fid_upload_3", "fid_upload", "fid_upload_2", "fid"]].tolist() == [1, "A-17", 1, "1"]
