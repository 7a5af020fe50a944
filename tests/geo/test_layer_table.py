"""The stored value of a layer: what is written is read back the same, and nothing derivable is written."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.layer_files import LayerFile
from geo.layer_table import decode, encode, table_of
from geo.overlay import POINT, POLYGON, place_points, place_shapes

BOCHUM, DORTMUND = "05911000", "05913000"


def _inner(communes, ags):
    return communes.loc[communes["ags"] == ags].geometry.iloc[0].representative_point()


def test_a_point_layer_keeps_each_points_commune_not_a_table_of_parts(repo):
    communes = repo.region.communes
    points = [_inner(communes, DORTMUND), shapely.Point(200_000, 5_000_000), _inner(communes, BOCHUM),
              _inner(communes, DORTMUND)]
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    values = pd.DataFrame({"euro": [1.5, 2.0, np.nan, 4.0], "name": ["a", "b", "c", "d"]})
    layer = LayerFile(POINT, values, [2, 3, 4, 5], None, point_xy=(x, y))
    parts = place_points(repo.geocoder, x, y)
    table = table_of(layer, parts)
    features, stored_parts = encode(table)
    stored = pa.ipc.open_stream(pa.py_buffer(stored_parts)).read_all()
    assert stored.column_names == ["part_commune"]  # each point's commune: the parts follow from it
    back = decode(features, stored_parts)
    pd.testing.assert_frame_equal(back.parts, table.parts)
    assert back.parts["feature"].tolist() == [0, 2, 3] and back.parts["ags"].tolist() == [DORTMUND, BOCHUM, DORTMUND]
    pd.testing.assert_frame_equal(back.values, table.values, check_dtype=False)  # text comes back as object


def test_a_polygon_layers_parts_are_kept_as_a_table(repo):
    communes = repo.region.communes
    centre = _inner(communes, BOCHUM)
    square = shapely.box(centre.x - 500, centre.y - 500, centre.x + 500, centre.y + 500)
    layer = LayerFile(POLYGON, pd.DataFrame({"euro": [3.0]}), [1], np.array([square], dtype=object))
    table = table_of(layer, place_shapes(communes, np.array([square], dtype=object), POLYGON))
    features, stored_parts = encode(table)
    assert pa.ipc.open_stream(pa.py_buffer(stored_parts)).read_all().num_rows == len(table.parts) > 0
    pd.testing.assert_frame_equal(decode(features, stored_parts).parts, table.parts)


def test_numbers_are_kept_as_scaled_integers_where_that_gives_every_bit_back(repo):
    rng = np.random.default_rng(7)
    count = 2_000
    centre = _inner(repo.region.communes, DORTMUND)
    x, y = centre.x + rng.uniform(-3000, 3000, count), centre.y + rng.uniform(-3000, 3000, count)
    special = np.resize([0.5, 2.0], count)
    values = pd.DataFrame({
        "cents": np.round(rng.gamma(2.0, 800.0, count), 2), "counts": rng.integers(0, 120, count).astype(float),
        "gaps": np.where(rng.random(count) < 0.3, np.nan, np.round(rng.uniform(-5, 5, count), 3)),
        "late_decimal": np.append(np.zeros(count - 1), 0.125),  # the sample says 0 decimals, the last value 3
        "random": rng.uniform(0, 1, count), "minus_zero": np.append(special[:-1], -0.0),
        "infinite": np.append(special[:-1], np.inf), "beyond_2_53": np.append(special[:-1], 2.0 ** 60),
        "empty": np.full(count, np.nan), "big": np.round(rng.uniform(-1e12, 1e12, count), 1)})
    layer = LayerFile(POINT, values, list(range(2, count + 2)), None, point_xy=(x, y))
    table = table_of(layer, place_points(repo.geocoder, x, y))
    features, parts = encode(table)
    back = decode(features, parts)
    for name in values.columns:
        written, read = table.values[name].to_numpy(), back.values[name].to_numpy()
        assert read.dtype == np.float64 and np.array_equal(written, read, equal_nan=True), name
        assert (np.signbit(written) == np.signbit(read)).all(), name
    assert np.array_equal(back.lon, table.lon) and np.array_equal(back.lat, table.lat)
    assert back.lines.dtype == np.int64 and back.lines.tolist() == list(range(2, count + 2))
    stored = pa.ipc.open_stream(pa.py_buffer(features)).read_all().schema
    names = {name: f"p{n}" for n, name in enumerate(values.columns)}
    assert {name: str(stored.field(names[name]).type) for name in values.columns} == {
        "cents": "int32", "counts": "int32", "gaps": "int32", "late_decimal": "int32", "random": "double",
        "minus_zero": "double", "infinite": "double", "beyond_2_53": "double", "empty": "int32", "big": "int64"}
    assert str(stored.field("lon").type) == str(stored.field("line").type) == "int32"


def _stream(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def test_a_point_layer_stored_by_the_earlier_version_reads_back_the_same(repo):
    """In layers stored by earlier versions each point's commune was a column of the features, with an empty table of
    parts beside it: such layers, already in a database, read back as they were placed."""
    communes = repo.region.communes
    points = [_inner(communes, BOCHUM), shapely.Point(200_000, 5_000_000), _inner(communes, DORTMUND)]
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    layer = LayerFile(POINT, pd.DataFrame({"euro": [1.0, 2.0, 3.0]}), [2, 3, 4], None, point_xy=(x, y))
    table = table_of(layer, place_points(repo.geocoder, x, y))
    features, parts = encode(table)
    read = [pa.ipc.open_stream(pa.py_buffer(data)).read_all() for data in (features, parts)]
    earlier = read[0].append_column("part_commune", read[1].column("part_commune"))
    no_parts = pa.table({"feature": pa.array([], pa.int64()), "ags": pa.array([], pa.string()),
                         "measure": pa.array([], pa.float64()), "feature_share": pa.array([], pa.float64()),
                         "commune_share": pa.array([], pa.float64())})
    back = decode(_stream(earlier), _stream(no_parts))
    pd.testing.assert_frame_equal(back.parts, table.parts)
    assert back.parts["ags"].tolist() == [BOCHUM, DORTMUND]


def test_a_decimal_far_down_a_long_column_is_kept_exactly(repo):
    """A column checked for its scale a block at a time: a single amount with cents in the 70,000th row
    (long after the first block of plain counts) makes the whole column keep two decimals."""
    count = 70_000
    centre = _inner(repo.region.communes, DORTMUND)
    x, y = np.full(count, centre.x), np.full(count, centre.y)
    amounts = np.arange(count, dtype=float)
    amounts[-1] = 12.34
    layer = LayerFile(POINT, pd.DataFrame({"euro": amounts}), list(range(2, count + 2)), None, point_xy=(x, y))
    table = table_of(layer, place_points(repo.geocoder, x, y))
    back = decode(*encode(table))
    assert np.array_equal(back.values["euro"].to_numpy(), amounts)
    assert back.values["euro"].iloc[-1] == 12.34


def test_numbers_that_count_along_the_rows_come_back_exactly_and_take_little_space(repo):
    """Line numbers and ids (1, 2, 3, … with the odd gap) are stored as what is left after the row's
    position: every value comes back, also where a column stops counting or is beyond int32."""
    rng = np.random.default_rng(11)
    count = 20_000
    centre = _inner(repo.region.communes, DORTMUND)
    x, y = np.full(count, centre.x), np.full(count, centre.y)
    lines = np.arange(2, count + 2) + np.cumsum(rng.random(count) < 0.01)  # rows refused here and there
    ids = np.arange(1, count + 1, dtype=float)
    values = pd.DataFrame({
        "id": ids, "stops_counting": np.append(ids[:1_500], rng.integers(-50, 50, count - 1_500)).astype(float),
        "beyond_int32": 3e9 + ids, "falling": ids[::-1].copy(), "tenths": ids / 10,
        "debts_beyond_int32": -3e9 - rng.integers(0, 1000, count),
        "counting_then_far_below": np.append(ids[:1_500], np.full(count - 1_500, -2_147_480_000.0)), "counting_with_gaps": np.where(ids % 7 == 0, np.nan, ids)})
    layer = LayerFile(POINT, values, lines.tolist(), None, point_xy=(x, y))
    table = table_of(layer, place_points(repo.geocoder, x, y))
    features, parts = encode(table)
    back = decode(features, parts)
    assert back.lines.dtype == np.int64 and back.lines.tolist() == lines.tolist()
    for name in values.columns:
        assert np.array_equal(back.values[name].to_numpy(), values[name].to_numpy(), equal_nan=True), name
    shuffled = values.assign(id=rng.permutation(ids))
    unordered = encode(table_of(LayerFile(POINT, shuffled, lines.tolist(), None, point_xy=(x, y)),
                                place_points(repo.geocoder, x, y)))[0]
    assert len(features) < len(unordered) - count  # the counting ids take less than a byte a row

