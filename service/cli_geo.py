"""CLI commands on the boundaries: list communes, locate a point, geocode a CSV or Parquet file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.csv_geocode import parse_coordinate
from geo.errors import InvalidInput
from geo.grid_index import OUTSIDE
from geo.repository import Repository
from service.cli_output import print_json, print_table, progress_bar

EXIT_OUTSIDE = 1


def communes(repo: Repository, args: argparse.Namespace) -> int:
    frame = repo.region.communes
    records = [
        {
            "ags": r.ags, "name": r.name, "district_code": r.district_code, "district": r.district_name,
            "population": int(r.population), "area_km2": round(float(r.area_km2), 2),
        }
        for r in frame.itertuples()
    ]
    if args.json:
        print_json(records)
    else:
        print_table(["AGS", "Name", "District", "Population", "Area km²"],
                    [[r["ags"], r["name"], r["district"], r["population"], r["area_km2"]] for r in records])
    return 0


def locate(repo: Repository, args: argparse.Namespace) -> int:
    lat, lon = parse_coordinate(args.lat), parse_coordinate(args.lon)
    for label, raw, value in (("latitude", args.lat, lat), ("longitude", args.lon, lon)):
        if value != value:
            raise InvalidInput(f"{label} {raw!r} is not a number")
    position = repo.geocoder.locate_lonlat([lon], [lat])[0]
    if position == OUTSIDE:
        result = {"ags": None, "name": None, "district": None}
    else:
        info = repo.commune_info()[repo.geocoder.ags[position]]
        result = {"ags": info["ags"], "name": info["name"], "district": info["district"]}
    if args.json:
        print_json(result)
    elif result["ags"] is None:
        print(f"{lat}, {lon}: outside the Ruhr area")
    else:
        print(f"{result['name']} (AGS {result['ags']}, {result['district']})")
    return EXIT_OUTSIDE if result["ags"] is None else 0


def geocode(repo: Repository, args: argparse.Namespace) -> int:
    source, target = Path(args.input), Path(args.output)
    progress = progress_bar("geocoding")
    # pyarrow and dask are imported only by the command that uses them, not by serve or locate
    if args.engine == "dask":
        from batch.dask_job import geocode_file_dask
        report = geocode_file_dask(source, target, repo.geocoder, repo.commune_names, lat=args.lat, lon=args.lon,
                                   scheduler=args.scheduler, workers=args.workers, progress=progress)
    else:
        from batch.job import geocode_file
        report = geocode_file(source, target, repo.geocoder, repo.commune_names, lat=args.lat, lon=args.lon,
                              progress=progress, chunk_rows=args.chunk_rows)
    print(report.summary(), file=sys.stderr)
    listed = report.listed()
    for line, note in listed:
        print(f"  {report.label} {line}: {note}", file=sys.stderr)
    hidden = report.unusable_count + report.ragged_count - len(listed)
    if hidden > 0:
        print(f"  … and {hidden} more (marked in the output)", file=sys.stderr)
    return 0
