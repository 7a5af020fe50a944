"""The columnar reader of plain CSV files: the same cells and numbers as Python's csv module with
parse_coordinate / parse_number_column, at the speed of pyarrow.

A file is plain when it has no quote, no lone carriage return, no blank line and every row has
the header's width; then every record is one line, so a row's line number is its position + 2. Any
other file returns None here and is read by the careful reader (csv module, row by row), which
has always been right for it. Cells in the common shapes ('51.4567', '51,4567', '1250.5',
'1250,50') are converted by pyarrow (correctly rounded, as float() is); every other cell goes
through the Python rule itself, so the result is the same as the careful reader's by construction.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from geo.csv_geocode import parse_coordinate
from geo.numbers_de import parse_number_column

# The system allocator for every Arrow buffer of the process (the reader's, and the casts', compute's
# and IPC's after it): an upload's hundreds of MB of columns live for that upload only, and with
# pyarrow's default pool (mimalloc) the first upload of 1,000,000 points in a fresh process took
# 0.80-1.09 s instead of 0.77-0.79 s and the next ones 0.69-0.78 instead of 0.62-0.65 s (its kernel
# time for fresh pages: 0.46-0.52 s against 0.29-0.34 s; bench/layers.py, quiet machine).
POOL = pa.system_memory_pool()
pa.set_memory_pool(POOL)
BLOCK_BYTES = 4 * 1024 * 1024        # blocks parsed in parallel: a few per core
SAMPLE_BYTES = 16 * 1024             # the first rows, which choose the columns read as numbers
# A number as the reader and pyarrow's cast both take it, and nothing else (no comma, sign alone, exponent alone).
PLAIN_DECIMAL = re.compile(rb"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
SIMPLE_DECIMAL = r"^[+-]?[0-9]+(\.[0-9]+)?$"
SIMPLE_COORDINATE = r"^[+-]?[0-9]+([.,][0-9]+)?$"
NUMBER_CHARACTERS = r"^[0-9.,+-]*$"     # cells that parse_number_column's cleaning leaves as they are
TEXT_PROBES = 200                        # cells tried before a column is known to be text
# Characters Python's csv module or str.strip() treat otherwise than pyarrow: such files take the careful reader.
UNUSUAL = ('"', "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028", "\u2029",
           "\n\n", "\n\r\n")


# The same marks as UTF-8 bytes: UTF-8 is self-synchronising, so a byte search finds exactly the characters.
UNUSUAL_BYTES = tuple(mark.encode("utf-8") for mark in UNUSUAL)
BLANK_LINES = (b"\n\n", b"\n\r\n")


def _plain(data: bytes, width: int) -> bool:
    """No quotes, odd characters, blank lines or lone carriage returns: each record is one line
    (plain `in` and `count` on the bytes, each one fast pass). Skipped as needless: the non-ASCII
    marks in an ASCII file, and blank lines in a file of two or more columns (pyarrow reads such a
    line as a row of empty cells, which _has_blank_row finds, so the file still goes to the careful
    reader)."""
    marks = UNUSUAL_BYTES if not data.isascii() else tuple(m for m in UNUSUAL_BYTES if m.isascii())
    if width >= 2:
        marks = tuple(m for m in marks if m not in BLANK_LINES)
    return (not any(mark in data for mark in marks) and not data.startswith((b"\n", b"\r"))
            and (b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")))


def plain_table(text: str | bytes, delimiter: str, width: int) -> pa.Table | None:
    """The rows after the header as columns c0…c{width-1}; None unless the file is plain.
    `text` is the decoded text or its UTF-8 bytes (without a byte order mark): then nothing is decoded.

    Columns whose first rows are all plain decimals are read as float64 by the reader itself (it
    parses them in parallel, and the text of a million numbers is never held): the numbers
    `coordinates` and `numbers` would cast from their text, by the same parser (which also skips
    spaces around a number, as the careful reader's rules do). Every other column is text. When a
    later cell of such a column is no number, or not finite (which the rules treat by the text),
    the file is read again with every column as text."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if not _plain(data, width):
        return None
    numeric = _numeric_looking(data, delimiter, width)
    table = _read(data, delimiter, width, numeric)
    if numeric and (table is None or not all(_finite(table.column(n)) for n in numeric)):
        table = _read(data, delimiter, width, frozenset())
    if table is None or _has_blank_row(table):  # the careful reader skips rows of blank cells
        return None
    return table


def _numeric_looking(data: bytes, delimiter: str, width: int) -> frozenset[int]:
    """The columns whose cells in the first SAMPLE_BYTES after the header are all plain decimals."""
    lines = data[:SAMPLE_BYTES].split(b"\n")[1:-1]  # the header, and a line the sample may cut, left out
    separator = delimiter.encode()
    rows = [line.rstrip(b"\r").split(separator) for line in lines]
    if not rows or any(len(row) != width for row in rows):
        return frozenset()
    return frozenset(n for n in range(width) if all(PLAIN_DECIMAL.fullmatch(row[n]) for row in rows))


def _read(data: bytes, delimiter: str, width: int, numeric: frozenset[int]) -> pa.Table | None:
    names = [f"c{n}" for n in range(width)]
    try:
        return pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, newlines_in_values=False,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.float64() if n in numeric else pa.string() for n, name in enumerate(names)},
                null_values=[], strings_can_be_null=False, quoted_strings_can_be_null=False),
            memory_pool=POOL)
    except (pa.ArrowInvalid, UnicodeError):
        return None


def _finite(column: pa.ChunkedArray) -> bool:
    return bool(pc.all(pc.is_finite(column)).as_py() is not False)


def _blank(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(column)), 0).to_numpy(zero_copy_only=False)


def _has_blank_row(table: pa.Table) -> bool:
    """Whether a row has only blank cells; only the rows blank in the first column are looked at further.
    A column of numbers has no blank cell (the reader refuses an empty one), so then no row is blank."""
    if table.num_columns == 0 or table.num_rows == 0 or any(pa.types.is_floating(t) for t in table.schema.types):
        return False
    candidates = np.flatnonzero(_blank(table.column(0)))
    for column in table.columns[1:]:
        if not len(candidates):
            break
        candidates = candidates[_blank(column.take(pa.array(candidates)))]
    return len(candidates) > 0


def _float64(cells: pa.ChunkedArray | pa.Array) -> pa.Array | pa.ChunkedArray:
    return pc.cast(cells, pa.float64(), memory_pool=POOL)


@cache
def _cast_threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="csv-cast")


def _cast(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """float64 of every cell (ArrowInvalid if a cell is no number). The reader's blocks are cast on
    threads of their own (Arrow's cast releases the GIL, and it casts the chunks of a column one after
    the other): the five number columns of a million rows took 87 ms instead of 140 on 2 cores. One
    block is cast in place: pyarrow's own memory, read-only."""
    if isinstance(column, pa.ChunkedArray) and column.num_chunks > 1:
        values = np.empty(len(column))
        position = 0
        for chunk in _cast_threads().map(_float64, column.chunks):
            values[position:position + len(chunk)] = chunk.to_numpy(zero_copy_only=False)
            position += len(chunk)
        return values
    return _float64(column).to_numpy(zero_copy_only=False)


def _cast_all(column: pa.ChunkedArray) -> np.ndarray | None:
    """Every cell as a number when pyarrow reads each one as it is (no comma, space or empty cell:
    then float() of the cell, and so the Python rule, gives the same value); else None."""
    try:
        return _cast(column)
    except pa.ArrowInvalid:
        return None


def coordinates(column: pa.ChunkedArray) -> np.ndarray:
    """parse_coordinate of every cell (NaN where unusable)."""
    direct = _cast_all(column)
    if direct is not None:
        return direct
    simple = pc.match_substring_regex(column, SIMPLE_COORDINATE).to_numpy(zero_copy_only=False)
    values = np.full(len(column), np.nan)
    if simple.any():
        chosen = pc.filter(column, pa.array(simple))
        values[simple] = _cast(pc.replace_substring(chosen, ",", "."))
    for position in np.flatnonzero(~simple):
        values[position] = parse_coordinate(column[int(position)].as_py())
    return values


def numbers(column: pa.ChunkedArray) -> np.ndarray | None:
    """parse_number_column of the column: float64 values, or None when it is a text column."""
    direct = _cast_all(column)
    if direct is not None and np.isfinite(direct).all():  # no comma anywhere: '.' is the decimal point
        return direct
    empty = pc.equal(pc.utf8_length(column), 0)
    plain = pc.match_substring_regex(column, NUMBER_CHARACTERS)
    if not pc.all(plain).as_py():
        return _mixed(column, plain)
    if pc.all(empty).as_py():
        return None
    german = pc.any(pc.match_substring(column, ",")).as_py()
    cells = pc.replace_substring(pc.replace_substring(column, ".", ""), ",", ".") if german else column
    if not pc.all(pc.or_(empty, pc.match_substring_regex(cells, SIMPLE_DECIMAL))).as_py():
        return _python(column)
    values = _cast(pc.if_else(empty, pa.scalar("0"), cells)).copy()  # written below
    filled = ~empty.to_numpy(zero_copy_only=False)
    if not np.isfinite(values[filled]).all():  # '1' followed by 400 zeros: not a figure, as the rule says
        return _python(column)
    values[~filled] = np.nan
    return values


def _mixed(column: pa.ChunkedArray, plain: pa.ChunkedArray) -> np.ndarray | None:
    """A column with cells outside digits and separators: text, unless every cell cleans to a number."""
    others = pc.filter(column, pc.invert(plain))
    for cell in others.slice(0, TEXT_PROBES).to_pylist():
        if parse_number_column([cell]) is None and parse_number_column([cell, "0,5"]) is None:
            return None  # not a number in either convention: the column is text, whatever the rest holds
    return _python(column)


def _python(column: pa.ChunkedArray) -> np.ndarray | None:
    parsed = parse_number_column(column.to_pylist())
    return None if parsed is None else np.asarray(parsed, dtype=float)


def texts(column: pa.ChunkedArray) -> list[str]:
    return column.to_pylist()
