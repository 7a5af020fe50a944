"""CLI commands that maintain the committed data."""
from __future__ import annotations

import argparse
from pathlib import Path

from geo.boundary_build import rebuild_boundaries as rebuild
from geo.settings import data_dir


def rebuild_boundaries(_repo, args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else data_dir() / "boundaries"
    rebuild(out)
    print(f"boundaries written to {out}")
    return 0
