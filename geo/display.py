"""Display geometries for web maps: simplified as one coverage, so shared borders stay shared.

Geocoding always uses the full-resolution polygons; these are only for drawing.
"""
from __future__ import annotations

import os

import geopandas as gpd
import shapely

DEFAULT_TOLERANCE_M = 50.0


def display_tolerance_m() -> float:
    """RUHRKARTE_DISPLAY_TOLERANCE_M: simplification tolerance in metres (EPSG:25832)."""
    return float(os.environ.get("RUHRKARTE_DISPLAY_TOLERANCE_M", DEFAULT_TOLERANCE_M))


def simplified_wgs84(frame: gpd.GeoDataFrame, tolerance_m: float | None = None) -> gpd.GeoDataFrame:
    """The polygons of an EPSG:25832 coverage, simplified together (no gaps, no slivers), in WGS84."""
    simplified = shapely.coverage_simplify(frame.geometry.values, tolerance_m or display_tolerance_m())
    out = frame.copy()
    out["geometry"] = simplified
    out = out.set_geometry("geometry").to_crs("EPSG:4326")
    out["geometry"] = shapely.set_precision(out.geometry.values, 1e-5)
    return out
