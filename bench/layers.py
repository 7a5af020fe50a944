"""Planners' layers benchmark: a seeded CSV of points with two value columns goes through the same
pipeline a planner uses (`POST /layers` on the app, then `GET /layers/{id}/summary`), timed from
the upload's first byte to the finished per-commune summary; beside it, the script a planner would
otherwise write (pandas.read_csv + geopandas.points_from_xy + sjoin + groupby) on the same file in
the same run, in a process of its own. Both must find the same points and sums in the Ruhr area. Then `GET /layers/{id}/map` at a few zooms (p50/p99 over repeated views, the first
view, which builds the layer's grid, reported on its own).

The app runs in this process on a fresh SQLite store in a temporary folder (nothing else is
touched). Usage: python -m bench.layers [--points N] [--profile FILE] [--folder DIR]
Ends with: RESULT points=… upload_to_summary_s=… geopandas_s=… ratio=…
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SEED = 20273
LON, LAT = (6.35, 8.05), (51.05, 51.90)   # the Ruhr area with a margin: some points lie outside
BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "communes.geojson"
# Views of the map: the whole region zoomed out, a city, a quarter (bbox in lon/lat, zoom).
VIEWS = (("6.3,51.0,8.1,51.95", 9), ("7.35,51.45,7.60,51.57", 12), ("7.44,51.50,7.48,51.52", 16))
REPEATS = 50


def write_points(path: Path, points: int) -> None:
    """id, name, lat, lon and two value columns (euro with cents, a count), seeded."""
    rng = np.random.default_rng(SEED)
    lat = np.round(rng.uniform(*LAT, points), 6)
    lon = np.round(rng.uniform(*LON, points), 6)
    euro = np.round(rng.gamma(2.0, 800.0, points), 2)
    places = rng.integers(1, 120, points)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("id,lat,lon,euro,plaetze\n")
        step = 200_000
        for start in range(0, points, step):
            stop = min(points, start + step)
            out.writelines(f"{n},{a:.6f},{o:.6f},{e:.2f},{p}\n" for n, a, o, e, p in zip(
                range(start, stop), lat[start:stop], lon[start:stop], euro[start:stop], places[start:stop]))


GEOPANDAS_SCRIPT = """
import json, sys, time
import geopandas as gpd, pandas as pd
source, boundaries = sys.argv[1], sys.argv[2]
started = time.perf_counter()
communes = gpd.read_file(boundaries)[["ags", "geometry"]]
frame = pd.read_csv(source)
points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
joined = gpd.sjoin(points.to_crs(communes.crs), communes, predicate="within", how="inner")
table = joined.groupby("ags").agg(features=("id", "size"), euro_sum=("euro", "sum"), plaetze_sum=("plaetze", "sum"))
print(json.dumps({"seconds": time.perf_counter() - started, "features": int(table["features"].sum()),
                  "euro_sum": float(table["euro_sum"].sum())}))
"""


def geopandas_script(path: Path) -> dict:
    """What a planner scripts (read, points, join the communes, sum per commune), in a fresh process of
    its own so that it meets no heap of ours; timed inside, after its imports."""
    done = subprocess.run([sys.executable, "-c", GEOPANDAS_SCRIPT, str(path), str(BOUNDARIES)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def open_app(folder: Path, points: int):
    from fastapi.testclient import TestClient

    from geo.repository import load_repository
    from service.app import create_app
    from service.live import open_settings_store
    from service.settings import load_settings
    settings = load_settings(state_dir=folder / "state", layer_max_mb=max(50, points // 10_000),
                             layer_max_features=max(points, 1), layer_quota_mb=max(500, points // 1_000))
    repo = load_repository(settings.data_dir, settings.grid_cell_m)
    store = open_settings_store(settings, repo)
    token = store.add_account("bench", "curator")
    return TestClient(create_app(repo, settings, store), base_url="http://127.0.0.1"), store, \
        {"Authorization": f"Bearer {token}"}


def upload_to_summary(client, headers: dict, path: Path) -> tuple[int, dict, float]:
    started = time.perf_counter()
    created = client.post("/layers", headers=headers, files={"file": (path.name, path.read_bytes(), "text/csv")},
                          data={"title": "Benchmark"})
    assert created.status_code == 201, created.text[:500]
    layer_id = created.json()["id"]
    summary = client.get(f"/layers/{layer_id}/summary", headers=headers)
    assert summary.status_code == 200, summary.text[:500]
    return layer_id, summary.json(), time.perf_counter() - started


def map_timings(client, headers: dict, layer_id: int) -> list[str]:
    lines = []
    started = time.perf_counter()
    first = client.get(f"/layers/{layer_id}/map", headers=headers, params={"bbox": VIEWS[0][0], "zoom": VIEWS[0][1]})
    lines.append(f"map first view (builds the grid): {(time.perf_counter() - started) * 1000:.0f} ms, "
                 f"{len(first.content):,} bytes")
    for bbox, zoom in VIEWS:
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            answer = client.get(f"/layers/{layer_id}/map", headers=headers, params={"bbox": bbox, "zoom": zoom})
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text[:300]
        body = answer.json()
        times.sort()
        lines.append(f"map zoom={zoom} bbox={bbox}: p50={statistics.median(times):.1f} ms "
                     f"p99={times[min(len(times) - 1, int(len(times) * 0.99))]:.1f} ms, "
                     f"{body['numberMatched']:,} features in the box, {len(body['features']):,} sent "
                     f"({'clusters' if body['aggregated'] else 'features'}), {len(answer.content):,} bytes")
    return lines


def run(args: argparse.Namespace, folder: Path) -> None:
    path = folder / "points.csv"
    write_points(path, args.points)
    print(f"{args.points:,} points, {path.stat().st_size / 1e6:.1f} MB CSV", flush=True)
    client, store, headers = open_app(folder, args.points)
    with client:
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        layer_id, summary, ours = upload_to_summary(client, headers, path)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        print(f"upload to summary: {ours:.2f} s", flush=True)
        theirs = geopandas_script(path)
        geopandas_s = theirs["seconds"]
        print(f"geopandas script: {geopandas_s:.2f} s", flush=True)
        region = next(u for u in summary["units"] if u["code"] == "ruhr")
        assert region["features"] == theirs["features"], (region["features"], theirs["features"])
        assert abs(region["euro_sum"] - theirs["euro_sum"]) < 1e-6 * max(1.0, region["euro_sum"])
        print(f"same result: {region['features']:,} points in the Ruhr area, "
              f"euro {region['euro_sum']:,.2f}", flush=True)
        for line in map_timings(client, headers, layer_id):
            print(line, flush=True)
    store.close()
    print(f"RESULT points={args.points} upload_to_summary_s={ours:.2f} geopandas_s={geopandas_s:.2f} "
          f"ratio={geopandas_s / ours:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--profile", help="write a cProfile of the upload to this file")
    parser.add_argument("--folder", help="work here instead of a temporary folder (kept)")
    args = parser.parse_args()
    if args.folder:
        os.makedirs(args.folder, exist_ok=True)
        run(args, Path(args.folder))
    else:
        with tempfile.TemporaryDirectory(prefix="ruhrkarte-bench-layers-") as folder:
            run(args, Path(folder))


if __name__ == "__main__":
    main()
