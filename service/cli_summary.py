"""CLI: per-commune portfolios, one place or the whole table."""
from __future__ import annotations

import argparse
import sys


from geo.errors import InvalidInput
from geo.jsonable import plain
from geo.portfolio_report import commune_report, district_report, summary_csv
from geo.repository import Repository
from service.cli_output import print_json, print_table


def _print_place(repo: Repository, report: dict) -> None:
    title = report["name"] if report["kind"] == "district" else f"{report['name']} (AGS {report['ags']}, {report['district_name']})"
    print(title)
    print(f"  population {report['population']:,}")
    for programme in repo.programmes.registry:
        print(f"  {programme.label_en}: {report['sites'][programme.id]}")
    print(f"  of these only known at commune level: {report['sites_commune_level']}")
    print(f"  funding credited: {report['funding_eur']:,.0f} EUR = {report['funding_per_inhabitant_eur']:.2f} EUR per inhabitant "
          f"(rank {report['rank_funding_per_inhabitant']} of {report['rank_of']})")
    print(f"  5-Standorte-Programm: {'yes' if report['five_sites_member'] else 'no'}")
    if report["funding_figures"]:
        print("  funding figures:")
        for figure in report["funding_figures"]:
            print(f"    {figure['figure_id']}: {figure['amount_eur']:,.0f} EUR, {figure['title']} [{figure['counted_text']}]")


def summary(repo: Repository, args: argparse.Namespace) -> int:
    if bool(args.place) == bool(args.all):
        raise InvalidInput("name one commune or Kreis (AGS or name), or use --all")
    if args.csv and not args.all:
        raise InvalidInput("--csv goes with --all")
    if args.all:
        table = repo.portfolios.communes
        if args.csv:
            sys.stdout.write(summary_csv(table))
        elif args.json:
            print_json({"communes": [{k: plain(v) for k, v in r.items()}
                                     for r in table.to_dict("records")],
                        "region": repo.portfolios.region})
        else:
            site_columns = repo.programmes.registry.site_columns
            columns = ["ags", "name", *site_columns.values(), "sites_commune_level", "funding_eur",
                       "funding_per_inhabitant_eur", "rank_funding_per_inhabitant"]
            print_table(["AGS", "Name", *site_columns, "commune-level", "funding EUR", "EUR/inh.", "rank"],
                        [[r[c] if not isinstance(r[c], float) or c != "funding_eur" else int(r[c]) for c in columns]
                         for r in table.to_dict("records")])
        return 0
    place = repo.gazetteer.resolve(args.place)
    report = commune_report(repo, place.code) if place.kind == "commune" else district_report(repo, place.code)
    if args.json:
        print_json(report)
    else:
        _print_place(repo, report)
    return 0
