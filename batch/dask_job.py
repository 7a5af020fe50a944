"""The same geocoding job on a Dask cluster: one task per partition, the index shipped once per worker.

The client plans the partitions (byte ranges of a plain CSV, row ranges found by the careful
reader, or Parquet row groups) and scatters the geocoder to every worker once. Each task reads
its partition with the same code as the single-process job and writes it: a Parquet target
becomes a folder of part files, a CSV target one file joined in partition order by the client.
Workers must see the input and output paths (a local cluster, or a shared file system).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
from pathlib import Path

from batch.csv_fast import FastPathUnsafe
from batch.job import Progress, make_writer
from batch.sources import Part, Source, careful_plan, check_rows, geocoded_batches, plan
from batch.writers import Staged, check_folder, is_parquet_path
from geo.csv_geocode import CHUNK_ROWS, GeocodeReport, refuse_same_file
from geo.errors import InvalidInput
from geo.geocoder import Geocoder

PARTITION_ROWS = 1_000_000
PARTITION_BYTES = 64 * 1024 * 1024


def geocode_part(source: Source, part: Part, index: tuple[Geocoder, dict[str, str]], folder: str, target: str,
                 chunk_rows: int) -> GeocodeReport:
    """On a worker: geocode one partition into its part file in `folder`."""
    geocoder, names = index
    suffix = ".parquet" if is_parquet_path(Path(target)) else ".csv"
    path = Path(folder) / f"part-{part.index:05d}{suffix}"
    report = GeocodeReport(label=source.label)
    writer = make_writer(source, path, Path(target), header=False)
    seen = 0
    try:
        for columns, lines in geocoded_batches(source, part, geocoder, names, report, chunk_rows):
            writer.write(columns, lines)
            seen += len(lines)
        check_rows(source, part, seen)
    finally:
        writer.close()
    return report


def _client(scheduler: str | None, workers: int | None):
    """A client of the given scheduler, or of a local cluster started for this job.

    Local workers are forked from this process where the system allows it: a forked worker has
    every module and the data already loaded, so it is ready in a fraction of a second, where a
    spawned one imports Python, pyarrow, shapely and the main script (the whole `ruhrkarte`
    command) anew, seconds of fixed cost per worker that no number of cores pays back.
    """
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="5s"), None
        except (OSError, TimeoutError) as error:
            raise InvalidInput(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        # No dashboard; the scheduler's own HTTP endpoint on any free loopback port, not on 8787,
        # where a busy port made Dask print a warning into the command's output.
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                               silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _run(client, source: Source, target: Path, index, progress: Progress | None, chunk_rows: int) -> GeocodeReport:
    from distributed import as_completed

    staged = Staged(target, f"-{source.kind}")  # a task of a given-up attempt never writes into the next one's
    folder = staged.path if is_parquet_path(target) else staged.path.with_name(staged.path.name + ".parts")
    folder.mkdir()
    futures = []
    try:
        futures = [client.submit(geocode_part, source, part, index, str(folder), str(target), chunk_rows,
                                 pure=False) for part in source.parts]
        done = 0
        for future in as_completed(futures):
            future.result()
            done += source.parts[futures.index(future)].rows
            if progress:
                progress(done, source.rows)
        report = GeocodeReport(label=source.label)
        for future in futures:
            report.merge(future.result())
        if not is_parquet_path(target):
            _join_csv(source, folder, staged, target)
    except BaseException:
        client.cancel(futures)
        staged.discard()
        raise
    finally:
        if folder != staged.path:
            shutil.rmtree(folder, ignore_errors=True)
    staged.commit()
    return report


def _join_csv(source: Source, folder: Path, staged: Staged, target: Path) -> None:
    """The header, then every part in partition order, into the one staged CSV file."""
    writer = make_writer(source, staged.path, target)
    try:
        for number in range(len(source.parts)):
            with open(folder / f"part-{number:05d}.csv", "rb") as part:
                shutil.copyfileobj(part, writer.handle, 16 * 1024 * 1024)
    finally:
        writer.close()


def geocode_file_dask(source_path: Path, target: Path, geocoder: Geocoder, names: dict[str, str],
                      lat: str | None = None, lon: str | None = None, scheduler: str | None = None,
                      workers: int | None = None, progress: Progress | None = None,
                      partition_rows: int = PARTITION_ROWS, partition_bytes: int = PARTITION_BYTES,
                      chunk_rows: int = CHUNK_ROWS) -> GeocodeReport:
    """Geocode on a Dask cluster (a local one when no scheduler address is given)."""
    refuse_same_file(source_path, target)
    check_folder(target)
    if is_parquet_path(target) and target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InvalidInput(f"{target} exists; with --engine dask a Parquet output is a new folder of part files")
    source = plan(source_path, lat, lon, partition_rows, fast=True, partition_bytes=partition_bytes)
    client, cluster = _client(scheduler, workers)
    try:
        index = client.scatter((geocoder, names), broadcast=True, hash=False)
        try:
            return _run(client, source, target, index, progress, chunk_rows)
        except FastPathUnsafe:
            careful = careful_plan(source.facts, lat, lon, partition_rows)
            return _run(client, careful, target, index, progress, chunk_rows)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
