"""Writers for geocoded batches: CSV as Excel reopens it, or Parquet; never a half-written file.

Output goes to a hidden file beside the target and is renamed onto it only when complete, so a
refused or failed run leaves nothing behind. CSV cells are quoted exactly as Python's csv module
does (QUOTE_MINIMAL: a cell with the separator, a quote or a line-end character), but built
column-wise with pyarrow, so both CSV paths and both engines write the same bytes.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from geo.errors import InvalidInput

PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".pq")


def is_parquet_path(path: Path) -> bool:
    return path.suffix.lower() in PARQUET_SUFFIXES


def check_folder(target: Path) -> None:
    """InvalidInput before any work when the target's folder does not exist."""
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {target}: the folder {target.parent} does not exist")


class Staged:
    """A hidden path beside the target; `commit` renames it onto the target, `discard` removes it."""

    def __init__(self, target: Path, attempt: str = ""):
        self.target = target
        self.path = target.with_name(f".{target.name}.ruhrkarte-{os.getpid()}{attempt}")

    def commit(self) -> None:
        try:
            os.replace(self.path, self.target)
        except OSError as error:
            self.discard()
            raise InvalidInput(f"cannot write {self.target}: {error.strerror}") from None

    def discard(self) -> None:
        if self.path.is_dir():
            shutil.rmtree(self.path, ignore_errors=True)
        elif self.path.exists():
            self.path.unlink()


def unique_names(header: list[str]) -> list[str]:
    """Column names for Parquet: empty cells become column_N, repeated names get _2, _3, …"""
    names, seen = [], set()
    for number, cell in enumerate(header, start=1):
        name = cell.strip() or f"column_{number}"
        candidate, count = name, 1
        while candidate in seen:
            count += 1
            candidate = f"{name}_{count}"
        seen.add(candidate)
        names.append(candidate)
    return names


def _as_text(column: pa.Array) -> pa.Array:
    if pa.types.is_string(column.type):
        return column
    if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
        return pa.array(shapely.to_wkt(shapely.from_wkb(column.to_numpy(zero_copy_only=False))), pa.string())
    return pc.fill_null(pc.cast(column, pa.string()), "")


class CsvWriter:
    """Rows joined column-wise; text the encoding cannot hold is refused with its line."""

    def __init__(self, path: Path, target: Path, encoding: str, delimiter: str, newline: str,
                 header: list[str] | None):
        """Without a header (a part of a file), no byte order mark is written either."""
        self.path, self.target = path, target
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.delimiter, self.newline = delimiter, newline
        self.special = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(set(delimiter + '"' + newline))) + "]"
        try:
            self.handle = open(path, "wb")
        except OSError as error:
            raise InvalidInput(f"cannot write {target}: {error.strerror}") from None
        if header is not None:
            if encoding == "utf-8-sig":
                self.handle.write(b"\xef\xbb\xbf")
            self.write([pa.array([cell], pa.string()) for cell in header], np.array([1]))

    def _quoted(self, text: pa.Array) -> pa.Array:
        needs = pc.match_substring_regex(text, self.special)
        if not pc.any(needs).as_py():
            return text
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
        return pc.if_else(needs, quoted, text)

    def _join(self, texts: list[pa.Array]) -> bytes:
        last = pc.binary_join_element_wise(texts[-1], self.newline, "")
        joined = pc.binary_join_element_wise(*texts[:-1], last, self.delimiter)
        offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset:joined.offset + len(joined) + 1]
        return bytes(memoryview(joined.buffers()[2])[offsets[0]:offsets[-1]]) if len(joined) else b""

    def _plain(self, data: bytes, rows: int, cells: int) -> bool:
        """No cell holds a quote, a line end or the separator: each row has exactly its own ones."""
        return (b'"' not in data and data.count(b"\n") == rows and data.count(b"\r") == rows * self.newline.count("\r")
                and data.count(self.delimiter.encode()) == rows * (cells - 1))

    def encode(self, columns: list[pa.Array], lines: np.ndarray) -> bytes:
        """The rows as bytes; quoting is worked out cell by cell only when some cell may need it."""
        texts = [_as_text(c) for c in columns]
        data = self._join(texts)
        if not self._plain(data, len(lines), len(texts)):
            texts = [self._quoted(t) for t in texts]
            data = self._join(texts)
        if self.encoding == "utf-8":
            return data
        try:
            return data.decode("utf-8").encode(self.encoding)
        except UnicodeEncodeError:
            rows = pc.binary_join_element_wise(*texts, self.delimiter).to_pylist()
            for row, text in enumerate(rows):
                try:
                    text.encode(self.encoding)
                except UnicodeEncodeError as error:
                    raise InvalidInput(f"cannot write {self.target}: line {lines[row]} has {text[error.start]!r}, "
                                       f"which {self.encoding} cannot hold; nothing was written") from None
            raise

    def write(self, columns: list[pa.Array], lines: np.ndarray) -> None:
        self.handle.write(self.encode(columns, lines))

    def close(self) -> None:
        self.handle.close()


class ParquetWriter:
    """One Parquet file; the schema (and GeoParquet metadata) comes with the first batch."""

    def __init__(self, path: Path, target: Path, names: list[str], metadata: dict | None = None):
        self.names, self.metadata = names, metadata
        try:
            self.handle = pa.OSFile(str(path), "wb")  # Arrow's own file: no Python call per write
        except OSError as error:
            raise InvalidInput(f"cannot write {target}: {error.strerror or error}") from None
        self.writer: pq.ParquetWriter | None = None

    def write(self, columns: list[pa.Array], lines: np.ndarray) -> None:
        table = pa.table(columns, names=self.names)
        if self.writer is None:
            schema = table.schema.with_metadata(self.metadata) if self.metadata else table.schema
            self.writer = pq.ParquetWriter(self.handle, schema, compression="snappy")
        self.writer.write_table(table.cast(self.writer.schema))

    def close(self) -> None:
        if self.handle.closed:
            return
        if self.writer is None:  # no rows: still a valid file with the columns
            self.writer = pq.ParquetWriter(self.handle, pa.schema([(n, pa.string()) for n in self.names]))
        self.writer.close()
        self.handle.close()
