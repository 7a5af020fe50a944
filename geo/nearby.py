"""Sites nearest to a point, with distances in metres computed in EPSG:25832.

Built once from the repository into plain arrays and records, so a query is a few numpy
operations: the data never changes while the service runs.
"""
from __future__ import annotations

import numpy as np

from geo.repository import Repository

MAX_RADIUS_M = 50_000


class SiteFinder:
    def __init__(self, repo: Repository):
        sites = repo.programmes.sites
        names = repo.commune_names
        located = sites[sites["x"].notna()]
        self._x = located["x"].to_numpy()
        self._y = located["y"].to_numpy()
        self._programme = located["programme"].to_numpy()
        self._records = [{
            "id": s.id, "name": s.name, "programme": s.programme, "precision": s.precision,
            "identification": s.identification or None, "status": s.status, "address": s.address or None,
            "lon": round(float(s.lon), 6), "lat": round(float(s.lat), 6), "ags": s.ags, "commune": names[s.ags],
            "source": s.source,
        } for s in located.itertuples()]
        self._commune_level: dict[str, list[dict]] = {}
        for s in sites[sites["precision"] == "commune"].itertuples():
            record = {"id": s.id, "name": s.name, "programme": s.programme, "precision": "commune",
                      "status": s.status, "address": s.address or None, "source": s.source}
            for code in s.code_list:
                self._commune_level.setdefault(code, []).append(record)

    def nearby(self, x: float, y: float, radius_m: float, limit: int, programme: str | None = None) -> list[dict]:
        """Located sites within radius_m of an EPSG:25832 point, nearest first, each with distance_m."""
        distance = np.hypot(self._x - x, self._y - y)
        if programme:
            distance = np.where(self._programme == programme, distance, np.inf)
        order = np.argsort(distance, kind="stable")
        order = order[distance[order] <= radius_m][:limit]
        return [{**self._records[i], "distance_m": round(float(distance[i]), 1)} for i in order]

    def commune_level(self, ags: str, district_code: str, programme: str | None = None) -> list[dict]:
        """Sites of a commune (or of its whole Kreis) whose position is not published: never given a point."""
        found = self._commune_level.get(ags, []) + self._commune_level.get(district_code, [])
        return [s for s in found if programme is None or s["programme"] == programme]
