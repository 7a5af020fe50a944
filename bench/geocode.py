"""Geocoder benchmark: our grid index against geopandas.sjoin on 1,000,000 seeded points.

Both run in this process on the same EPSG:25832 points, so the ratio is what counts, not the
absolute times. Prints the start-up cost of the index, the extra memory the lookup needs, a
lon/lat figure (which adds the pyproj transform), and a machine-readable last line.
Usage: python bench/geocode.py [--points N] [--repeat K]
"""
from __future__ import annotations

import argparse
import time
import tracemalloc

import geopandas as gpd
import numpy as np

from geo.boundaries import load_region
from geo.crs import utm_to_lonlat
from geo.geocoder import Geocoder
from geo.settings import data_dir

SEED = 20271


def best_of(repeat: int, work) -> tuple[float, object]:
    """Fastest of `repeat` runs (the least disturbed by the rest of the machine)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    region = load_region(data_dir())
    loaded = time.perf_counter()
    geocoder = Geocoder(region.communes)
    built = time.perf_counter()
    print(f"data loaded and validated in {loaded - start:.3f} s; index built in {built - loaded:.3f} s "
          f"({geocoder.grid.nx}x{geocoder.grid.ny} cells of {geocoder.grid.cell:.0f} m, "
          f"{geocoder.grid.candidates.shape[0]} boundary cells)")

    rng = np.random.default_rng(SEED)
    minx, miny, maxx, maxy = region.communes.total_bounds
    x = rng.uniform(minx, maxx, args.points)
    y = rng.uniform(miny, maxy, args.points)

    tracemalloc.start()
    geocoder.locate_xy(x, y)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ours_s, ours = best_of(args.repeat, lambda: geocoder.locate_xy(x, y))

    communes = region.communes.sort_values("ags").reset_index(drop=True)[["ags", "geometry"]]

    def sjoin():
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=communes.crs)
        joined = gpd.sjoin(points, communes, predicate="within", how="left")
        return joined["index_right"].fillna(-1).to_numpy(dtype=np.int64)

    sjoin_s, reference = best_of(max(1, args.repeat // 2), sjoin)
    agree = float(np.mean(ours == reference))
    assert agree == 1.0, f"assignments differ for {np.sum(ours != reference)} points"

    lon, lat = utm_to_lonlat(x, y)
    lonlat_s, _ = best_of(args.repeat, lambda: geocoder.locate_lonlat(lon, lat))

    ours_rate, sjoin_rate = args.points / ours_s, args.points / sjoin_s
    inside = float(np.mean(ours >= 0))
    print(f"points: {args.points} over the Ruhr bounding box ({inside:.1%} inside a commune), seed {SEED}")
    print(f"ours (EPSG:25832 x/y):       {ours_rate:,.0f} points/s ({ours_s * 1000:.1f} ms)")
    print(f"ours (WGS84 lon/lat):        {args.points / lonlat_s:,.0f} points/s (includes the pyproj transform)")
    print(f"geopandas.sjoin(within):     {sjoin_rate:,.0f} points/s ({sjoin_s * 1000:.1f} ms)")
    print(f"extra memory during lookup:  {peak / 1e6:.1f} MB peak (tracemalloc)")
    print(f"index_build_s={built - loaded:.3f} extra_mb={peak / 1e6:.1f}")
    print(f"RESULT points={args.points} ours_pts_per_s={ours_rate:.0f} sjoin_pts_per_s={sjoin_rate:.0f} "
          f"ratio={ours_rate / sjoin_rate:.1f} agree={agree}")


if __name__ == "__main__":
    main()
