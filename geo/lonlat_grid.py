"""A lon/lat grid over the geocoder's grid index: most WGS84 points get their commune without being
transformed to EPSG:25832.

Why: transforming a million lon/lat points with pyproj was most of the time placing a point layer
took, though most points lie well inside one commune (or well outside the Ruhr area). Here a cell
of a regular lon/lat grid carries a code when every point in it gets that same answer from
GridIndex.lookup after the transformation; only points in the other cells (near a boundary) are
transformed and looked up. The answer is the same as transforming every point, not an approximation.

Why a cell's code is right (every point p of the closed cell rectangle R, lookup(T(p)) == code):
1. The transformation T (WGS84 -> UTM 32N) is smooth and one-to-one over the area, so it maps R onto
   the region bounded by the image of R's edges: T(R) lies in the bounding box of T(edges).
2. An edge of length h (radians) bends away from the chord between its transformed ends by at most
   h² * M / 8, M bounding T's second derivatives: under the earth's radius (6.4e6 m per radian²)
   times the scale factor for transverse Mercator this close to its central meridian. For cells of
   0.002 degrees that is under 1 mm; BEND_MARGIN_M (1 m) is a thousand times that, and also covers
   pyproj's own error (micrometres) and the rounding when a point's cell is computed (a point within
   1e-12 degrees of an edge may be put in the neighbouring cell: nanometres).
3. So T(p) lies in the box of R's transformed corners grown by BEND_MARGIN_M. lookup puts T(p) into
   the index cell floor((x - x0) / cell), clipped to the grid. A code is given only when the index
   cells the grown box reaches (the same floor and clip of its edges) lie in a 3 x 3 window of index
   cells that are all interior (no boundary crosses them, so lookup answers with their precomputed
   code) and all hold the same code.
Cells on the grid's rim are UNKNOWN, so a point beyond the grid (clipped onto the rim) is never
answered here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from geo.crs import lonlat_to_utm
from geo.grid_index import OUTSIDE, GridIndex

UNKNOWN = -2                  # the point must be transformed and looked up
BEND_MARGIN_M = 1.0           # see the module's docstring, point 2
METRES_PER_DEGREE_LAT = 111_000.0
CROSSED = np.iinfo(np.int32).max  # an index cell a boundary crosses, in the window test below
MIN_CELL_M = 100.0            # finer cells would cost more to build than they save (the index is 100 m)


@dataclass(frozen=True)
class LonLatGrid:
    """Codes per lon/lat cell (row-major from the south-west): commune index, OUTSIDE or UNKNOWN."""

    lon0: float
    lat0: float
    dlon: float
    dlat: float
    nx: int
    ny: int
    codes: np.ndarray      # int8, ny * nx

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Code per point (finite lon/lat): a commune index, OUTSIDE, or UNKNOWN (transform and look up).
        Points beyond the grid fall on its rim, which is UNKNOWN."""
        ix = np.clip((lon - self.lon0) * (1.0 / self.dlon), 0, self.nx - 1).astype(np.intp)
        iy = np.clip((lat - self.lat0) * (1.0 / self.dlat), 0, self.ny - 1).astype(np.intp)
        iy *= self.nx
        iy += ix
        return self.codes.take(iy)


def build_lonlat_grid(grid: GridIndex, bounds: tuple[float, float, float, float]) -> LonLatGrid:
    """The lon/lat grid over `bounds` (west, south, east, north) for `grid` (EPSG:25832), cells of about
    the index's cell size (at least MIN_CELL_M), with a rim of UNKNOWN cells around."""
    west, south, east, north = bounds
    size_m = max(grid.cell, MIN_CELL_M)
    dlat = size_m / METRES_PER_DEGREE_LAT
    dlon = dlat / np.cos(np.radians((south + north) / 2))            # about as wide as high in metres
    lon0, lat0 = west - dlon, south - dlat                          # one rim cell before the bounds
    nx = int(np.ceil((east - lon0) / dlon)) + 1                     # and at least one after them
    ny = int(np.ceil((north - lat0) / dlat)) + 1
    # Every cell corner, transformed once: corner (i, j) is shared by four cells.
    cx, cy = lonlat_to_utm(*np.meshgrid(lon0 + np.arange(nx + 1) * dlon, lat0 + np.arange(ny + 1) * dlat))
    centres, fits = [], np.ones((ny, nx), dtype=bool)
    for corners, origin, count in ((cx, grid.x0, grid.nx), (cy, grid.y0, grid.ny)):
        low = np.minimum(np.minimum(corners[:-1, :-1], corners[:-1, 1:]), np.minimum(corners[1:, :-1], corners[1:, 1:]))
        high = np.maximum(np.maximum(corners[:-1, :-1], corners[:-1, 1:]), np.maximum(corners[1:, :-1], corners[1:, 1:]))
        # The index cells lookup may put a point of the grown box into: the same floor and clip as lookup's.
        first = np.clip(np.floor((low - BEND_MARGIN_M - origin) / grid.cell), 0, count - 1).astype(np.intp)
        last = np.clip(np.floor((high + BEND_MARGIN_M - origin) / grid.cell), 0, count - 1).astype(np.intp)
        fits &= last - first <= 2                                    # within the 3 x 3 window around the centre
        centres.append(np.clip(first + 1, 1, count - 2))            # whose cells all lie in the index
    # Per index cell, the least and greatest value in the 3 x 3 window around it: the same value and not
    # a boundary cell's means every cell of the window is interior with that code.
    value = np.where(grid.codes <= -2, CROSSED, np.maximum(grid.codes, OUTSIDE) + 1).reshape(grid.ny, grid.nx)
    least = ndimage.minimum_filter(value, size=3).ravel()
    greatest = ndimage.maximum_filter(value, size=3).ravel()
    window = centres[1] * grid.nx + centres[0]
    found = least.take(window)
    uniform = fits & (found == greatest.take(window)) & (found != CROSSED)
    small = grid.candidates.shape[1] < np.iinfo(np.int8).max      # 53 communes: a table of a megabyte
    codes = np.where(uniform, found - 1, UNKNOWN).astype(np.int8 if small else np.int32)
    codes[[0, -1], :] = UNKNOWN
    codes[:, [0, -1]] = UNKNOWN
    return LonLatGrid(float(lon0), float(lat0), float(dlon), float(dlat), nx, ny, codes.ravel())
