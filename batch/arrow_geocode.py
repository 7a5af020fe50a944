"""Geocode a record batch column-wise, with exactly the statuses geo.csv_geocode gives row by row.

A column whose cells all parse as numbers (after a decimal comma became a point) is parsed by
pyarrow at once; otherwise cells in plain number form ('51.45', '51,45', '-7e0') are, and every
other text goes through geo.csv_geocode.parse_coordinate, so both paths read a cell the same way. Only
rows without usable coordinates can be empty, so only those are looked at cell by cell.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.csv_geocode import (
    LISTED,
    STATUS_EMPTY,
    STATUS_OK,
    STATUS_OUTSIDE,
    GeocodeReport,
    parse_coordinate,
)
from geo.geocoder import Geocoder, lonlat_problems
from geo.grid_index import OUTSIDE

PLAIN_NUMBER = r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$"


def coordinates(column: pa.Array) -> np.ndarray:
    """Floats for a coordinate column (text or numbers); NaN where a cell is missing or unusable."""
    if pa.types.is_floating(column.type) or pa.types.is_integer(column.type) or pa.types.is_decimal(column.type):
        return pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False).astype(float)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    if column.null_count == 0:
        try:  # the common case: every cell is a plain number, with a decimal point or comma
            return pc.cast(pc.replace_substring(column, ",", "."), pa.float64()).to_numpy().astype(float)
        except pa.ArrowInvalid:
            pass
    plain = pc.fill_null(pc.match_substring_regex(column, PLAIN_NUMBER), False)
    dotted = pc.replace_substring(column, ",", ".")
    values = pc.cast(pc.if_else(plain, dotted, pa.scalar(None, column.type)), pa.float64())
    result = values.to_numpy(zero_copy_only=False).astype(float)
    others = np.flatnonzero(~plain.to_numpy(zero_copy_only=False))
    if others.size:
        texts = column.take(pa.array(others)).to_pylist()
        result[others] = [np.nan if t is None else parse_coordinate(t) for t in texts]
    return result


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _empty_rows(batch: pa.RecordBatch, candidates: np.ndarray) -> np.ndarray:
    """Which of the candidate rows have only empty or whitespace cells."""
    if not candidates.size:
        return np.zeros(0, dtype=bool)
    subset = batch.take(pa.array(candidates))
    cells = [subset.column(i).to_pylist() for i in range(subset.num_columns)]
    return np.array([all(_blank(col[r]) for col in cells) for r in range(len(candidates))], dtype=bool)


def _text_column(codes: np.ndarray, values: list[str]) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(values, pa.string())).cast(pa.string())


def geocode_batch(
    batch: pa.RecordBatch, lon: np.ndarray, lat: np.ndarray, lines: np.ndarray, geocoder: Geocoder,
    names: dict[str, str], report: GeocodeReport, problems: np.ndarray | None = None,
) -> tuple[pa.Array, pa.Array, pa.Array]:
    """The ags, commune and status columns of a batch whose rows all have the header's width.

    `problems` may name rows whose point is unusable for another reason (a geometry that is not
    a point); `lines` holds each row's line (or row) number for the report.
    """
    found = lonlat_problems(lon, lat)
    if problems is not None:
        found = np.where(problems != "", problems, found)
    bad = found != ""
    usable = np.flatnonzero(~bad)
    positions = np.full(len(lon), OUTSIDE, dtype=np.int32)
    if usable.size:
        positions[usable] = geocoder.locate_lonlat(lon[usable], lat[usable])
    candidates = np.flatnonzero(bad)
    empty = np.zeros(len(lon), dtype=bool)
    empty[candidates] = _empty_rows(batch, candidates)
    invalid = bad & ~empty
    kinds = sorted(set(found[invalid]))
    statuses = [STATUS_OK, STATUS_OUTSIDE, STATUS_EMPTY] + [f"invalid: {k}" for k in kinds]
    codes = np.where(positions == OUTSIDE, 1, 0).astype(np.int32)
    codes[empty] = 2
    for number, kind in enumerate(kinds):
        codes[invalid & (found == kind)] = 3 + number
    ags_codes = np.where(codes == 0, positions + 1, 0)
    ags_values = ["", *geocoder.ags]
    report.rows += len(lon)
    report.empty += int(empty.sum())
    report.located += int((codes == 0).sum())
    report.outside += int((codes == 1).sum())
    for index in np.flatnonzero(invalid)[:max(0, LISTED - len(report.unusable))]:
        report.unusable.append((int(lines[index]), found[index]))
    report.unusable_count += int(invalid.sum())
    return (_text_column(ags_codes, ags_values), _text_column(ags_codes, ["", *(names[a] for a in geocoder.ags)]),
            _text_column(codes, statuses))
