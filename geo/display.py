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
