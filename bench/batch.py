"""Batch geocoding benchmark: `ruhrkarte geocode` on seeded rows as CSV and Parquet, one process and
Dask, against the script a user would otherwise write (pandas.read_csv + geopandas.points_from_xy
+ sjoin + to_csv) on the same CSV file in the same run.

Every run is a separate process started as a user would start it, timed end to end (start-up and
data loading included) with its peak resident memory read by GNU time. The pandas script gets at
most --pandas-rows rows of the file (it holds everything in memory); rates are compared.
Usage: python bench/batch.py [--rows N] [--pandas-rows N] [--workers N] [--folder DIR]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

SEED = 20272
BLOCK = 1_000_000
# The Ruhr area's bounding box with a margin, so that some rows fall outside
LON, LAT = (6.35, 8.05), (51.05, 51.90)
RUHRKARTE = str(Path(sys.executable).parent / "ruhrkarte")
PANDAS_SCRIPT = """
import sys, geopandas as gpd, pandas as pd
source, target, rows, boundaries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
communes = gpd.read_file(boundaries)[["ags", "name", "geometry"]]
frame = pd.read_csv(source, nrows=rows)
points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
joined = gpd.sjoin(points.to_crs(communes.crs), communes, predicate="within", how="left")
joined.drop(columns=["geometry", "index_right"]).to_csv(target, index=False)
"""


def write_inputs(folder: Path, rows: int) -> tuple[Path, Path]:
    """Seeded id/lat/lon rows, written block by block as plain CSV and as Parquet."""
    rng = np.random.default_rng(SEED)
    csv_path, parquet_path = folder / "rows.csv", folder / "rows.parquet"
    schema = pa.schema([("id", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64())])
    options = pacsv.WriteOptions(quoting_style="none", include_header=False)  # pyarrow quotes a header
    with open(csv_path, "wb") as raw:
        raw.write(b"id,lat,lon\n")
    with open(csv_path, "ab") as raw, pacsv.CSVWriter(raw, schema, write_options=options) as csv_out, \
            pq.ParquetWriter(parquet_path, schema, compression="snappy") as parquet_out:
        for start in range(0, rows, BLOCK):
            count = min(BLOCK, rows - start)
            table = pa.table({"id": np.arange(start, start + count),
                              "lat": np.round(rng.uniform(*LAT, count), 6),
                              "lon": np.round(rng.uniform(*LON, count), 6)}, schema=schema)
            csv_out.write_table(table)
            parquet_out.write_table(table, row_group_size=BLOCK)
    return csv_path, parquet_path


def timed(*command: str) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB=%M", *command], check=False, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return seconds, int(result.stderr.rsplit("PEAK_KB=", 1)[1].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--pandas-rows", type=int, default=2_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folder", help="where the files go (default: a temporary folder, removed afterwards)")
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="ruhrkarte-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"disk free in {folder}: {shutil.disk_usage(folder).free / 1e9:.1f} GB")
    try:
        run(args, folder)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    started = time.perf_counter()
    csv_path, parquet_path = write_inputs(folder, args.rows)
    print(f"{args.rows:,} rows written in {time.perf_counter() - started:.1f} s: CSV {csv_path.stat().st_size / 1e6:,.0f} MB, "
          f"Parquet {parquet_path.stat().st_size / 1e6:,.0f} MB (seed {SEED})")

    parquet_s, parquet_mb = timed(RUHRKARTE, "geocode", str(parquet_path), "-o", str(folder / "out.parquet"))
    print(f"one process, Parquet -> Parquet: {parquet_s:.1f} s, {args.rows / parquet_s:,.0f} rows/s, peak {parquet_mb:.0f} MB")
    csv_s, csv_mb = timed(RUHRKARTE, "geocode", str(csv_path), "-o", str(folder / "out.csv"))
    print(f"one process, CSV -> CSV:         {csv_s:.1f} s, {args.rows / csv_s:,.0f} rows/s, peak {csv_mb:.0f} MB")
    single_check = pq.read_table(folder / "out.parquet", columns=["ags"]).column("ags")

    dask_rates = {}
    for workers in sorted({1, args.workers}):
        target = folder / f"dask{workers}.parquet"
        seconds, _ = timed(RUHRKARTE, "geocode", str(parquet_path), "-o", str(target), "--engine", "dask",
                           "--workers", str(workers))
        dask_rates[workers] = args.rows / seconds
        same = pq.read_table(target, columns=["ags"]).column("ags").equals(single_check)
        print(f"dask, {workers} local worker(s), Parquet -> Parquet folder: {seconds:.1f} s, "
              f"{dask_rates[workers]:,.0f} rows/s, same result as one process: {same}")
        assert same, "the Dask result differs from the single-process result"
        shutil.rmtree(target)

    pandas_rows = min(args.rows, args.pandas_rows)
    boundaries = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "communes.geojson"
    pandas_s, pandas_mb = timed(sys.executable, "-c", PANDAS_SCRIPT, str(csv_path), str(folder / "pandas.csv"),
                                str(pandas_rows), str(boundaries))
    pandas_rate = pandas_rows / pandas_s
    print(f"pandas + geopandas script on {pandas_rows:,} rows of the CSV: {pandas_s:.1f} s, {pandas_rate:,.0f} rows/s, "
          f"peak {pandas_mb:.0f} MB")

    single_rate = args.rows / parquet_s
    print(f"RESULT rows={args.rows} single_rows_per_s={single_rate:.0f} single_csv_rows_per_s={args.rows / csv_s:.0f} "
          f"single_peak_mb={max(parquet_mb, csv_mb):.0f} dask_rows_per_s={dask_rates[args.workers]:.0f} "
          f"dask_workers={args.workers} dask_1_worker_rows_per_s={dask_rates[1]:.0f} "
          f"dask_speedup={dask_rates[args.workers] / dask_rates[1]:.2f} pandas_geopandas_rows_per_s={pandas_rate:.0f} "
          f"ratio={args.rows / csv_s / pandas_rate:.2f}")


if __name__ == "__main__":
    main()
