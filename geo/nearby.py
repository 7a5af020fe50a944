"""Sites nearest to a point, with distances in metres computed in EPSG:25832.

Built once from the site records into plain arrays and ready-made dicts, so a query is a few
numpy operations.
"""
from __future__ import annotations

import numpy as np

from geo.site_records import SiteRecord

MAX_RADIUS_M = 50_000
# What /nearby tells about a site: a located one, and one whose position is not published.
NEARBY_FIELDS = ("id", "name", "programme", "precision", "identification", "status", "address", "lon", "lat", "ags",
                 "commune", "source")
COMMUNE_LEVEL_FIELDS = ("id", "name", "programme", "precision", "status", "address", "source")


class SiteFinder:
    def __init__(self, records: tuple[SiteRecord, ...]):
        located = [s for s in records if s.located]
        self._x = np.array([s.x for s in located], dtype=float)
        self._y = np.array([s.y for s in located], dtype=float)
        self._programme = np.array([s.programme for s in located], dtype=object)
        self._records = [s.fields(NEARBY_FIELDS) for s in located]
        self._commune_level: dict[str, list[dict]] = {}
        for s in records:
            if s.precision == "commune":
                record = s.fields(COMMUNE_LEVEL_FIELDS)
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
