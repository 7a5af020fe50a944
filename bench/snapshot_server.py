"""The committed edition served as a read-only snapshot (no store), on the same server stack and
settings as `ruhrkarte serve`: bench/api.py compares the living data's read throughput with it
(issue 11: within 10 %).

    python -m bench.snapshot_server PORT
"""
from __future__ import annotations

import sys

from geo.repository import load_repository
from service.app import create_app
from service.server import run_server
from service.settings import load_settings


def main() -> None:
    settings = load_settings(port=int(sys.argv[1]))
    run_server(create_app(load_repository(settings.data_dir, settings.grid_cell_m), settings), settings)


if __name__ == "__main__":
    main()
