"""The grid of a stored layer (geo/layer_grid.grid_of_table and anchors) for each kind of layer, built from
the table the store keeps (geo/layer_table.py), and a commune row's outline as the map draws it. Called
directly: the service keeps a layer's grid, so its routes would not show a change here."""
from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from geo.crs import utm_to_lonlat
from geo.layer_files import read_layer_file
from geo.layer_grid import anchors, grid_of_table, outline_geojson, select
from geo.layer_report import columns_of, place_layer
from geo.layer_table import table_of

BOCHUM, DORTMUND, ESSEN = "05911000", "05913000", "05113000"
RUHR = (6.3, 51.1, 8.0, 51.9)


def _table(repo, raw: bytes, filename: str):
    layer = read_layer_file(raw, filename, repo.gazetteer)
    return columns_of(layer.values), table_of(layer, place_layer(layer, repo.region, repo.geocoder))


def _csv(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _geojson(*features: tuple[dict, dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry}
        for properties, geometry in features]}).encode()


def test_a_points_anchor_is_the_point_and_only_number_columns_are_summed(repo):
    columns, table = _table(repo, _csv("Maßnahme;Breite;Länge;Kosten;geprüft",
                                       "Spielplatz;51,4818;7,2162;1200;ja",
                                       "Radstation;51,5178;7,4593;;nein",
                                       "Kita;51,4556;7,0116;80,5;ja"), "massnahmen.csv")
    lon, lat = anchors(table, repo.region)
    assert lon.tolist() == [7.2162, 7.4593, 7.0116] and lat.tolist() == [51.4818, 51.5178, 51.4556]
    grid = grid_of_table(repo.region, columns, table)
    assert list(grid.sums) == ["Kosten"]  # not the text, not the yes/no column
    # sorted by longitude: Essen's Kita, Bochum's Spielplatz, Dortmund's Radstation (an empty cell adds 0)
    assert grid.feature.tolist() == [2, 0, 1] and grid.sums["Kosten"].tolist() == [80.5, 1200.0, 0.0]
    assert grid.lon.tolist() == [7.0116, 7.2162, 7.4593]


def test_a_commune_rows_anchor_is_its_communes_representative_point(repo):
    columns, table = _table(repo, _csv("AGS;Kitaplätze", f"{DORTMUND};900", f"{ESSEN};1200", f"{DORTMUND};15"),
                            "kitas.csv")
    lon, lat = anchors(table, repo.region)
    communes = repo.region.communes.set_index("ags").geometry
    for n, ags in enumerate([DORTMUND, ESSEN, DORTMUND]):
        point = communes[ags].representative_point()
        x, y = utm_to_lonlat(np.array([point.x]), np.array([point.y]))
        assert (lon[n], lat[n]) == pytest.approx((x[0], y[0]), abs=1e-9)
        # the anchor lies in its commune
        assert communes[ags].contains(point)
    grid = grid_of_table(repo.region, columns, table)
    selection = select(grid, RUHR, 8)
    assert selection.matched == 3 and selection.features.tolist() == [0, 1, 2]
    assert grid.sums["Kitaplätze"].sum() == 2115


def test_a_line_or_polygons_anchor_lies_on_it(repo):
    # a bent line whose bounding box centre is off the line, and a U-shaped area whose centroid is outside it
    bent = {"type": "LineString", "coordinates": [[7.20, 51.48], [7.30, 51.48], [7.30, 51.55]]}
    u_shape = {"type": "Polygon", "coordinates": [[[7.00, 51.40], [7.10, 51.40], [7.10, 51.50], [7.08, 51.50],
                                                   [7.08, 51.42], [7.02, 51.42], [7.02, 51.50], [7.00, 51.50],
                                                   [7.00, 51.40]]]}
    for geometry, filename in ((bent, "weg.geojson"), (u_shape, "gebiet.geojson")):
        columns, table = _table(repo, _geojson(({"Länge_m": 12.5}, geometry)), filename)
        lon, lat = anchors(table, repo.region)
        shape = shapely.geometry.shape(geometry)
        assert shape.distance(shapely.Point(lon[0], lat[0])) < 1e-7, filename
        grid = grid_of_table(repo.region, columns, table)
        assert grid.sums["Länge_m"].tolist() == [12.5]


def test_a_commune_rows_outline_is_drawn_in_lon_lat_with_7_decimals(repo):
    outline = outline_geojson(repo.region, BOCHUM)
    assert outline["type"] in ("Polygon", "MultiPolygon")
    shape = shapely.geometry.shape(outline)
    utm = repo.region.communes.set_index("ags").geometry[BOCHUM]
    expected = shapely.transform(utm, lambda xy: np.column_stack(utm_to_lonlat(xy[:, 0], xy[:, 1])))
    assert shape.symmetric_difference(expected).area < 1e-9 * expected.area + 1e-12
    coordinates = np.array(shapely.get_coordinates(shape))
    assert (np.abs(coordinates * 1e7 - np.round(coordinates * 1e7)) < 1e-6).all()
    assert 7.1 < coordinates[:, 0].min() < coordinates[:, 0].max() < 7.4
    json.dumps(outline)  # plain JSON values
