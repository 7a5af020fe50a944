"""A planner's layer on the map at any size: the features inside a lon/lat box, or, when there are
too many to send, the same features aggregated on a grid that depends on the zoom.

Why: a layer of 1,000,000 points cannot go to a browser whole (tens of MB of JSON, a frozen page).
The server answers every view with at most a few thousand features: the originals when the box
holds at most FEATURE_LIMIT of them, else one cluster per grid cell (count, mean position, sum of
each numeric column). The cells are squares of CELL_PX screen pixels at the requested zoom on the
Web Mercator pixel grid (the grid Leaflet draws), aligned to the world, not to the box, so a
cluster stays where it is while the map pans; a box wider than MAX_CELLS cells at that zoom gets
cells twice as large until it fits.

Speed: every anchor (a point itself; for lines and polygons a point on the feature; for a commune
table its commune's) is held once per layer as numpy arrays sorted by longitude, with its Web
Mercator position as 32-bit integers, so a cell is a bit shift. One answer is a binary search on
longitude, a mask on latitude and a few `bincount`s: milliseconds for a million points, no Python
loop per point. A feature is in the box when its anchor is (edges included).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from geo.boundaries import Region
from geo.crs import utm_to_lonlat
from geo.layer_table import LayerTable

FEATURE_LIMIT = 2_000     # at most this many features in the box: send them as they are
CELL_BITS = 6             # a cluster cell at the requested zoom: 2**6 = 64 screen pixels
CELL_PX = 2 ** CELL_BITS
MAX_CELLS = 4_096         # cells a box may span; more and the cells double in size
MAX_ZOOM = 24
TILE_BITS = 8             # a Web Mercator tile is 2**8 = 256 pixels wide
POSITION_BITS = 32        # anchors' Web Mercator positions as uint32 fractions of the world
MAX_LATITUDE = 85.05112878  # Web Mercator's edge


@dataclass(frozen=True)
class LayerGrid:
    """A layer's anchors, sorted by longitude; `feature` maps back to the stored feature number."""

    lon: np.ndarray            # float64, ascending
    lat: np.ndarray            # float64
    u: np.ndarray              # uint32 Web Mercator x as a fraction of 2**32
    v: np.ndarray              # uint32 Web Mercator y (north at 0)
    feature: np.ndarray        # int64 stored feature number (0-based)
    sums: dict[str, np.ndarray]  # numeric column -> float64 values, a missing value as 0

    @property
    def size(self) -> int:
        return len(self.lon)


@dataclass(frozen=True)
class Clusters:
    count: np.ndarray          # int64 per non-empty cell
    lon: np.ndarray            # mean longitude of the cell's anchors in the box
    lat: np.ndarray
    sums: dict[str, np.ndarray]


@dataclass(frozen=True)
class MapSelection:
    """What one view of a layer gets: its features (stored numbers) or clusters, never both."""

    matched: int                       # features whose anchor lies in the box
    features: np.ndarray | None        # stored feature numbers, ascending, when not aggregated
    clusters: Clusters | None
    cell_px: int                       # the cell size actually used, in pixels at the requested zoom

    @property
    def aggregated(self) -> bool:
        return self.clusters is not None


def mercator_fractions(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator x and y of lon/lat as uint32 fractions of the world (0 = west / north edge)."""
    lat = np.clip(np.asarray(lat, float), -MAX_LATITUDE, MAX_LATITUDE)
    x = (np.asarray(lon, float) + 180.0) / 360.0
    sin = np.sin(np.radians(lat))
    y = 0.5 - np.log((1 + sin) / (1 - sin)) / (4 * np.pi)
    scale = float(2 ** POSITION_BITS)
    return (np.clip(np.floor(x * scale), 0, scale - 1).astype(np.uint32),
            np.clip(np.floor(y * scale), 0, scale - 1).astype(np.uint32))


def build_grid(lon: np.ndarray, lat: np.ndarray, values: dict[str, np.ndarray],
               feature: np.ndarray | None = None) -> LayerGrid:
    """The grid of anchors at lon/lat (one per feature, in stored order unless `feature` says otherwise)."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    feature = np.arange(len(lon), dtype=np.int64) if feature is None else np.asarray(feature, np.int64)
    order = np.argsort(lon, kind="stable")
    u, v = mercator_fractions(lon[order], lat[order])
    sums = {name: np.nan_to_num(np.asarray(column, float)[order], nan=0.0) for name, column in values.items()}
    return LayerGrid(lon[order], lat[order], u, v, feature[order], sums)


def _in_box(grid: LayerGrid, box: tuple[float, float, float, float]) -> slice | np.ndarray:
    """Positions of the anchors in the box: a slice when all anchors of the longitude range qualify."""
    min_lon, min_lat, max_lon, max_lat = box
    start = int(np.searchsorted(grid.lon, min_lon, side="left"))
    stop = int(np.searchsorted(grid.lon, max_lon, side="right"))
    lat = grid.lat[start:stop]
    inside = (lat >= min_lat) & (lat <= max_lat)
    if inside.all():
        return slice(start, stop)
    return start + np.flatnonzero(inside)


def _finest_shift(zoom: int) -> int:
    """Bits to drop from a position to get its CELL_PX cell at `zoom` (the world is 2**(zoom+8) pixels)."""
    return POSITION_BITS - (zoom + TILE_BITS - CELL_BITS)


def _shift(zoom: int, box: tuple[float, float, float, float]) -> int:
    """Bits to drop from an anchor's position to get its cell: CELL_PX cells at `zoom`, coarser
    until the box spans at most MAX_CELLS of them."""
    shift = _finest_shift(zoom)
    (u0, u1), (v1, v0) = mercator_fractions([box[0], box[2]], [box[1], box[3]])
    while shift < POSITION_BITS:
        span = ((int(u1) >> shift) - (int(u0) >> shift) + 1) * ((int(v1) >> shift) - (int(v0) >> shift) + 1)
        if span <= MAX_CELLS:
            break
        shift += 1
    return shift


def cluster(grid: LayerGrid, chosen: slice | np.ndarray, shift: int) -> Clusters:
    """One cluster per non-empty cell of the chosen anchors."""
    u, v = grid.u[chosen] >> np.uint32(shift), grid.v[chosen] >> np.uint32(shift)
    if len(u) == 0:
        empty = np.zeros(0)
        return Clusters(np.zeros(0, np.int64), empty, empty, {name: empty for name in grid.sums})
    u0, v0 = int(u.min()), int(v.min())
    rows = int(v.max()) - v0 + 1
    key = (u - np.uint32(u0)).astype(np.int64) * rows + (v - np.uint32(v0))
    count = np.bincount(key)
    used = np.flatnonzero(count)
    count = count[used]

    def total(weights: np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=weights, minlength=len(used))[used] if len(weights) else weights

    return Clusters(count, total(grid.lon[chosen]) / count, total(grid.lat[chosen]) / count,
                    {name: total(column[chosen]) for name, column in grid.sums.items()})


def select(grid: LayerGrid, box: tuple[float, float, float, float], zoom: int) -> MapSelection:
    """The view of `box` (min lon, min lat, max lon, max lat) at `zoom` (0 to MAX_ZOOM)."""
    chosen = _in_box(grid, box)
    matched = (chosen.stop - chosen.start) if isinstance(chosen, slice) else len(chosen)
    if matched <= FEATURE_LIMIT:
        return MapSelection(matched, np.sort(grid.feature[chosen]), None, CELL_PX)
    shift = _shift(zoom, box)
    return MapSelection(matched, None, cluster(grid, chosen, shift), CELL_PX << (shift - _finest_shift(zoom)))


def anchors(table: LayerTable, region: Region) -> tuple[np.ndarray, np.ndarray]:
    """Each feature's anchor in lon/lat: the point itself, a point on a line or polygon (shapely's
    point_on_surface), or a commune table row's commune (its representative point)."""
    if table.lon is not None:
        return table.lon, table.lat
    if table.communes is not None:
        points = region.communes.set_index("ags").geometry.representative_point()
        x, y = utm_to_lonlat(points.x.to_numpy(), points.y.to_numpy())
        where = {ags: n for n, ags in enumerate(points.index)}
        rows = np.array([where[a] for a in table.communes], dtype=np.int64)
        return x[rows], y[rows]
    on_surface = shapely.point_on_surface(table.shapes)
    return shapely.get_x(on_surface), shapely.get_y(on_surface)


def grid_of_table(region: Region, columns: list[dict], table: LayerTable) -> LayerGrid:
    """The grid of a stored layer (geo/layer_table.py); sums of its number columns."""
    lon, lat = anchors(table, region)
    numbers = [c["name"] for c in columns if c["type"] == "number"]
    return build_grid(lon, lat, {name: pd.to_numeric(table.values[name], errors="coerce").to_numpy(dtype=float)
                                 for name in numbers})


def outline_geojson(region: Region, ags: str) -> dict:
    """A commune's outline in lon/lat as GeoJSON (how a commune table's row is drawn), 7 decimals."""
    outline = region.communes.set_index("ags").geometry[ags]
    lonlat = shapely.set_precision(shapely.transform(outline, utm_to_lonlat, interleaved=False), 1e-7)
    return json.loads(json.dumps(shapely.geometry.mapping(lonlat)))
