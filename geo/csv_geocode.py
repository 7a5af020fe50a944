"""Add the commune to every row of a CSV file as people export them from Excel.

Every input line and cell is kept: rows that cannot be placed, empty lines and rows with more or
fewer cells than the header stay in the output, marked in `geocode_status`, and problems are
reported with their line numbers. Encoding, separator and line ending are written back as they
came, so the file reopens in the program it came from. Text is never changed silently: a file
whose bytes contradict its encoding, or an output its encoding cannot hold, is refused.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from geo.errors import InvalidInput
from geo.geocoder import Geocoder, lonlat_problems
from geo.grid_index import OUTSIDE

LAT_NAMES = ("lat", "latitude", "breite", "breitengrad", "y_wgs84")
LON_NAMES = ("lon", "lng", "long", "longitude", "laenge", "länge", "laengengrad", "längengrad", "x_wgs84")
STATUS_OK, STATUS_OUTSIDE, STATUS_EMPTY = "ok", "outside the Ruhr area", "empty row"
CHUNK_ROWS = 50_000
UTF8_BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", "\t", ",")  # tie-break order: Excel's German ';' first
# The header line decides the separator; one longer than this is not a header people write.
HEADER_SCAN_CHARS = 64_000


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    line_numbers: list[int]  # the line each row starts on (the header is line 1)
    encoding: str
    delimiter: str
    newline: str


@dataclass
class GeocodeReport:
    rows: int = 0
    located: int = 0
    outside: int = 0
    empty: int = 0
    unusable: list[tuple[int, str]] = field(default_factory=list)
    ragged: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        """The one-line result the CLI prints; ragged rows are named only when there are any."""
        text = (f"{self.rows} rows: {self.located} located, {self.outside} outside the Ruhr area, "
                f"{len(self.unusable)} unusable, {self.empty} empty")
        if self.ragged:
            text += f"; {len(self.ragged)} with a different number of cells than the header (marked)"
        return text


def refuse_same_file(source: Path, target: Path) -> None:
    """InvalidInput when target is the input file itself: same path, a hard link or a symlink to it.

    Files are compared by device and inode (os.path.samefile), never by path text.
    """
    try:
        same = os.path.samefile(source, target)
    except OSError:  # one of them does not exist (yet): they cannot be the same file
        return
    if same:
        raise InvalidInput(f"{target} is the input file itself (the input is never overwritten); "
                           "choose another output file")


def decode(raw: bytes, path: Path | str) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM) when it decodes; else Windows-1252, else Latin-1.

    A BOM promises UTF-8. A byte after it that is not UTF-8 means the file mixes encodings, and
    any guess would damage some of its text, so such a file is refused rather than repaired.
    """
    if raw.startswith(UTF8_BOM):
        body = raw[len(UTF8_BOM):]
        try:
            return body.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            line = body[:error.start].count(b"\n") + 1
            raise InvalidInput(
                f"{path} starts with a UTF-8 byte order mark, but line {line} has the byte "
                f"0x{body[error.start]:02X}, which is not UTF-8 (mixed encodings); "
                "save the file again as 'CSV UTF-8' or without the byte order mark") from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"  # every byte is a Latin-1 character


def detect_delimiter(text: str) -> str:
    """The separator that occurs most often, outside quotes, in the header line.

    A single linear pass over at most HEADER_SCAN_CHARS characters: predictable and bounded,
    unlike csv.Sniffer, whose regular expressions took 20 s on 63 KB of `,"`. Ties go to ';',
    then tab, then ','; a header without any separator is one column (',').
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text[:HEADER_SCAN_CHARS]:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] else ","


def read_table(path: Path) -> Table:
    """Parse a CSV file keeping every line; InvalidInput when it is missing, empty or not a table."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None
    if b"\x00" in raw[:4096]:
        raise InvalidInput(f"{path} is not a text file")
    text, encoding = decode(raw, path)
    if not text.strip():
        raise InvalidInput(f"{path} is empty")
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        rows, lines, previous_end = [], [], reader.line_num
        for row in reader:  # empty and whitespace-only lines too: every line becomes an output row
            rows.append(row)
            lines.append(previous_end + 1)
            previous_end = reader.line_num
    except csv.Error as error:
        raise InvalidInput(f"{path}: not a readable CSV file ({error})") from None
    newline = "\r\n" if "\r\n" in text[:HEADER_SCAN_CHARS] else "\n"
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


def ragged_note(cells: int, columns: int) -> str:
    """Why a row's cell count differs from the header's ('' when it does not)."""
    if cells < columns:
        return f"short row: {cells} of {columns} cells, padded"
    if cells > columns:
        return f"long row: {cells} cells for {columns} columns, kept whole"
    return ""


def _coordinates(rows: list[list[str]], column: int) -> np.ndarray:
    return np.array([parse_coordinate(r[column]) if column < len(r) else np.nan for r in rows], dtype=float)


def geocode_table(
    table: Table, geocoder: Geocoder, names: dict[str, str], lat: str | None = None, lon: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[list[str]], GeocodeReport]:
    """Output rows (header first): each input row, padded to one width, then ags, commune and status.

    Every row is padded with empty cells to the widest row (or the header), so the appended
    columns always line up under their names: a short row never shifts them, and a long row
    keeps its extra cells under empty header cells. Rows are geocoded from their cells as they
    stand; a short or long row says so in its status, since its cells may have slipped.
    """
    lat_col = _find_column(table.header, lat, LAT_NAMES, "latitude")
    lon_col = _find_column(table.header, lon, LON_NAMES, "longitude")
    columns = len(table.header)
    width = max([columns, *map(len, table.rows)])
    report = GeocodeReport(rows=len(table.rows))
    out = [table.header + [""] * (width - columns) + _output_names(table.header)]
    total = len(table.rows)
    for start in range(0, total, CHUNK_ROWS):
        chunk = table.rows[start:start + CHUNK_ROWS]
        lats, lons = _coordinates(chunk, lat_col), _coordinates(chunk, lon_col)
        problems = lonlat_problems(lons, lats)
        usable = np.flatnonzero(problems == "")
        positions = np.full(len(chunk), OUTSIDE, dtype=np.int32)
        if usable.size:
            positions[usable] = geocoder.locate_lonlat(lons[usable], lats[usable])
        for offset, row in enumerate(chunk):
            line = table.line_numbers[start + offset]
            padded = row + [""] * (width - len(row))
            if not any(cell.strip() for cell in row):
                report.empty += 1
                out.append(padded + ["", "", STATUS_EMPTY])
                continue
            ags, status = "", STATUS_OUTSIDE
            if problems[offset]:
                status = f"invalid: {problems[offset]}"
                report.unusable.append((line, problems[offset]))
            elif positions[offset] == OUTSIDE:
                report.outside += 1
            else:
                report.located += 1
                ags, status = geocoder.ags[positions[offset]], STATUS_OK
            note = ragged_note(len(row), columns)
            if note:
                report.ragged.append((line, note))
                status = f"{status}; {note}"
            out.append(padded + [ags, names[ags] if ags else "", status])
        if progress:
            progress(min(start + CHUNK_ROWS, total), total)
    return out, report


def write_table(path: Path, rows: list[list[str]], like: Table) -> None:
    """Write rows with the input's encoding, separator and line ending (Excel reopens it unchanged).

    Text the encoding cannot hold is refused before anything is written, never replaced.
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=like.delimiter, lineterminator=like.newline).writerows(rows)
    text = buffer.getvalue()
    try:
        data = text.encode(like.encoding)
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        raise InvalidInput(f"cannot write {path}: line {line} has {text[error.start]!r}, which {like.encoding} "
                           "cannot hold; nothing was written") from None
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror}") from None
