"""The careful CSV reader: every line kept, any encoding the scan found, quoted newlines, ragged rows.

Two passes, each holding one chunk: `layout` learns the widest row, the number of rows and where
every partition starts; `read_rows` then yields the rows of one partition in chunks with the line
each row starts on. Python's csv module parses, so rows are exactly what Excel wrote.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from batch.csv_scan import CsvFacts
from geo.errors import InvalidInput


@dataclass(frozen=True)
class Start:
    """Where a partition starts: the text position (TextIOWrapper.tell), its line and row index."""
    position: int
    line: int
    row: int


@dataclass(frozen=True)
class Layout:
    width: int  # the widest row or the header
    rows: int
    starts: list[Start]  # the first at the first data row, then one every partition_rows rows


def _lines(handle: TextIO) -> Iterator[str]:
    """Lines one by one with readline, which (unlike iteration) keeps handle.tell() usable."""
    while line := handle.readline():
        yield line


def _open(facts: CsvFacts) -> TextIO:
    try:
        return open(facts.path, encoding=facts.encoding, newline="")
    except OSError as error:
        raise InvalidInput(f"cannot read {facts.path}: {error.strerror}") from None


def layout(facts: CsvFacts, partition_rows: int | None = None) -> Layout:
    """First pass: width, row count and partition starts (one partition when partition_rows is None)."""
    width, rows, starts = len(facts.header), 0, []
    with _open(facts) as handle:
        reader = csv.reader(_lines(handle), delimiter=facts.delimiter)
        try:
            next(reader, None)
            starts.append(Start(handle.tell(), reader.line_num + 1, 0))
            for row in reader:
                rows += 1
                width = max(width, len(row))
                if partition_rows and rows % partition_rows == 0:
                    starts.append(Start(handle.tell(), reader.line_num + 1, rows))
        except csv.Error as error:
            raise InvalidInput(f"{facts.path}: not a readable CSV file ({error})") from None
    if len(starts) > 1 and starts[-1].row == rows:
        starts.pop()  # no partition after the last row
    return Layout(width, rows, starts)


def read_rows(facts: CsvFacts, start: Start, count: int, chunk_rows: int) -> Iterator[tuple[list[list[str]], list[int]]]:
    """Second pass: `count` rows from `start`, in chunks of rows and the lines they start on."""
    if count <= 0:
        return
    with _open(facts) as handle:
        handle.seek(start.position)
        reader = csv.reader(_lines(handle), delimiter=facts.delimiter)
        rows: list[list[str]] = []
        lines: list[int] = []
        previous_end = 0
        try:
            for row in reader:
                rows.append(row)
                lines.append(start.line + previous_end)
                previous_end = reader.line_num
                if len(rows) == chunk_rows:
                    yield rows, lines
                    rows, lines = [], []
                count -= 1
                if count == 0:
                    break
        except csv.Error as error:
            raise InvalidInput(f"{facts.path}: not a readable CSV file ({error})") from None
        if rows:
            yield rows, lines
