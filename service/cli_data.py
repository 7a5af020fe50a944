"""CLI commands that maintain and check the committed data."""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from geo.boundary_build import rebuild_boundaries as rebuild
from geo.errors import DataError
from geo.manifest import MANIFEST_FILE, write_manifest
from geo.repository import inspect_data, problems_message

EXIT_PROBLEMS = 1


def rebuild_boundaries(_repo, args: argparse.Namespace) -> int:
    """Rebuild boundaries/; when that is the data folder's own, keep its manifest current."""
    folder = args.settings.data_dir
    out = Path(args.out) if args.out else folder / "boundaries"
    own = out.resolve() == (folder / "boundaries").resolve()
    changes = rebuild(out, data_root=folder if own else None)
    print(f"boundaries written to {out}")
    for change in changes:
        print(f"  {MANIFEST_FILE}: {change}")
    return 0


def seal(_repo, args: argparse.Namespace) -> int:
    """Check everything but the seal, then record every data file in MANIFEST.json."""
    folder = args.settings.data_dir
    report = inspect_data(folder, args.settings.grid_cell_m, sealed=False)
    if report.problems:
        raise DataError(f"not sealed, {problems_message(report.problems)}")
    changes = write_manifest(folder)
    print(f"{folder / MANIFEST_FILE}: {len(changes)} change(s); commit it with the data")
    for change in changes:
        print(f"  {change}")
    return 0


def check(_repo, args: argparse.Namespace) -> int:
    """Load exactly as `serve` does and report everything found, all problems at once."""
    report = inspect_data(args.settings.data_dir, args.settings.grid_cell_m)
    region, data, problems = report.region, report.programmes, report.problems
    print(f"boundaries: {len(region.communes)} communes, {len(region.districts)} districts, "
          f"{region.communes.area.sum() / 1e6:,.2f} km², population {int(region.communes['population'].sum()):,}")
    sites = data.sites
    print(f"sites: {len(sites)}")
    for (programme, precision), count in sorted(Counter(zip(sites["programme"], sites["precision"])).items()):
        print(f"  {programme:<13} {precision:<9} {count}")
    fgz = sites[sites["programme"] == "fgz"]
    print(f"FGZ identification: {dict(Counter(fgz['identification']))}")
    per_commune = Counter(code for codes in sites["code_list"] for code in codes)
    names = region.commune_names
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
    totals = report.repository.portfolios.region
    print(f"credited funding: {totals['funding_eur']:,.0f} EUR in {totals['funding_credited_figures']} figures; "
          f"shared: {totals['funding_shared_eur']:,.0f} EUR in {totals['funding_shared_figures']} figures")
    print(f"sealed: every data file matches {MANIFEST_FILE}")
    print("OK: no problems")
    return 0
