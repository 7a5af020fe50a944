"""Parquet and GeoParquet input: coordinate columns by name, or the GeoParquet point geometry.

A GeoParquet file (schema metadata `geo`) without latitude/longitude columns is geocoded from its
primary geometry column, transformed to WGS84 from the CRS it declares (none means OGC:CRS84,
as the GeoParquet specification says). Rows are read one row group at a time.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from pyproj import CRS, Transformer

from geo.csv_geocode import LAT_NAMES, LON_NAMES, Columns, find_column
from geo.errors import InvalidInput

NOT_A_POINT = "geometry missing or not a point"


@dataclass(frozen=True)
class Geometry:
    """The GeoParquet point column and its CRS (None: already longitude/latitude)."""
    column: int
    crs: str | None

    def points(self, column: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Longitudes, latitudes and a problem per row ('' for a usable point)."""
        shapes = shapely.from_wkb(column.to_numpy(zero_copy_only=False))
        x, y = shapely.get_x(shapes), shapely.get_y(shapes)  # NaN for anything but a point
        if self.crs is not None:
            x, y = Transformer.from_crs(CRS.from_user_input(self.crs), "EPSG:4326", always_xy=True).transform(x, y)
            x, y = np.asarray(x, float), np.asarray(y, float)
        problems = np.where(np.isfinite(x) & np.isfinite(y), "", NOT_A_POINT).astype(object)
        return x, y, problems


@dataclass(frozen=True)
class ParquetInfo:
    columns: Columns
    group_rows: list[int]
    geometry: Geometry | None
    metadata: dict


def _geometry(geo: dict, names: list[str]) -> Geometry:
    primary = geo.get("primary_column", "geometry")
    if primary not in names:
        raise InvalidInput(f"the GeoParquet geometry column {primary!r} is missing")
    crs = geo.get("columns", {}).get(primary, {}).get("crs", "OGC:CRS84")
    if crs is not None:
        parsed = CRS.from_user_input(crs)
        crs = None if parsed.equals(CRS.from_user_input("OGC:CRS84"), ignore_axis_order=True) else parsed.to_wkt()
    return Geometry(names.index(primary), crs)


def describe(path: Path, lat: str | None, lon: str | None) -> ParquetInfo:
    """Columns, row groups and the geometry to read; InvalidInput when the file is no usable Parquet."""
    try:
        meta = pq.ParquetFile(path)
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        raise InvalidInput(f"{path}: not a readable Parquet file ({error})") from None
    schema = meta.schema_arrow
    names = list(schema.names)
    metadata = dict(schema.metadata or {})
    geo = json.loads(metadata[b"geo"]) if b"geo" in metadata else None
    groups = [meta.metadata.row_group(i).num_rows for i in range(meta.num_row_groups)]
    folded = {n.strip().lower() for n in names}
    has_columns = lat is not None or lon is not None or (
        any(n in folded for n in LAT_NAMES) and any(n in folded for n in LON_NAMES))
    if geo is not None and not has_columns:
        geometry = _geometry(geo, names)
        return ParquetInfo(Columns(names, geometry.column, geometry.column, len(names)), groups, geometry, metadata)
    columns = Columns(names, find_column(names, lat, LAT_NAMES, "latitude"),
                      find_column(names, lon, LON_NAMES, "longitude"), len(names))
    return ParquetInfo(columns, groups, None, metadata)


def read_batches(path: Path, first_group: int, end_group: int, chunk_rows: int) -> Iterator[pa.RecordBatch]:
    """The rows of row groups [first_group, end_group), at most chunk_rows at a time."""
    if end_group <= first_group:
        return
    handle = pq.ParquetFile(path, pre_buffer=False)  # pre-buffering reads every requested row group at once
    for group in range(first_group, end_group):  # one row group in memory at a time
        yield from handle.iter_batches(batch_size=chunk_rows, row_groups=[group], use_threads=False)
