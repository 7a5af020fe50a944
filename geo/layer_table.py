"""A placed layer as one compact columnar value: what the store keeps per layer, and what summaries,
the map grid and the OGC collection are computed from.

Why one value and not a row per feature: a planner's layer may hold a million points, and a million
rows of JSON take tens of seconds to write and to read back; one Arrow IPC buffer (zstd) of typed
columns takes well under a second either way and a fraction of the space. Points are kept as
lon/lat columns (EPSG:4326, 7 decimals, about 1 cm), other geometries as WKB, a commune table's
rows as their AGS; properties keep their types (numbers as numbers, text as text; cells of any
other kind, such as dates or mixed columns, as their JSON text).

Decimal numbers are written as integers with a scale when that gives every value back bit for bit
(lon/lat of 7 decimals, amounts in cents, counts): 4 bytes instead of 8, and integers compress
where random-looking doubles do not, so a million points are written in a fraction of the time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.crs import utm_to_lonlat
from geo.errors import DataError
from geo.layer_files import LayerFile
from geo.overlay import PART_COLUMNS, POINT, Parts

DECIMALS = 7                       # of stored lon/lat: about 1 cm
COMPRESSION = "zstd"               # on scaled integers as fast as lz4 both ways, and a third smaller
NAMES_KEY, JSON_KEY, KIND_KEY = b"ruhrkarte.names", b"ruhrkarte.json", b"ruhrkarte.kind"
SCALE_KEY = b"ruhrkarte.scale"     # {column: d}: the column holds round(value * 10**d) as an integer
FORMAT_KEY, FORMAT = b"ruhrkarte.format", 2  # 2: counting columns, each point's commune with the parts
# A column stored as its integers less the row's position (see _less_position) is named with this suffix:
# a reader of format 1 then fails on the missing column instead of reading shifted numbers.
LESS_ROW = "-less-row"
MAX_SCALE = 7
SAMPLE = 1_000                     # values that choose the scale before all are checked
BLOCK = 65_536                     # values checked at a time: half a MB, the check stays in the cache
INT32_MAX, EXACT_INTEGER = 2 ** 31 - 1, 2 ** 53
POINT_COMMUNE = "part_commune"     # a point's commune (null outside), when its parts are derived from it


@dataclass(frozen=True)
class LayerTable:
    kind: str
    lines: np.ndarray                  # int64: each feature's line (CSV) or number (GeoJSON/GeoPackage)
    lon: np.ndarray | None             # points: float64 EPSG:4326
    lat: np.ndarray | None
    shapes: np.ndarray | None          # lines and polygons: shapely geometries in EPSG:4326
    communes: np.ndarray | None        # a commune table: AGS per row
    values: pd.DataFrame               # the properties, typed, one row per feature
    parts: pd.DataFrame                # PART_COLUMNS, one row per (feature, commune) part

    def __len__(self) -> int:
        return len(self.lines)


def table_of(layer: LayerFile, parts: Parts | None = None) -> LayerTable:
    """The stored value of a read and placed upload; without `parts`, its features alone (no parts yet:
    what encode_features needs, so that they can be encoded while they are placed; see placed)."""
    lon = lat = shapes = communes = None
    if layer.kind == POINT:
        lon, lat = layer.point_lonlat if layer.point_lonlat is not None else utm_to_lonlat(*layer.xy())
        lon, lat = np.round(lon, DECIMALS), np.round(lat, DECIMALS)
    elif layer.geometries is not None:
        shapes = shapely.set_precision(shapely.transform(np.asarray(layer.geometries, dtype=object), utm_to_lonlat,
                                                         interleaved=False), 10.0 ** -DECIMALS)
    else:
        communes = np.asarray(layer.communes, dtype=object)
    table = LayerTable(layer.kind, layer.line_numbers(), lon, lat, shapes, communes,
                       layer.values.reset_index(drop=True), pd.DataFrame(columns=PART_COLUMNS))
    return table if parts is None else placed(table, parts)


def placed(table: LayerTable, parts: Parts) -> LayerTable:
    """The features of `table` with their parts."""
    return replace(table, parts=parts.frame[PART_COLUMNS].reset_index(drop=True))


def _plain(value):
    """A cell as JSON takes it: NaN and NaT -> None, numpy numbers -> Python numbers."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT or value is pd.NA:
        return None
    return value.item() if isinstance(value, np.generic) else value


def _property_array(column: pd.Series) -> tuple[pa.Array, bool]:
    """A property column as Arrow: typed where Arrow holds it as it is, else each cell's JSON text."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return pa.array(column, from_pandas=True), False
    try:
        return pa.array(column, type=pa.string(), from_pandas=True), False
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([json.dumps(_plain(v), ensure_ascii=False, default=str) for v in column], pa.string()), True


def _scaled(values: np.ndarray) -> tuple[int, np.ndarray, np.ndarray | None] | None:
    """(d, rint(values * 10**d) as int32, or int64 where int32 is too small (0 where NaN), the NaN mask or
    None) for the fewest decimals d (0 to MAX_SCALE) with which every finite value comes back exactly as
    scaled / 10**d; None when there is none, or an infinity, a -0.0 or an integer beyond 2**53 (which
    integers would lose)."""
    gaps = not np.isfinite(values).all()
    missing = np.isnan(values) if gaps else None
    finite = values[~missing] if gaps else values
    if (gaps and not np.isfinite(finite).all()) or np.signbit(finite[finite == 0]).any():
        return None
    for decimals in range(MAX_SCALE + 1):
        factor = 10.0 ** decimals
        largest = _largest_if_exact(finite[:SAMPLE], factor)  # a sample rules most scales out cheaply
        if largest is not None:
            largest = _largest_if_exact(finite, factor)
        if largest is None:
            continue
        if largest > EXACT_INTEGER:
            return None
        scaled = np.zeros(len(values), dtype=np.int32 if largest <= INT32_MAX else np.int64)
        if gaps:
            scaled[~missing] = np.rint(finite * factor)
        else:  # a block at a time, straight into the integers: no float copy of the column
            for start in range(0, len(finite), BLOCK):
                scaled[start:start + BLOCK] = np.rint(finite[start:start + BLOCK] * factor)
        return decimals, scaled, missing
    return None


def _largest_if_exact(values: np.ndarray, factor: float) -> float | None:
    """The largest |rint(value * factor)| when every value comes back as rint(value * factor) / factor,
    else None; checked a block at a time in one reused buffer (no temporaries the size of the column:
    a million values are checked in the cache)."""
    buffer = np.empty(min(BLOCK, len(values)))
    largest = 0.0
    for start in range(0, len(values), BLOCK):
        block = values[start:start + BLOCK]
        check = np.rint(np.multiply(block, factor, out=buffer[:len(block)]), out=buffer[:len(block)])
        largest = max(largest, check.max(initial=0), -check.min(initial=0))
        if not np.array_equal(np.divide(check, factor, out=check), block):
            return None
    return largest


def _number_array(values: np.ndarray, scales: dict[str, int], name: str) -> tuple[str, pa.Array]:
    """A float64 column as stored (its name, its array): scaled integers (int32 where they fit, int64 when
    counting along the rows; NaN as null) when exact, else as it is."""
    scaled = _scaled(values)
    if scaled is None:
        return name, pa.array(values, pa.float64())
    scales[name], numbers, missing = scaled
    stored, counted = _less_position(numbers)
    return name + LESS_ROW if counted else name, pa.array(stored, mask=missing)


def _less_position(numbers: np.ndarray) -> tuple[np.ndarray, bool]:
    """Integers that count along the rows (line numbers, ids: 1, 2, 3, … with the odd gap) as what is left
    after their row's position is taken off: a nearly constant column, which zstd writes in almost no bytes
    (a million line numbers: 2.6 MB less to compress, write and read). Others as they are."""
    steps = np.diff(numbers[:SAMPLE])
    if not len(steps) or (steps == 1).sum() * 2 < len(steps):  # most steps of the first rows are one up
        return numbers, False
    return numbers - np.arange(len(numbers), dtype=np.int64), True  # int64, whatever they were: no overflow


def _numbers_of(column: pa.ChunkedArray, decimals: int | None, counting: bool = False) -> np.ndarray:
    """A stored number column as float64 (scaled integers divided back: the same bits as written); the
    line numbers (decimals None) as integers. A counting column gets its row positions back in int64,
    before its gaps become NaN (a float64 holds only every other integer beyond 2**53)."""
    if counting:
        numbers = column.fill_null(0).to_numpy() + np.arange(len(column), dtype=np.int64)
        if column.null_count:
            numbers = np.where(column.is_null().to_numpy(zero_copy_only=False), np.nan, numbers)
    else:
        numbers = column.to_numpy(zero_copy_only=False)
    if decimals is None:
        return numbers
    return np.asarray(numbers, dtype=np.float64) / 10.0 ** decimals


def encode(table: LayerTable) -> tuple[memoryview, memoryview]:
    """The features and the parts as two Arrow IPC buffers."""
    return encode_features(table), encode_parts(table)


def encode_features(table: LayerTable) -> memoryview:
    """The features (lines, positions or geometries, properties) as one Arrow IPC buffer: independent of
    the parts, so an upload encodes them while it places them."""
    scales: dict[str, int] = {}
    lines, counted = _less_position(np.asarray(table.lines, dtype=np.int64))
    kind = pa.int32() if len(lines) == 0 or np.abs(lines).max() <= INT32_MAX else pa.int64()
    columns: dict[str, pa.Array] = {"line" + LESS_ROW if counted else "line": pa.array(lines, kind)}
    if table.lon is not None:
        for name, coordinate in (("lon", table.lon), ("lat", table.lat)):
            stored_name, array = _number_array(np.asarray(coordinate, np.float64), scales, name)
            columns[stored_name] = array
    if table.shapes is not None:
        columns["wkb"] = pa.array(shapely.to_wkb(table.shapes), pa.binary())
    if table.communes is not None:
        columns["ags"] = pa.array(table.communes, pa.string())
    as_json = []
    for n, name in enumerate(table.values.columns):
        column = table.values[name]
        if column.dtype == np.float64:
            stored_name, array = _number_array(column.to_numpy(), scales, f"p{n}")
            columns[stored_name], is_json = array, False
        else:
            columns[f"p{n}"], is_json = _property_array(column)
        as_json.append(is_json)
    metadata = {NAMES_KEY: json.dumps([str(c) for c in table.values.columns]).encode(),
                JSON_KEY: json.dumps(as_json).encode(), KIND_KEY: table.kind.encode(),
                SCALE_KEY: json.dumps(scales).encode(), FORMAT_KEY: str(FORMAT).encode()}
    return _ipc(pa.table(columns).replace_schema_metadata(metadata))


def encode_parts(table: LayerTable) -> memoryview:
    """The parts as an Arrow IPC buffer: a table of them, or, for points placed whole, each point's commune
    (one small column: the parts follow from it)."""
    parts = table.parts
    if not _whole_point_parts(table):
        return _ipc(pa.Table.from_pandas(parts, preserve_index=False))
    ags, codes = pd.factorize(parts["ags"])  # hashed, not sorted: a few dozen distinct AGS
    index = pa.int16() if len(codes) <= np.iinfo(np.int16).max else pa.int32()
    positions = np.full(len(table), -1, dtype=index.to_pandas_dtype())  # as stored: no cast of a million
    positions[parts["feature"].to_numpy(dtype=np.int64)] = ags
    return _ipc(pa.table({POINT_COMMUNE: pa.DictionaryArray.from_arrays(
        pa.array(positions, index, mask=positions < 0), pa.array([str(c) for c in codes], pa.string()))}))


def _whole_point_parts(table: LayerTable) -> bool:
    """Whether the parts are what place_points makes: one whole part per placed point, in feature order."""
    parts = table.parts
    if table.kind != POINT or len(parts) == 0:
        return False
    feature = parts["feature"].to_numpy()
    return bool(pd.api.types.is_integer_dtype(feature) and (np.diff(feature) > 0).all() and feature[0] >= 0
                and feature[-1] < len(table) and (parts["measure"] == 1.0).all()
                and (parts["feature_share"] == 1.0).all() and (parts["commune_share"] == 0.0).all()
                and parts["ags"].notna().all())


def _derived_parts(column: pa.ChunkedArray) -> pd.DataFrame:
    """The parts of a point layer stored as each point's commune (see encode): as they were placed."""
    communes = column.combine_chunks()
    feature = np.flatnonzero(communes.is_valid().to_numpy(zero_copy_only=False))
    ags = communes.dictionary.take(communes.indices.take(pa.array(feature)))
    count = len(feature)
    return pa.table({"feature": pa.array(feature, pa.int64()), "ags": ags, "measure": np.ones(count),
                     "feature_share": np.ones(count), "commune_share": np.zeros(count)}).to_pandas()


def _ipc(table: pa.Table) -> memoryview:
    """The table as an Arrow IPC stream (zstd): a view of Arrow's buffer, which the database drivers write
    as it is (no copy of the 16 MB of a million points into a bytes object first)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression=COMPRESSION)) as writer:
        writer.write_table(table)
    return memoryview(sink.getvalue()).cast("B").toreadonly()  # read-only; unsigned bytes compare equal to bytes


def _read(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def decode(features_data: bytes, parts_data: bytes) -> LayerTable:
    features = _read(features_data)
    metadata = features.schema.metadata
    written = int(metadata.get(FORMAT_KEY, b"1"))
    if written > FORMAT:
        raise DataError(f"a layer stored in format {written} by a newer Ruhrkarte; this one reads up to format "
                        f"{FORMAT}: update it")
    names, as_json = json.loads(metadata[NAMES_KEY]), json.loads(metadata[JSON_KEY])
    scales = json.loads(metadata.get(SCALE_KEY, b"{}"))
    names_present = set(features.column_names)

    def numbers(name: str) -> np.ndarray | None:
        counting = name + LESS_ROW in names_present
        if not counting and name not in names_present:
            return None
        return _numbers_of(features.column(name + LESS_ROW if counting else name), scales.get(name), counting)

    values = {}
    for n, name in enumerate(names):
        if f"p{n}" in scales:
            values[name] = pd.Series(numbers(f"p{n}"), dtype=np.float64)
            continue
        column = features.column(f"p{n}")
        if as_json[n]:
            values[name] = pd.Series([json.loads(v) for v in column.to_pylist()], dtype=object)
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            values[name] = pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
        else:
            values[name] = column.to_pandas()
    shapes = shapely.from_wkb(features.column("wkb").to_numpy(zero_copy_only=False)) if "wkb" in names_present \
        else None
    communes = features.column("ags").to_numpy(zero_copy_only=False) if "ags" in names_present else None
    frame = pd.DataFrame(values, index=range(features.num_rows), columns=names, copy=False)
    return LayerTable(metadata[KIND_KEY].decode(), numbers("line").astype(np.int64), numbers("lon"), numbers("lat"),
                      shapes, communes,
                      frame, _parts_of(_read(parts_data), features))


def _parts_of(stored: pa.Table, features: pa.Table) -> pd.DataFrame:
    """The parts as stored: each point's commune (with the parts; layers stored by earlier versions keep it with
    the features), else the table of parts."""
    for source in (stored, features):
        if POINT_COMMUNE in source.column_names:
            return _derived_parts(source.column(POINT_COMMUNE))
    return stored.to_pandas()


def geometries(table: LayerTable, rows: np.ndarray | None = None) -> list[dict | None]:
    """Each feature's GeoJSON geometry in EPSG:4326 (all, or those at `rows`); None for a commune table's rows."""
    chosen = slice(None) if rows is None else np.asarray(rows, dtype=np.int64)
    if table.lon is not None:
        return [{"type": "Point", "coordinates": [x, y]}
                for x, y in zip(table.lon[chosen].tolist(), table.lat[chosen].tolist())]
    if table.shapes is not None:
        return [json.loads(text) for text in shapely.to_geojson(table.shapes[chosen])]
    return [None] * len(table.lines[chosen])


def properties(table: LayerTable, rows: np.ndarray | None = None) -> list[dict]:
    """Each feature's properties as JSON values (all features, or those at `rows`)."""
    values = table.values if rows is None else table.values.iloc[rows]
    names = [str(c) for c in values.columns]
    columns = [[_plain(v) for v in values[c].tolist()] for c in values.columns]
    return [dict(zip(names, cells)) for cells in zip(*columns)] if names else [{} for _ in range(len(values))]


def records(table: LayerTable) -> list[tuple]:
    """(line, geometry, ags, properties) per feature, as store/layer_rows has always given them."""
    communes = table.communes if table.communes is not None else [None] * len(table)
    return list(zip(table.lines.tolist(), geometries(table), list(communes), properties(table)))


def chosen_records(table: LayerTable, rows: np.ndarray) -> list[tuple]:
    """(line, geometry, ags, properties) of the features at `rows` only (one map view, not the layer)."""
    rows = np.asarray(rows, dtype=np.int64)
    communes = table.communes[rows].tolist() if table.communes is not None else [None] * len(rows)
    return list(zip(table.lines[rows].tolist(), geometries(table, rows), communes, properties(table, rows)))


def part_rows(table: LayerTable) -> list[tuple[int, str, float, float, float]]:
    frame = table.parts.sort_values(["feature", "ags"], kind="stable")
    return list(zip(frame["feature"].astype(int).tolist(), frame["ags"].astype(str).tolist(),
                    frame["measure"].astype(float).tolist(), frame["feature_share"].astype(float).tolist(),
                    frame["commune_share"].astype(float).tolist()))
