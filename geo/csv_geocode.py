"""The rules for adding the commune to rows of a table as people export them from Excel.

Every input line and cell is kept: rows that cannot be placed, empty lines and rows with more or
fewer cells than the header stay in the output, marked in `geocode_status`, and problems are
reported with their line numbers. Text is never changed silently: a file whose bytes contradict
its encoding is refused. This module holds the rules (encoding, separator, coordinate text, row
statuses, the report); batch/ streams files of any size through them.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from geo.errors import InvalidInput
from geo.geocoder import Geocoder, lonlat_problems
from geo.grid_index import OUTSIDE

LAT_NAMES = ("lat", "latitude", "breite", "breitengrad", "y_wgs84")
LON_NAMES = ("lon", "lng", "long", "longitude", "laenge", "länge", "laengengrad", "längengrad", "x_wgs84")
STATUS_OK, STATUS_OUTSIDE, STATUS_EMPTY = "ok", "outside the Ruhr area", "empty row"
CHUNK_ROWS = 50_000
LISTED = 50  # problem lines a report keeps (and the CLI lists); the output marks every one
UTF8_BOM = b"\xef\xbb\xbf"
CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"  # bytes Windows-1252 leaves undefined
DELIMITERS = (";", "\t", ",")  # tie-break order: Excel's German ';' first
# The header line decides the separator; one longer than this is not a header people write.
HEADER_SCAN_CHARS = 64_000


@dataclass
class GeocodeReport:
    """Counts of every kind of row, and the first LISTED unusable and ragged lines by number.

    Only the first lines are kept, so the report stays small however many rows are broken; the
    output marks every one. Reports of consecutive parts of a file merge into the whole's report.
    """
    rows: int = 0
    located: int = 0
    outside: int = 0
    empty: int = 0
    unusable_count: int = 0
    ragged_count: int = 0
    unusable: list[tuple[int, str]] = field(default_factory=list)
    ragged: list[tuple[int, str]] = field(default_factory=list)
    label: str = "line"  # what a number in `unusable`/`ragged` counts: CSV lines or Parquet rows

    def add_unusable(self, line: int, note: str) -> None:
        self.unusable_count += 1
        if len(self.unusable) < LISTED:
            self.unusable.append((line, note))

    def add_ragged(self, line: int, note: str) -> None:
        self.ragged_count += 1
        if len(self.ragged) < LISTED:
            self.ragged.append((line, note))

    def merge(self, later: GeocodeReport) -> None:
        """Add the report of the part of the file that follows this one."""
        self.rows += later.rows
        self.located += later.located
        self.outside += later.outside
        self.empty += later.empty
        self.unusable_count += later.unusable_count
        self.ragged_count += later.ragged_count
        self.unusable = (self.unusable + later.unusable)[:LISTED]
        self.ragged = (self.ragged + later.ragged)[:LISTED]

    def listed(self) -> list[tuple[int, str]]:
        """The first LISTED problem lines, by number."""
        return sorted(self.unusable + self.ragged)[:LISTED]

    def summary(self) -> str:
        """The one-line result the CLI prints; ragged rows are named only when there are any."""
        text = (f"{self.rows} rows: {self.located} located, {self.outside} outside the Ruhr area, "
                f"{self.unusable_count} unusable, {self.empty} empty")
        if self.ragged_count:
            text += f"; {self.ragged_count} with a different number of cells than the header (marked)"
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


class EncodingSniffer:
    """Finds a file's encoding from its bytes fed in pieces, so a file of any size is judged whole.

    UTF-8 (with or without BOM) when every byte decodes; else Windows-1252 unless a byte it leaves
    undefined occurs; else Latin-1, which holds every byte. A BOM promises UTF-8: a byte after it
    that is not UTF-8 means the file mixes encodings, and any guess would damage some of its text,
    so such a file is refused rather than repaired.
    """

    def __init__(self, path: Path | str):
        self.path = path
        self.bom: bool | None = None  # unknown until the first bytes
        self.utf8 = True
        self.cp1252 = True
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._newlines = 0  # newlines in the bytes before the current piece
        self._head = b""

    def feed(self, piece: bytes) -> None:
        if self.bom is None:
            self._head += piece
            if len(self._head) < len(UTF8_BOM) and piece:
                return
            piece, self._head = self._head, b""
            self.bom = piece.startswith(UTF8_BOM)
            if self.bom:
                piece = piece[len(UTF8_BOM):]
        if self.utf8:
            try:
                self._decoder.decode(piece)
            except UnicodeDecodeError as error:
                self.utf8 = False
                if self.bom:
                    line = self._newlines + error.object[:error.start].count(b"\n") + 1
                    raise InvalidInput(
                        f"{self.path} starts with a UTF-8 byte order mark, but line {line} has the byte "
                        f"0x{error.object[error.start]:02X}, which is not UTF-8 (mixed encodings); "
                        "save the file again as 'CSV UTF-8' or without the byte order mark") from None
        if self.cp1252:
            self.cp1252 = not any(byte in piece for byte in CP1252_UNDEFINED)
        self._newlines += piece.count(b"\n")

    def encoding(self) -> str:
        """The verdict once every byte was fed."""
        if self.bom is None:
            self.feed(b"")
        if self.utf8:
            try:
                self._decoder.decode(b"", final=True)  # a sequence cut off at the end
            except UnicodeDecodeError:
                self.utf8 = False
                if self.bom:
                    raise InvalidInput(f"{self.path} starts with a UTF-8 byte order mark, but its last bytes "
                                       "are not UTF-8 (mixed encodings); save the file again as 'CSV UTF-8'") from None
        if self.utf8:
            return "utf-8-sig" if self.bom else "utf-8"
        return "cp1252" if self.cp1252 else "latin-1"


def decode(raw: bytes, path: Path | str) -> tuple[str, str]:
    """Text and encoding of a whole file's bytes, by the rules of EncodingSniffer."""
    sniffer = EncodingSniffer(path)
    sniffer.feed(raw)
    encoding = sniffer.encoding()
    return raw.decode(encoding), encoding


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


def find_column(header: list[str], wanted: str | None, names: tuple[str, ...], label: str) -> int:
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


def output_names(header: list[str]) -> list[str]:
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


@dataclass(frozen=True)
class Columns:
    """Where the coordinates are and how wide every output row is: fixed for a whole file."""
    header: list[str]
    lat: int
    lon: int
    width: int  # the widest row or the header: every row is padded to it

    @classmethod
    def find(cls, header: list[str], width: int, lat: str | None = None, lon: str | None = None) -> Columns:
        return cls(header, find_column(header, lat, LAT_NAMES, "latitude"),
                   find_column(header, lon, LON_NAMES, "longitude"), max(width, len(header)))

    def output_header(self) -> list[str]:
        return self.header + [""] * (self.width - len(self.header)) + output_names(self.header)


def status_of(problem: str, position: int) -> str:
    """The status of a non-empty row from its coordinate problem and its commune position."""
    if problem:
        return f"invalid: {problem}"
    return STATUS_OUTSIDE if position == OUTSIDE else STATUS_OK


def geocode_rows(
    rows: list[list[str]], lines: list[int], columns: Columns, geocoder: Geocoder, names: dict[str, str],
    report: GeocodeReport,
) -> list[list[str]]:
    """Output rows for a chunk of input rows: each padded to the width, then ags, commune and status.

    Padding to one width keeps the appended columns under their names: a short row never shifts
    them, and a long row keeps its extra cells under empty header cells. Rows are geocoded from
    their cells as they stand; a short or long row says so in its status, since its cells may
    have slipped. `lines` holds the line each row starts on; `report` is updated.
    """
    lats, lons = _coordinates(rows, columns.lat), _coordinates(rows, columns.lon)
    problems = lonlat_problems(lons, lats)
    usable = np.flatnonzero(problems == "")
    positions = np.full(len(rows), OUTSIDE, dtype=np.int32)
    if usable.size:
        positions[usable] = geocoder.locate_lonlat(lons[usable], lats[usable])
    width, header_cells = columns.width, len(columns.header)
    out = []
    report.rows += len(rows)
    for offset, row in enumerate(rows):
        padded = row + [""] * (width - len(row))
        if not any(cell.strip() for cell in row):
            report.empty += 1
            out.append(padded + ["", "", STATUS_EMPTY])
            continue
        ags, status = "", status_of(problems[offset], positions[offset])
        if problems[offset]:
            report.add_unusable(lines[offset], problems[offset])
        elif positions[offset] == OUTSIDE:
            report.outside += 1
        else:
            report.located += 1
            ags = geocoder.ags[positions[offset]]
        note = ragged_note(len(row), header_cells)
        if note:
            report.add_ragged(lines[offset], note)
            status = f"{status}; {note}"
        out.append(padded + [ags, names[ags] if ags else "", status])
    return out
