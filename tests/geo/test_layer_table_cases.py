"""Cases of the stored layer that a planner would notice: positions kept where the file put them, areas
where they were drawn, typed columns with their values and types, parts and line numbers as they were
placed and read, and layers stored by earlier versions still read."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.crs import utm_to_lonlat
from geo.layer_files import COMMUNE, LayerFile, read_layer_file
from geo.layer_report import place_layer
from geo.layer_table import (
    chosen_records,
    decode,
    encode,
    geometries,
    part_rows,
    properties,
    table_of,
)
from geo.overlay import LINE, POINT, POLYGON, Parts, place_points, place_shapes

BOCHUM, DORTMUND, HERNE = "05911000", "05913000", "05916000"


def _inner(communes, ags):
    return communes.loc[communes["ags"] == ags].geometry.iloc[0].representative_point()


def test_a_lat_lon_files_points_are_kept_at_the_files_coordinates_to_seven_decimals(repo):
    """GPS exports write nine decimals; what is kept is the file's value rounded to 7 decimals (about 1 cm),
    not a value moved by a round trip through EPSG:25832 (which ends on the other side of a rounding
    step for some points)."""
    rng = np.random.default_rng(3)
    lat, lon = np.round(rng.uniform(51.45, 51.50, 2_000), 9), np.round(rng.uniform(7.18, 7.25, 2_000), 9)
    text = "lat,lon\n" + "".join(f"{a:.9f},{o:.9f}\n" for a, o in zip(lat, lon))
    layer = read_layer_file(text.encode(), "gps.csv", repo.gazetteer)
    back = decode(*encode(table_of(layer, place_layer(layer, repo.region, repo.geocoder))))
    assert np.array_equal(back.lon, np.round(lon, 7)) and np.array_equal(back.lat, np.round(lat, 7))


def test_a_drawn_area_and_line_come_back_where_they_were_drawn_to_the_centimetre(repo):
    """Vertices are kept on the grid of 7 decimals: within half a step of their exact position in
    EPSG:4326, and nothing collapses (a 3 m playground stays a 3 m playground)."""
    centre = _inner(repo.region.communes, BOCHUM)
    playground = shapely.box(centre.x, centre.y, centre.x + 3.0, centre.y + 3.0)
    path = shapely.LineString([(centre.x, centre.y), (centre.x + 40.3, centre.y + 7.7)])
    for kind, shape in ((POLYGON, playground), (LINE, path)):
        shapes = np.array([shape], dtype=object)
        layer = LayerFile(kind, pd.DataFrame({"euro": [1.0]}), [2], shapes)
        back = decode(*encode(table_of(layer, place_shapes(repo.region.communes, shapes, kind))))
        stored = shapely.from_geojson(json.dumps(geometries(back)[0]))
        exact = shapely.transform(shape, utm_to_lonlat, interleaved=False)
        assert not stored.is_empty and shapely.get_num_coordinates(stored) == shapely.get_num_coordinates(exact)
        assert shapely.hausdorff_distance(stored, exact) <= 0.5e-7 * 2 ** 0.5 + 1e-12, kind
        grid = shapely.get_coordinates(stored) * 1e7
        assert np.abs(grid - np.round(grid)).max() < 1e-6, kind


def test_a_missing_date_and_a_missing_cell_of_a_mixed_column_come_back_as_null(repo):
    """A GeoPackage's date field with an empty cell (NaT) and a mixed column with pandas' NA are kept as
    JSON text: the gaps are null, not the text 'NaT' or '<NA>', and the dates come back as texts and None
    in an object column like any other text."""
    communes = repo.region.communes
    x, y = np.array([_inner(communes, BOCHUM).x] * 3), np.array([_inner(communes, BOCHUM).y] * 3)
    values = pd.DataFrame({"seit": pd.to_datetime(["2024-05-01", None, "2025-01-02"]),
                           "gemischt": pd.Series(["zwei", 3, pd.NA], dtype=object)})
    table = table_of(LayerFile(POINT, values, [2, 3, 4], None, point_xy=(x, y)), place_points(repo.geocoder, x, y))
    back = decode(*encode(table))
    assert properties(back) == [{"seit": "2024-05-01 00:00:00", "gemischt": "zwei"},
                                {"seit": None, "gemischt": 3},
                                {"seit": "2025-01-02 00:00:00", "gemischt": None}]
    assert back.values["seit"].dtype == object
    assert back.values["seit"].tolist() == ["2024-05-01 00:00:00", None, "2025-01-02 00:00:00"]


def test_integer_and_yes_no_columns_come_back_with_their_values_and_types(repo):
    """A GeoPackage's integer and boolean fields (int64, bool) are stored as typed columns: read back as
    int64 and bool with the same values, not as JSON text that comes back as a column of objects."""
    communes = repo.region.communes
    x, y = np.array([_inner(communes, BOCHUM).x] * 3), np.array([_inner(communes, BOCHUM).y] * 3)
    values = pd.DataFrame({"plaetze": np.array([12, -3, 2 ** 40], dtype=np.int64), "barrierefrei": [True, False, True]})
    table = table_of(LayerFile(POINT, values, [2, 3, 4], None, point_xy=(x, y)), place_points(repo.geocoder, x, y))
    back = decode(*encode(table))
    pd.testing.assert_frame_equal(back.values, values)
    assert properties(back)[2] == {"plaetze": 2 ** 40, "barrierefrei": True}


def test_a_point_layer_with_every_point_outside_the_ruhr_area_is_stored_without_parts(repo):
    x, y = np.array([200_000.0, 210_000.0]), np.array([5_000_000.0, 5_010_000.0])  # far south of the region
    table = table_of(LayerFile(POINT, pd.DataFrame({"euro": [1.0, 2.0]}), [2, 3], None, point_xy=(x, y)),
                     place_points(repo.geocoder, x, y))
    back = decode(*encode(table))
    assert len(back.parts) == 0 and part_rows(back) == [] and back.values["euro"].tolist() == [1.0, 2.0]


@pytest.mark.parametrize("feature, ags, feature_share", [
    ([0, 0, 1], [BOCHUM, HERNE, DORTMUND], [1.0, 1.0, 1.0]),  # a point on the border counted whole in both
    ([0, 0, 1], [BOCHUM, HERNE, DORTMUND], [0.5, 0.5, 1.0]),  # ... or half in each
    ([0, 1, 2], [BOCHUM, HERNE, DORTMUND], [0.5, 1.0, 1.0]),  # a point counted only in part
], ids=["whole in two communes", "half in each", "in part"])
def test_parts_of_points_other_than_one_whole_part_each_come_back_as_they_were(repo, feature, ags, feature_share):
    """Only one whole part per point is stored as each point's commune (the parts follow from it); any other
    parts of a point layer are kept as they are."""
    communes = repo.region.communes
    points = [_inner(communes, a) for a in (BOCHUM, DORTMUND, HERNE)]
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    parts = Parts(pd.DataFrame({"feature": feature, "ags": ags, "measure": 1.0, "feature_share": feature_share,
                                "commune_share": 0.0}))
    table = table_of(LayerFile(POINT, pd.DataFrame({"euro": [1.0, 2.0, 3.0]}), [2, 3, 4], None, point_xy=(x, y)),
                     parts)
    rows = part_rows(decode(*encode(table)))
    assert rows == part_rows(table) and all(type(feature) is int for feature, *_ in rows)


def test_a_point_layer_stored_before_numbers_were_scaled_still_reads():
    """Bytes written before scaled integers (tests/data/layer_format0: float64 columns, no scales in the
    metadata, lz4, the parts as a table) come back as they were placed."""
    folder = Path(__file__).parents[1] / "data" / "layer_format0"
    back = decode((folder / "features.arrows").read_bytes(), (folder / "parts.arrows").read_bytes())
    assert back.kind == POINT and back.lines.tolist() == [2, 4, 5]
    assert back.lon.tolist() == [7.2314546, 5.1876664, 7.4572407] and back.lat[0] == 51.4709535
    assert np.array_equal(back.values["euro"].to_numpy(), [1.5, np.nan, 2.25], equal_nan=True)
    assert back.values["name"].tolist() == ["a", "b", "c"]
    assert part_rows(back) == [(0, BOCHUM, 1.0, 1.0, 0.0), (2, DORTMUND, 1.0, 1.0, 0.0)]


def test_a_text_column_with_an_empty_cell_reads_back_as_its_texts_and_none(repo):
    """Text is stored typed (an Arrow string column) and read back as the reader gave it: Python texts in
    an object column, None for the empty cell (not pandas' str column with NaN)."""
    communes = repo.region.communes
    x, y = np.array([_inner(communes, BOCHUM).x] * 3), np.array([_inner(communes, BOCHUM).y] * 3)
    values = pd.DataFrame({"name": pd.Series(["Schulhof Süd", None, "Grünzug"], dtype=object)})
    table = table_of(LayerFile(POINT, values, [2, 3, 4], None, point_xy=(x, y)), place_points(repo.geocoder, x, y))
    back = decode(*encode(table)).values["name"]
    assert back.dtype == object and back.tolist() == ["Schulhof Süd", None, "Grünzug"]


def test_the_records_of_chosen_features_carry_their_own_geometries(repo):
    """One map view asks for some features only: each record has that feature's line, position and values."""
    communes = repo.region.communes
    points = [_inner(communes, a) for a in (BOCHUM, DORTMUND, HERNE)]
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    values = pd.DataFrame({"name": ["Bochum", "Dortmund", "Herne"]})
    table = decode(*encode(table_of(LayerFile(POINT, values, [2, 3, 4], None, point_xy=(x, y)),
                                    place_points(repo.geocoder, x, y))))
    every = geometries(table)
    chosen = chosen_records(table, np.array([2, 0]))
    assert [(line, geometry, props["name"]) for line, geometry, _, props in chosen] == [
        (4, every[2], "Herne"), (2, every[0], "Bochum")]
    assert every[0] != every[2]


def test_the_chosen_rows_of_a_commune_table_name_their_communes(repo):
    layer = LayerFile(COMMUNE, pd.DataFrame({"euro": [1.0, 2.0, 3.0]}), [2, 3, 4], None,
                      communes=[HERNE, BOCHUM, DORTMUND])
    table = decode(*encode(table_of(layer, place_layer(layer, repo.region, repo.geocoder))))
    assert [(line, ags) for line, _, ags, _ in chosen_records(table, np.array([2, 0]))] == [(4, DORTMUND), (2, HERNE)]


@pytest.mark.parametrize("lines", [[3_000_000_000], [7, 3_000_000_000], [2, 40, 41, 700]],
                         ids=["one point", "two points", "most rows refused"])
def test_line_numbers_that_do_not_count_along_the_rows_keep_their_values(repo, lines):
    """Line numbers are stored as they are when they do not count up one by one: rows refused here and
    there, or a point on line three billion (the largest upload the settings allow, 4 GB, can hold more
    than 2**31 lines)."""
    centre = _inner(repo.region.communes, BOCHUM)
    x, y = np.full(len(lines), centre.x), np.full(len(lines), centre.y)
    layer = LayerFile(POINT, pd.DataFrame({"euro": np.ones(len(lines))}), lines, None, point_xy=(x, y))
    back = decode(*encode(table_of(layer, place_points(repo.geocoder, x, y))))
    assert back.lines.tolist() == lines
