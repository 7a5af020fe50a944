"""`ruhrkarte maps build`: the pages as static HTML, with their libraries, for publishing without a server."""
from __future__ import annotations

import argparse
from pathlib import Path

from geo.errors import InvalidInput
from geo.repository import Repository
from maps.assets import copy_assets
from maps.common import PageConfig
from maps.gemeinde import build_gemeinde
from maps.karte import build_karte
from maps.planung import build_planung
from service.settings import Settings


def build(repo: Repository, args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    api = args.api_url.rstrip("/") if args.api_url else None
    config = PageConfig(vendor_base="vendor", static_base="static", api=api, commune_link="gemeinde-{ags}.html",
                        karte_link="index.html", tile_url=settings.tile_url, tile_attribution=settings.tile_attribution)
    copy_assets(out)
    (out / "index.html").write_text(build_karte(repo, config), encoding="utf-8")
    (out / "planung.html").write_text(build_planung(repo, config), encoding="utf-8")
    for ags in repo.portfolios.communes.index:
        (out / f"gemeinde-{ags}.html").write_text(build_gemeinde(repo, ags, config), encoding="utf-8")
    print(f"{2 + len(repo.portfolios.communes)} pages written to {out} (index.html, planung.html, gemeinde-<AGS>.html)"
          + ("" if api else "; search and downloads need --api-url"))
    return 0
