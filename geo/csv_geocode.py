"""Add the commune to every row of a CSV file as people export them from Excel.

Every input row and column is kept; rows that cannot be placed stay in the output, marked, and
are reported with their line numbers. Encoding and separator are detected and written back as
they came, so the file reopens in the program it came from.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from geo.errors import InvalidInput
from geo.geocoder import Geocoder, lonlat_problems
from geo.grid_index import OUTSIDE

LAT_NAMES = ("lat", "latitude", "breite", "breitengrad", "y_wgs84")
LON_NAMES = ("lon", "lng", "long", "longitude", "laenge", "länge", "laengengrad", "längengrad", "x_wgs84")
STATUS_OK, STATUS_OUTSIDE = "ok", "outside the Ruhr area"
CHUNK_ROWS = 50_000


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    line_numbers: list[int]
    encoding: str
    delimiter: str
    newline: str


@dataclass
class GeocodeReport:
    rows: int = 0
    located: int = 0
    outside: int = 0
    unusable: list[tuple[int, str]] = field(default_factory=list)


def _decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes; else Windows-1252, else Latin-1, as Excel writes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


def _delimiter(text: str) -> str:
    sample = text[:64_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t", key=first.count)


def read_table(path: Path) -> Table:
    """Parse a CSV file; InvalidInput when it is missing, empty or not a table."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None
    if b"\x00" in raw[:4096]:
        raise InvalidInput(f"{path} is not a text file")
    text, encoding = _decode(raw)
    if not text.strip():
        raise InvalidInput(f"{path} is empty")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        rows, lines = [], []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(reader.line_num)
    except csv.Error as error:
        raise InvalidInput(f"{path}: not a readable CSV file ({error})") from None
    newline = "\r\n" if "\r\n" in text[:64_000] else "\n"
    return Table(header, rows, lines, encoding, delimiter, newline)


def _find_column(header: list[str], wanted: str | None, names: tuple[str, ...], label: str) -> int:
    folded = [h.strip().lower() for h in header]
    if wanted is not None:
        if wanted.strip().lower() not in folded:
            raise InvalidInput(f"no column {wanted!r}; the columns are: {', '.join(header)}")
        return folded.index(wanted.strip().lower())
    for name in names:
        if name in folded:
            return folded.index(name)
    raise InvalidInput(f"no {label} column found (tried {', '.join(names)}); name it with --{label[:3]}")


def parse_coordinate(text: str) -> float:
    """'51.4567', '51,4567' (German decimal comma) or ' 7.1 ' -> float; NaN when unusable."""
    cleaned = text.strip().replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return float("nan")


def _output_names(header: list[str]) -> list[str]:
    taken = {h.strip().lower() for h in header}
    return [name if name not in taken else f"ruhrkarte_{name}" for name in ("ags", "commune", "geocode_status")]


def geocode_table(
    table: Table, geocoder: Geocoder, names: dict[str, str], lat: str | None = None, lon: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[list[str]], GeocodeReport]:
    """Output rows (header first) with ags, commune name and status appended to each input row."""
    lat_col = _find_column(table.header, lat, LAT_NAMES, "latitude")
    lon_col = _find_column(table.header, lon, LON_NAMES, "longitude")
    report = GeocodeReport(rows=len(table.rows))
    out = [table.header + _output_names(table.header)]
    total = len(table.rows)
    for start in range(0, total, CHUNK_ROWS):
        chunk = table.rows[start:start + CHUNK_ROWS]
        lats = np.array([parse_coordinate(r[lat_col]) if lat_col < len(r) else np.nan for r in chunk])
        lons = np.array([parse_coordinate(r[lon_col]) if lon_col < len(r) else np.nan for r in chunk])
        problems = lonlat_problems(lons, lats)
        usable = np.flatnonzero(problems == "")
        positions = np.full(len(chunk), OUTSIDE, dtype=np.int32)
        if usable.size:
            positions[usable] = geocoder.locate_lonlat(lons[usable], lats[usable])
        for offset, row in enumerate(chunk):
            problem = problems[offset]
            if problem:
                report.unusable.append((table.line_numbers[start + offset], problem))
                out.append(row + ["", "", f"invalid: {problem}"])
            elif positions[offset] == OUTSIDE:
                report.outside += 1
                out.append(row + ["", "", STATUS_OUTSIDE])
            else:
                report.located += 1
                ags = geocoder.ags[positions[offset]]
                out.append(row + [ags, names[ags], STATUS_OK])
        if progress:
            progress(min(start + CHUNK_ROWS, total), total)
    return out, report


def write_table(path: Path, rows: list[list[str]], like: Table) -> None:
    """Write rows with the input's encoding, separator and line ending (Excel reopens it unchanged)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=like.delimiter, lineterminator=like.newline).writerows(rows)
    try:
        path.write_bytes(buffer.getvalue().encode(like.encoding, errors="replace"))
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror}") from None
