"""Geocode a file in one process, one chunk in memory at a time, into CSV or Parquet.

The fast path is tried first where the scan allows it; a row it cannot keep (a blank line, a row
of another width) makes the job start again on the careful path, whose output is the same for
every row the fast path can read.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from batch.csv_fast import FastPathUnsafe
from batch.sources import Source, careful_plan, check_rows, geocoded_batches, plan
from batch.writers import CsvWriter, ParquetWriter, Staged, check_folder, is_parquet_path
from geo.csv_geocode import CHUNK_ROWS, GeocodeReport, refuse_same_file
from geo.geocoder import Geocoder

Progress = Callable[[int, int], None]


def make_writer(source: Source, path: Path, target: Path, header: bool = True) -> CsvWriter | ParquetWriter:
    """A Parquet writer for a .parquet/.geoparquet target, else CSV in the input's own format."""
    if is_parquet_path(target):
        geo = {b"geo": source.metadata[b"geo"]} if b"geo" in source.metadata else None
        return ParquetWriter(path, target, source.parquet_names(), geo)
    return CsvWriter(path, target, *source.csv_format, source.output_header() if header else None)


def _run(source: Source, target: Path, geocoder: Geocoder, names: dict[str, str], progress: Progress | None,
         chunk_rows: int) -> GeocodeReport:
    staged = Staged(target)
    report = GeocodeReport(label=source.label)
    writer = make_writer(source, staged.path, target)
    done = 0
    try:
        for part in source.parts:
            seen = 0
            for columns, lines in geocoded_batches(source, part, geocoder, names, report, chunk_rows):
                writer.write(columns, lines)
                seen += len(lines)
                done += len(lines)
                if progress:
                    progress(done, source.rows)
            check_rows(source, part, seen)
        writer.close()
    except BaseException:
        writer.close()
        staged.discard()
        raise
    staged.commit()
    return report


def geocode_file(source_path: Path, target: Path, geocoder: Geocoder, names: dict[str, str], lat: str | None = None,
                 lon: str | None = None, progress: Progress | None = None, chunk_rows: int = CHUNK_ROWS,
                 fast: bool = True) -> GeocodeReport:
    """Geocode source_path into target (never the same file); returns the report of every row."""
    refuse_same_file(source_path, target)
    check_folder(target)
    source = plan(source_path, lat, lon, fast=fast)
    try:
        return _run(source, target, geocoder, names, progress, chunk_rows)
    except FastPathUnsafe:
        return _run(careful_plan(source.facts, lat, lon, None), target, geocoder, names, progress, chunk_rows)
