"""`ruhrkarte maps build`: the pages as static HTML, with their libraries, for publishing without a server."""
from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import urlsplit

from geo.errors import InvalidInput
from geo.repository import Repository
from maps.assets import copy_assets
from maps.common import PageConfig
from maps.gemeinde import build_gemeinde
from maps.gemeinden_index import build_index
from maps.kreis import build_kreis
from geo.ruhr import KREISE
from maps.karte import build_karte
from maps.planung import build_planung


def build(repo: Repository, args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} exists and is not a folder")
    settings = args.settings
    api = args.api_url.rstrip("/") if args.api_url else None
    if api is not None and urlsplit(api).scheme not in ("http", "https"):
        raise InvalidInput(f"--api-url must be an http(s) URL, got {api!r}")
    # German only, and no landing page: the language switch and the link home need the service.
    config = PageConfig(vendor_base="vendor", static_base="static", api=api, commune_link="gemeinde-{ags}.html",
                        kreis_link="kreis-{code}.html", index_link="gemeinden.html", karte_link="index.html",
                        home_link=None, planung_link="planung.html", language_switch=False,
                        tile_url=settings.tile_url, tile_attribution=settings.tile_attribution,
                        display_tolerance_m=settings.display_tolerance_m)
    pages = {"index.html": lambda: build_karte(repo, config), "planung.html": lambda: build_planung(repo, config)}
    pages["gemeinden.html"] = lambda: build_index(repo, config)
    for ags in repo.portfolios.communes.index:
        pages[f"gemeinde-{ags}.html"] = lambda ags=ags: build_gemeinde(repo, ags, config)
    for code in KREISE:
        pages[f"kreis-{code}.html"] = lambda code=code: build_kreis(repo, code, config)
    try:
        out.mkdir(parents=True, exist_ok=True)
        copy_assets(out, settings.node_modules)
        for name, build_page in pages.items():
            (out / name).write_text(build_page(), encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot write to {out}: {error.strerror or error}") from None
    print(f"{len(pages)} pages written to {out} (index.html, planung.html, gemeinden.html, gemeinde-<AGS>.html, "
          "kreis-<code>.html)"
          + ("" if api else "; search and downloads need --api-url"))
    return 0
