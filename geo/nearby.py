"""Sites nearest to a point, with distances in metres computed in EPSG:25832."""
from __future__ import annotations

import numpy as np

from geo.crs import lonlat_to_utm
from geo.repository import Repository

MAX_RADIUS_M = 50_000


def nearby_sites(repo: Repository, lon: float, lat: float, radius_m: float, limit: int,
                 programme: str | None = None) -> list[dict]:
    """Located sites within radius_m of the point, nearest first."""
    sites = repo.programmes.sites
    located = sites[sites["x"].notna()]
    if programme:
        located = located[located["programme"] == programme]
    x, y = lonlat_to_utm([lon], [lat])
    distance = np.hypot(located["x"].to_numpy() - x[0], located["y"].to_numpy() - y[0])
    order = np.argsort(distance, kind="stable")
    order = order[distance[order] <= radius_m][:limit]
    names = repo.commune_names
    out = []
    for index in order:
        site = located.iloc[index]
        out.append({
            "id": site["id"], "name": site["name"], "programme": site["programme"], "precision": site["precision"],
            "identification": site["identification"] or None, "status": site["status"], "address": site["address"] or None,
            "lon": round(float(site["lon"]), 6), "lat": round(float(site["lat"]), 6),
            "distance_m": round(float(distance[index]), 1), "ags": site["ags"], "commune": names[site["ags"]],
            "source": site["source"],
        })
    return out


def commune_level_sites(repo: Repository, ags: str, programme: str | None = None) -> list[dict]:
    """Sites of a commune whose position is not published: listed, never given a point."""
    sites = repo.programmes.sites
    unknown = sites[(sites["precision"] == "commune") & sites["code_list"].map(lambda codes: ags in codes)]
    if programme:
        unknown = unknown[unknown["programme"] == programme]
    return [{"id": s.id, "name": s.name, "programme": s.programme, "precision": "commune", "status": s.status,
             "address": s.address or None, "source": s.source} for s in unknown.itertuples()]
