"""CLI commands that maintain and check the committed data."""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from geo.boundaries import load_region
from geo.boundary_build import rebuild_boundaries as rebuild
from geo.geocoder import Geocoder
from geo.portfolio import build_portfolios
from geo.programme_data import load_programme_data

EXIT_PROBLEMS = 1


def rebuild_boundaries(_repo, args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else args.settings.data_dir / "boundaries"
    rebuild(out)
    print(f"boundaries written to {out}")
    return 0


def check(_repo, args: argparse.Namespace) -> int:
    """Run every check and report all problems at once (loading stops at them)."""
    folder = args.settings.data_dir
    region = load_region(folder)
    print(f"boundaries: {len(region.communes)} communes, {len(region.districts)} districts, "
          f"{region.communes.area.sum() / 1e6:,.2f} km², population {int(region.communes['population'].sum()):,}")
    data, problems = load_programme_data(folder, region, Geocoder(region.communes), strict=False)
    sites = data.sites
    print(f"sites: {len(sites)}")
    for (programme, precision), count in sorted(Counter(zip(sites["programme"], sites["precision"])).items()):
        print(f"  {programme:<13} {precision:<9} {count}")
    fgz = sites[sites["programme"] == "fgz"]
    print(f"FGZ identification: {dict(Counter(fgz['identification']))}")
    per_commune = Counter(code for codes in sites["code_list"] for code in codes)
    names = dict(zip(region.communes["ags"], region.communes["name"]))
    print(f"communes with sites: {sum(1 for c in per_commune if c in names)} of {len(names)}")
    for code, count in sorted(per_commune.items()):
        print(f"  {code} {names.get(code, '(Kreis)'):<22} {count}")
    print(f"projects: {len(data.projects)}; funding figures: {len(data.funding)} "
          f"({(data.funding['shared'] == 'true').sum()} shared, {(data.funding['measure'] == 'rate').sum()} rates)")
    if problems:
        print(f"PROBLEMS: {len(problems)}")
        for problem in problems:
            print(f"  {problem}")
        return EXIT_PROBLEMS
    totals = build_portfolios(data, region).region
    print(f"credited funding: {totals['funding_eur']:,.0f} EUR in {totals['funding_credited_figures']} figures; "
          f"shared: {totals['funding_shared_eur']:,.0f} EUR in {totals['funding_shared_figures']} figures")
    print("OK: no problems")
    return 0
