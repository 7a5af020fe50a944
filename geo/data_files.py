"""Read committed data files so that any broken file becomes one DataError line naming file and line.

Every reader of data/ goes through here: a truncated, empty, binary, mis-encoded or mis-shaped
file must stop loading with a message a curator can act on, never with a parser's traceback.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import DataError

BINARY_SAMPLE = 8192


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (inputs are up to 80 MB)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as error:
        raise DataError(f"{path}: cannot be read ({error.strerror})") from None
    return digest.hexdigest()


def read_bytes(path: Path) -> bytes:
    """The file's bytes; DataError when it is missing or cannot be read."""
    if not path.is_file():
        raise DataError(f"{path}: file missing")
    try:
        return path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot be read ({error.strerror})") from None


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed); empty, binary or otherwise encoded files are refused."""
    if not raw.strip():
        raise DataError(f"{path}: file is empty")
    if b"\0" in raw[:BINARY_SAMPLE]:
        raise DataError(f"{path}: binary content, not a text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start: error.start + 1].hex()
        why = "the file ends inside a character (cut off?)" if error.reason == "unexpected end of data" \
            else f"byte 0x{byte} is not UTF-8 (saved as Latin-1 or Windows-1252?)"
        raise DataError(f"{path} line {line}: {why}; save it as UTF-8") from None


def read_text(path: Path) -> str:
    return decode(path, read_bytes(path))


def csv_records(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of every record; blank lines are skipped as pandas does."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            if fields:
                records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as error:
        raise DataError(f"{path} line {start}: not valid CSV ({error}; an unclosed quote or a cut-off file?)") from None
    if not records:
        raise DataError(f"{path}: file is empty")
    (_, header), rows = records[0], records[1:]
    width = len(header)
    for line, fields in rows:
        if len(fields) != width:
            raise DataError(f"{path} line {line}: {len(fields)} fields, the header has {width}")
    return header, rows


def read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    """All cells as text plus a `line` column (the record's line in the file, for messages).

    The cells are Python strings (object dtype), as in the store's frames (store/dataset.py): the
    checks walk rows and the read model takes subsets, a third faster than on Arrow strings."""
    header, rows = csv_records(path, read_text(path))
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise DataError(f"{path} line 1: duplicate columns {duplicated}")
    missing = [column for column in required if column not in header]
    if missing:
        raise DataError(f"{path} line 1: missing columns {missing} (found {header})")
    if not rows:
        raise DataError(f"{path}: no data rows, only the header")
    frame = pd.DataFrame([fields for _, fields in rows], columns=header, dtype=object)
    frame["line"] = [line for line, _ in rows]
    return frame


def numbers(frame: pd.DataFrame, column: str, path: Path, key: str, integer: bool = False) -> pd.Series:
    """The column as positive numbers; DataError naming the first bad line and how many there are."""
    values = pd.to_numeric(frame[column].str.strip(), errors="coerce")
    bad = values.isna() | (values <= 0) | (values == float("inf"))
    if integer:
        bad |= values.notna() & (values % 1 != 0)
    if bad.any():
        row = frame[bad].iloc[0]
        more = f" ({int(bad.sum()) - 1} more)" if bad.sum() > 1 else ""
        kind = "a positive whole number" if integer else "a positive number"
        raise DataError(f"{path} line {row['line']} ({row[key]}): {column} {row[column]!r} is not {kind}{more}")
    return values.astype("int64") if integer else values.astype(float)


def read_json(path: Path) -> Any:
    return parse_json(path, read_text(path))


def parse_json(path: Path, text: str) -> Any:
    """Parsed JSON; a syntax error names its line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(f"{path} line {error.lineno}: not valid JSON ({error.msg}; a cut-off file?)") from None


def count_rows(path: Path) -> int | None:
    """Data rows of a CSV file, features of a GeoJSON file; None for other files or unreadable ones."""
    try:
        if path.suffix == ".csv":
            return len(csv_records(path, read_text(path))[1])
        if path.suffix == ".geojson":
            features = read_json(path).get("features")
            return len(features) if isinstance(features, list) else None
    except (DataError, AttributeError):
        return None
    return None
