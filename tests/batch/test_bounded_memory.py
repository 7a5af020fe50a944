"""Memory does not grow with the file: a whole job holds one block or chunk at a time.

Each job runs on a file and on one four times as long, with small blocks, and counts what it
holds: Python objects through tracemalloc (a copy of the input as `bytes` would show there) and
Arrow buffers through pyarrow's allocator, looked at after every written batch. The bound is a
small share of the added input, many blocks wide, so no timing or machine load matters.
"""
import tracemalloc

import numpy as np
import pyarrow as pa
import pytest

from batch import csv_fast, csv_scan
from batch.job import geocode_file

BLOCK = 64 * 1024


def _write_plain_csv(path, rows: int) -> int:
    """id;lat;lon;note rows with decimal commas, some outside the Ruhr area; returns the size in bytes."""
    rng = np.random.default_rng(13)
    ids = np.arange(rows).astype(str)
    lat = np.char.replace(np.round(rng.uniform(51.05, 51.9, rows), 6).astype(str), ".", ",")
    lon = np.char.replace(np.round(rng.uniform(6.35, 8.05, rows), 6).astype(str), ".", ",")
    body = "\n".join(";".join(cells) for cells in zip(ids, lat, lon, ["Zeile"] * rows))
    path.write_text("id;lat;lon;note\n" + body + "\n", encoding="utf-8")
    return path.stat().st_size


def _held_while_geocoding(repo, source, target, **options) -> tuple[int, int]:
    """The most bytes Python objects and Arrow buffers held at once during the job."""
    arrow_held = [pa.total_allocated_bytes()]
    start_arrow = arrow_held[0]
    tracemalloc.start()
    try:
        geocode_file(source, target, repo.geocoder, repo.commune_names,
                     progress=lambda done, total: arrow_held.append(pa.total_allocated_bytes()), **options)
        _, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return python_peak, max(arrow_held) - start_arrow


def _growth(repo, folder, rows: int, output: str, **options) -> tuple[int, int, int]:
    """What a file four times as long made the job hold more (Python, Arrow), and the small file's size."""
    held = []
    for count in (rows, 4 * rows):
        size = _write_plain_csv(folder / f"in-{count}.csv", count)
        held.append((*_held_while_geocoding(repo, folder / f"in-{count}.csv", folder / f"{count}-{output}",
                                            **options), size))
    (python_small, arrow_small, size), (python_big, arrow_big, _) = held
    return python_big - python_small, arrow_big - arrow_small, size


@pytest.mark.parametrize("output", ["out.csv", "out.parquet"])
def test_the_fast_csv_path_holds_one_block_not_the_file(repo, tmp_path, monkeypatch, output):
    monkeypatch.setattr(csv_scan, "PIECE_BYTES", BLOCK)
    monkeypatch.setattr(csv_fast, "BLOCK_BYTES", BLOCK)
    python_more, arrow_more, size = _growth(repo, tmp_path, 75_000, output)  # 2.3 and 9.4 MB: 150 blocks
    assert python_more < size / 4, f"Python held {python_more:,} bytes more for {3 * size:,} bytes more input"
    assert arrow_more < size / 4, f"Arrow held {arrow_more:,} bytes more for {3 * size:,} bytes more input"


def test_the_careful_csv_path_holds_one_chunk_not_the_file(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(csv_scan, "PIECE_BYTES", BLOCK)
    python_more, arrow_more, size = _growth(repo, tmp_path, 12_000, "out.csv", fast=False, chunk_rows=500)
    assert python_more < size / 4, f"Python held {python_more:,} bytes more for {3 * size:,} bytes more input"
    assert arrow_more < size / 4, f"Arrow held {arrow_more:,} bytes more for {3 * size:,} bytes more input"
