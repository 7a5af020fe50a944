"""What a stored layer gives back to the OGC collection, the map and the PostGIS rows: GeoJSON geometries,
properties as JSON values, records and parts, after being written and read."""
from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import shapely

from geo.layer_files import COMMUNE, LayerFile
from geo.layer_table import chosen_records, decode, encode, geometries, part_rows, properties, records, table_of
from geo.layer_report import place_layer
from geo.overlay import POINT, POLYGON, Parts, place_points, place_shapes

BOCHUM, DORTMUND, HERNE = "05911000", "05913000", "05916000"


def _inner(communes, ags):
    return communes.loc[communes["ags"] == ags].geometry.iloc[0].representative_point()


def _stored(table):
    return decode(*encode(table))


def test_points_come_back_as_geojson_points_with_their_properties(repo):
    communes = repo.region.communes
    points = [_inner(communes, BOCHUM), _inner(communes, DORTMUND), _inner(communes, HERNE)]
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    values = pd.DataFrame({
        "name": ["Schulhof Süd", "Grünzug", "Bürgerhaus"], "euro": [1250.5, np.nan, 3.0],
        "gemischt": [1, "zwei", None], "seit": [datetime.date(2024, 5, 1), "unbekannt", datetime.date(2025, 1, 2)]})
    table = _stored(table_of(LayerFile(POINT, values, [2, 4, 5], None, point_xy=(x, y)),
                             place_points(repo.geocoder, x, y)))
    shapes = geometries(table)
    assert [g["type"] for g in shapes] == ["Point"] * 3
    assert shapely.Point(shapes[0]["coordinates"]).distance(shapely.Point(table.lon[0], table.lat[0])) == 0
    assert properties(table) == [
        {"name": "Schulhof Süd", "euro": 1250.5, "gemischt": 1, "seit": "2024-05-01"},
        {"name": "Grünzug", "euro": None, "gemischt": "zwei", "seit": "unbekannt"},
        {"name": "Bürgerhaus", "euro": 3.0, "gemischt": None, "seit": "2025-01-02"}]
    assert [(line, ags) for line, _, ags, _ in records(table)] == [(2, None), (4, None), (5, None)]
    chosen = chosen_records(table, np.array([2, 0]))
    assert [(line, props["name"], geometry["type"]) for line, geometry, _, props in chosen] == [
        (5, "Bürgerhaus", "Point"), (2, "Schulhof Süd", "Point")]


def test_a_commune_table_has_no_geometries_and_names_each_rows_commune(repo):
    layer = LayerFile(COMMUNE, pd.DataFrame(index=range(2)), [2, 3], None, communes=[HERNE, BOCHUM])  # the key only
    table = _stored(table_of(layer, place_layer(layer, repo.region, repo.geocoder)))
    assert geometries(table) == [None, None]
    assert properties(table) == [{}, {}]
    assert records(table) == [(2, None, HERNE, {}), (3, None, BOCHUM, {})]


def test_a_polygon_over_a_border_gives_its_parts_in_feature_and_commune_order(repo):
    communes = repo.region.communes
    bochum, herne = (communes.loc[communes["ags"] == a].geometry.iloc[0] for a in (BOCHUM, HERNE))
    border = shapely.intersection(bochum.boundary, herne.boundary).representative_point()
    square = shapely.box(border.x - 300, border.y - 300, border.x + 300, border.y + 300)
    inside = _inner(communes, DORTMUND).buffer(50)
    shapes_ = np.array([square, inside], dtype=object)
    table = _stored(table_of(LayerFile(POLYGON, pd.DataFrame({"euro": [1.0, 2.0]}), [2, 3], shapes_),
                             place_shapes(communes, shapes_, POLYGON)))
    rows = part_rows(table)
    assert [(feature, ags) for feature, ags, *_ in rows] == [(0, BOCHUM), (0, HERNE), (1, DORTMUND)]
    assert all(isinstance(v, float) for _, _, *numbers in rows for v in numbers)
    assert abs(sum(share for feature, _, _, share, _ in rows if feature == 0) - 1.0) < 1e-9
    assert [g["type"] for g in geometries(table)] == ["Polygon", "Polygon"]


def test_parts_are_listed_by_feature_and_commune_whatever_order_they_were_placed_in(repo):
    communes = repo.region.communes
    square = shapely.box(*_inner(communes, HERNE).buffer(100).bounds)
    placed = Parts(pd.DataFrame({"feature": [0, 0], "ags": [HERNE, BOCHUM], "measure": [6e3, 4e3],
                                 "feature_share": [0.6, 0.4], "commune_share": [0.001, 0.0005]}))
    table = _stored(table_of(LayerFile(POLYGON, pd.DataFrame({"euro": [1.0]}), [2],
                                       np.array([square], dtype=object)), placed))
    assert part_rows(table) == [(0, BOCHUM, 4e3, 0.4, 0.0005), (0, HERNE, 6e3, 0.6, 0.001)]
