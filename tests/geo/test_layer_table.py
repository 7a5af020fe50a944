"""The stored value of a layer: what is written is read back the same, and nothing derivable is written."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import shapely

from geo.errors import DataError
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
    assert str(stored.field("lon").type) == str(stored.field("line-less-row").type) == "int32"  # lines count along


def test_a_point_layer_stored_in_the_earlier_format_reads_back_as_it_was_placed():
    """Bytes written by the version before layer format 2 (tests/data/layer_format1): the lines, the
    numbers and each point's commune come back as that version placed them."""
    folder = Path(__file__).parents[1] / "data" / "layer_format1"
    back = decode((folder / "features.arrows").read_bytes(), (folder / "parts.arrows").read_bytes())
    assert back.lines.tolist() == [2, 3, 5, 6]
    assert back.values["id"].tolist() == [1.0, 2.0, 3.0, 4.0] and back.values["name"].tolist() == list("abcd")
    assert np.array_equal(back.values["euro"].to_numpy(), [1.5, np.nan, 2.25, 4.0], equal_nan=True)
    assert back.lon.tolist() == [7.2314546, 5.1876664, 7.4572407, 7.4572407]
    assert back.parts["feature"].tolist() == [0, 2, 3] and back.parts["ags"].tolist() == [BOCHUM, DORTMUND, DORTMUND]


def test_a_layer_of_a_newer_format_is_refused_with_what_to_do(repo):
    communes = repo.region.communes
    x, y = np.array([_inner(communes, BOCHUM).x]), np.array([_inner(communes, BOCHUM).y])
    layer = LayerFile(POINT, pd.DataFrame({"euro": [1.0]}), [2], None, point_xy=(x, y))
    features, parts = encode(table_of(layer, place_points(repo.geocoder, x, y)))
    read = pa.ipc.open_stream(pa.py_buffer(features)).read_all()
    newer = read.replace_schema_metadata({**read.schema.metadata, b"ruhrkarte.format": b"3"})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, newer.schema) as writer:
        writer.write_table(newer)
    with pytest.raises(DataError, match="format 3 by a newer Ruhrkarte"):
        decode(sink.getvalue().to_pybytes(), parts)
    assert features == bytes(features) and features.readonly  # a read-only view that compares as the bytes it holds


def test_a_decimal_far_down_a_long_column_is_kept_exactly(repo):
    """A column checked for its scale a block at a time: a single amount with cents in the 140,000th row
    (long after the first block of plain counts) makes the whole column keep two decimals."""
    count = 140_000  # beyond the second block of 65,536
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
        "counting_then_far_below": np.append(ids[:1_500], np.full(count - 1_500, -2_147_480_000.0)),
        "counting_with_gaps": np.where(ids % 7 == 0, np.nan, ids),
        "gaps_then_far_below_2_53": np.append(np.where(ids[:2_000] == 6, np.nan, ids[:2_000]),
                                              np.full(count - 2_000, -(2.0 ** 53) + 1))})
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



def test_an_amount_beyond_int32_in_the_first_rows_of_a_long_column_keeps_its_value(repo):
    """The integer width is chosen by the largest value of all blocks, not of the last one."""
    count = 140_000
    centre = _inner(repo.region.communes, DORTMUND)
    x, y = np.full(count, centre.x), np.full(count, centre.y)
    amounts = np.resize([5.0, 17.0, 3.0], count)
    amounts[0] = 4_000_000_000.0  # four billion euro: beyond int32
    layer = LayerFile(POINT, pd.DataFrame({"euro": amounts}), list(range(2, count + 2)), None, point_xy=(x, y))
    back = decode(*encode(table_of(layer, place_points(repo.geocoder, x, y))))
    assert back.values["euro"].iloc[0] == 4_000_000_000.0
    assert np.array_equal(back.values["euro"].to_numpy(), amounts)
