"""An input file planned as partitions, and the geocoded batches of one partition.

A Source is small and picklable: the file's facts (encoding, separator, header, coordinate
columns, width) and where each partition starts. One process reads its single partition; a Dask
job sends every partition to a worker. Both read a partition with `geocoded_batches`, so the
rows, statuses and numbers are the same whichever engine runs.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from batch import csv_careful, csv_fast, parquet_source
from batch.arrow_geocode import coordinates, geocode_batch
from batch.csv_scan import CsvFacts, scan_csv
from batch.writers import is_parquet_path, unique_names
from geo.csv_geocode import Columns, GeocodeReport, geocode_rows, output_names
from geo.errors import InvalidInput
from geo.geocoder import Geocoder

Batch = tuple[list[pa.Array], np.ndarray]  # output columns and each row's line (or row) number


@dataclass(frozen=True)
class Part:
    index: int
    start: int  # byte offset (fast CSV), text position (careful CSV) or first row group (Parquet)
    stop: int  # end byte offset (fast CSV), row count (careful CSV) or end row group (Parquet)
    first_line: int  # the line (CSV) or row number (Parquet) of the partition's first row
    rows: int


@dataclass(frozen=True)
class Source:
    path: Path
    kind: str  # "csv-fast", "csv-careful" or "parquet"
    columns: Columns
    parts: list[Part]
    rows: int
    csv_format: tuple[str, str, str] = ("utf-8", ",", "\n")  # encoding, separator, line ending of CSV output
    facts: CsvFacts | None = None
    geometry: parquet_source.Geometry | None = None
    metadata: dict = field(default_factory=dict)  # Parquet schema metadata kept in the output (GeoParquet)

    @property
    def label(self) -> str:
        return "row" if self.kind == "parquet" else "line"

    def output_header(self) -> list[str]:
        return self.columns.output_header()

    def parquet_names(self) -> list[str]:
        header = self.columns.header
        if self.kind == "parquet":  # the input's own names stay; the new ones never clash with them
            return header + output_names(header)
        return unique_names(self.output_header())


def is_parquet(path: Path) -> bool:
    if is_parquet_path(path):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False


def plan(path: Path, lat: str | None, lon: str | None, partition_rows: int | None = None,
         fast: bool = True, partition_bytes: int = 0) -> Source:
    """Read what the file is and split it: one partition, or about partition_rows/_bytes each."""
    if is_parquet(path):
        return _plan_parquet(path, lat, lon, partition_rows)
    facts = scan_csv(path, mark_bytes=partition_bytes if fast else 0)
    csv_format = (facts.encoding, facts.delimiter, facts.newline)
    if fast and facts.fast:
        columns = Columns.find(facts.header, len(facts.header), lat, lon)
        starts = [(facts.header_end, 2), *facts.marks]
        ends = [*facts.marks, (facts.size, facts.data_lines + 2)]
        parts = [Part(i, s[0], e[0], s[1], e[1] - s[1]) for i, (s, e) in enumerate(zip(starts, ends))]
        return Source(path, "csv-fast", columns, parts, facts.data_lines, csv_format, facts)
    return careful_plan(facts, lat, lon, partition_rows)


def careful_plan(facts: CsvFacts, lat: str | None, lon: str | None, partition_rows: int | None) -> Source:
    """The careful reader's plan, also where the fast path gave up."""
    Columns.find(facts.header, len(facts.header), lat, lon)  # a missing column is named before the long pass
    shape = csv_careful.layout(facts, partition_rows)
    columns = Columns.find(facts.header, shape.width, lat, lon)
    counts = [b.row - a.row for a, b in zip(shape.starts, shape.starts[1:])] + [shape.rows - shape.starts[-1].row]
    parts = [Part(i, s.position, n, s.line, n) for i, (s, n) in enumerate(zip(shape.starts, counts))]
    return Source(facts.path, "csv-careful", columns, parts, shape.rows,
                  (facts.encoding, facts.delimiter, facts.newline), facts)


def _plan_parquet(path: Path, lat: str | None, lon: str | None, partition_rows: int | None) -> Source:
    info = parquet_source.describe(path, lat, lon)
    groups = info.group_rows
    parts, first, start, rows = [], 1, 0, 0
    for index, count in enumerate(groups):
        rows += count
        if partition_rows is None and index < len(groups) - 1:
            continue
        if partition_rows is not None and rows < partition_rows and index < len(groups) - 1:
            continue
        parts.append(Part(len(parts), start, index + 1, first, rows))
        first, start, rows = first + rows, index + 1, 0
    if not parts:
        parts = [Part(0, 0, 0, 1, 0)]
    return Source(path, "parquet", info.columns, parts, sum(groups), geometry=info.geometry, metadata=info.metadata)


def geocoded_batches(source: Source, part: Part, geocoder: Geocoder, names: dict[str, str], report: GeocodeReport,
                     chunk_rows: int) -> Iterator[Batch]:
    """The output columns of one partition, chunk by chunk; `report` counts its rows.

    On the fast path a row the columnar reader cannot keep raises csv_fast.FastPathUnsafe.
    """
    report.label = source.label
    columns = source.columns
    if source.kind == "csv-careful":
        for rows, lines in csv_careful.read_rows(source.facts, csv_careful.Start(part.start, part.first_line, 0),
                                                 part.stop, chunk_rows):
            out = geocode_rows(rows, lines, columns, geocoder, names, report)
            yield [pa.array(cells, pa.string()) for cells in zip(*out)], np.asarray(lines)
        return
    if source.kind == "csv-fast":
        batches = csv_fast.read_batches(source.facts, part.start, part.stop)
    else:
        batches = parquet_source.read_batches(source.path, part.start, part.stop, chunk_rows)
    line = part.first_line
    for batch in batches:
        lines = np.arange(line, line + batch.num_rows)
        line += batch.num_rows
        problems = None
        if source.geometry is not None:
            lon, lat, problems = source.geometry.points(batch.column(source.geometry.column))
        else:
            lon, lat = coordinates(batch.column(columns.lon)), coordinates(batch.column(columns.lat))
        added = geocode_batch(batch, lon, lat, lines, geocoder, names, report, problems)
        yield [*batch.columns, *added], lines


def check_rows(source: Source, part: Part, seen: int) -> None:
    """A partition must yield the rows it was planned with; the file changed while it was read if not."""
    if seen != part.rows:
        raise InvalidInput(f"{source.path} changed while it was read ({seen} rows where {part.rows} were counted)")
