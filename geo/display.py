"""Display geometries for web maps: simplified as one coverage, so shared borders stay shared.

Geocoding always uses the full-resolution polygons; these are only for drawing.
"""
from __future__ import annotations

import geopandas as gpd
import shapely

DEFAULT_TOLERANCE_M = 50.0  # metres in EPSG:25832: invisible at the zoom levels where whole communes show


def simplified_wgs84(frame: gpd.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M) -> gpd.GeoDataFrame:
    """The polygons of an EPSG:25832 coverage, simplified together (no gaps, no slivers), in WGS84."""
    simplified = shapely.coverage_simplify(frame.geometry.values, tolerance_m)
    out = frame.copy()
    out["geometry"] = simplified
    out = out.set_geometry("geometry").to_crs("EPSG:4326")
    out["geometry"] = shapely.set_precision(out.geometry.values, 1e-5)
    return out


def label_points(frame: gpd.GeoDataFrame, code: str) -> list[dict]:
    """Where a map writes each polygon's name: a point inside it (never in a neighbour), in WGS84.

    frame: EPSG:25832 polygons with `code` and `name` columns."""
    points = frame.geometry.representative_point().to_crs("EPSG:4326")
    return [{"code": c, "name": n, "lat": round(p.y, 5), "lon": round(p.x, 5)}
            for c, n, p in zip(frame[code], frame["name"], points)]
