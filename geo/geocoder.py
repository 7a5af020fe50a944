"""Point -> commune: validated, vectorised and exact, on the full-resolution boundaries."""
from __future__ import annotations

import numpy as np
import geopandas as gpd

from geo.crs import UTM32N, WGS84, lonlat_to_utm, transformer
from geo.errors import InvalidInput
from geo.grid_index import OUTSIDE, GridIndex, build_grid
from geo.lonlat_grid import UNKNOWN, LonLatGrid, build_lonlat_grid

DEFAULT_CELL_M = 100.0  # balances index build time (0.1 s) and lookup speed
# Degrees around the grid's lon/lat bounds: far more than the few millimetres the bounds' edges bend
# between pyproj's densified points, so a point beyond them is outside for certain.
BOUNDS_MARGIN_DEG = 0.01


def lonlat_problems(lon, lat) -> np.ndarray:
    """Per point, why it is unusable ('' when fine): missing, not a number, or out of range."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    problems = np.full(lon.shape, "", dtype=object)
    problems[np.abs(lon) > 180] = "longitude out of range (-180 to 180)"
    problems[np.abs(lat) > 90] = "latitude out of range (-90 to 90)"
    problems[~np.isfinite(lon)] = "longitude missing or not a number"
    problems[~np.isfinite(lat)] = "latitude missing or not a number"
    return problems


def _as_float_array(values, label: str) -> np.ndarray:
    try:
        return np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise InvalidInput(f"{label} must be numbers") from None


class Geocoder:
    """Assigns points to the 53 communes; on a shared border the commune with the lower AGS wins.

    Identical to geopandas.sjoin(predicate="within") in EPSG:25832 for every point not on a
    boundary. A point exactly on a border lies 'within' no polygon for sjoin; here it belongs to
    the lowest AGS among the communes whose closed polygon holds it, so it is never lost.
    """

    def __init__(self, communes: gpd.GeoDataFrame, cell_m: float = DEFAULT_CELL_M):
        ordered = communes.sort_values("ags")
        self.ags = ordered["ags"].to_numpy(dtype=object)
        self.grid: GridIndex = build_grid(ordered.geometry.values.copy(), cell_m)
        g = self.grid
        west, south, east, north = transformer(UTM32N, WGS84).transform_bounds(
            g.x0, g.y0, g.x0 + g.nx * g.cell, g.y0 + g.ny * g.cell, densify_pts=101)
        self.lonlat_bounds = (west - BOUNDS_MARGIN_DEG, south - BOUNDS_MARGIN_DEG, east + BOUNDS_MARGIN_DEG,
                              north + BOUNDS_MARGIN_DEG)
        self.lonlat_grid: LonLatGrid = build_lonlat_grid(self.grid, self.lonlat_bounds)

    def locate_xy(self, x, y) -> np.ndarray:
        """Row positions (in AGS order) for EPSG:25832 x/y; -1 outside the Ruhr area."""
        x = _as_float_array(x, "x")
        y = _as_float_array(y, "y")
        if x.shape != y.shape:
            raise InvalidInput("x and y must have the same length")
        bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
        if bad.size:
            raise InvalidInput(f"coordinate {bad[0]} is not a finite number")
        return self.grid.lookup(x, y)

    def locate_lonlat(self, lon, lat) -> np.ndarray:
        """Row positions (in AGS order) for WGS84 lon/lat; -1 outside the Ruhr area."""
        lon = _as_float_array(lon, "longitude")
        lat = _as_float_array(lat, "latitude")
        if lon.shape != lat.shape:
            raise InvalidInput("longitude and latitude must have the same length")
        if not (np.isfinite(lon).all() and np.isfinite(lat).all() and (np.abs(lon) <= 180).all()
                and (np.abs(lat) <= 90).all()):
            problems = lonlat_problems(lon, lat)
            bad = np.flatnonzero(problems != "")
            raise InvalidInput(f"point {bad[0]}: {problems[bad[0]]} (got lat={lat[bad[0]]}, lon={lon[bad[0]]})")
        # Points in a lon/lat cell that the grid index answers alike throughout get that answer as they
        # are (geo/lonlat_grid.py); of the others, only those within the grid's lon/lat bounds are
        # transformed and looked up: the rest are outside anyway. The transformation is most of the
        # time a lookup takes.
        shape, lon, lat = lon.shape, lon.ravel(), lat.ravel()
        positions = self.lonlat_grid.lookup(lon, lat).astype(np.int32)
        unknown = np.flatnonzero(positions == UNKNOWN)
        if unknown.size:
            lon, lat = lon[unknown], lat[unknown]
            west, south, east, north = self.lonlat_bounds
            near = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
            found = np.full(unknown.size, OUTSIDE, dtype=np.int32)
            found[near] = self.grid.lookup(*lonlat_to_utm(lon[near], lat[near]))
            positions[unknown] = found
        return positions.reshape(shape)

    def ags_of(self, positions: np.ndarray) -> list[str | None]:
        """AGS codes for row positions from locate_*; None outside."""
        return [None if p == OUTSIDE else self.ags[p] for p in positions]
