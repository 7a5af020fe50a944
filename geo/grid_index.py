"""A grid over the communes that answers most point-in-polygon questions by array lookup.

Cells that no boundary touches lie wholly inside one commune (or outside all), so their answer
is precomputed; only points in cells a boundary crosses get an exact shapely test, against the
few polygons whose boundary crosses that cell. The result is exact, not approximate.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy import ndimage

OUTSIDE = -1
# Sample positions carry float error of ~1e-9 m; a millimetre pad marks both sides of a grid line.
_TIE_PAD_M = 1e-3
# Two empty cells around the polygons: the outermost ring of cells is never touched by a boundary.
_RIM_CELLS = 2


@dataclass(frozen=True)
class GridIndex:
    """Cell codes: >= 0 commune index, OUTSIDE, or <= -2 for boundary cell number (-2 - code)."""

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int
    codes: np.ndarray          # int32, ny * nx
    candidates: np.ndarray     # bool, (boundary cells, polygons)
    polygons: np.ndarray       # prepared shapely polygons, in tie-break order

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Polygon index per point (OUTSIDE where none); x, y finite floats in the grid's CRS.

        A point on a border shared by several polygons gets the first of them in polygon order.
        Points beyond the grid are clipped onto its rim, whose cells are all OUTSIDE.
        """
        ix = np.clip((x - self.x0) * (1.0 / self.cell), 0, self.nx - 1).astype(np.intp)
        iy = np.clip((y - self.y0) * (1.0 / self.cell), 0, self.ny - 1).astype(np.intp)
        iy *= self.nx
        iy += ix
        codes = self.codes.take(iy)
        result = np.maximum(codes, OUTSIDE)
        on_boundary = np.flatnonzero(codes <= -2)
        self._resolve_boundary(x, y, on_boundary, -2 - codes[on_boundary], result)
        return result

    def _resolve_boundary(self, x, y, points: np.ndarray, cells: np.ndarray, result: np.ndarray) -> None:
        """Exact test of boundary-cell points against each candidate polygon, in order.

        Only polygons that are a candidate for at least one point are visited: one point costs
        two or three tests, not a pass over every polygon.
        """
        if points.size == 0:
            return
        candidates = np.asfortranarray(self.candidates[cells])  # column slices below are contiguous
        open_ = np.ones(points.size, dtype=bool)
        for index in np.flatnonzero(candidates.any(axis=0)):
            pick = np.flatnonzero(candidates[:, index] & open_)
            if pick.size == 0:
                continue
            chosen = points[pick]
            hit = shapely.intersects_xy(self.polygons[index], x[chosen], y[chosen])
            result[chosen[hit]] = index
            open_[pick[hit]] = False


def _ring_samples(polygon, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points along every ring at most `step` apart, and whether each starts a sub-segment."""
    xs, ys, starts = [], [], []
    for ring in shapely.get_rings(polygon):
        coords = shapely.get_coordinates(ring)
        a, b = coords[:-1], coords[1:]
        pieces = np.maximum(1, np.ceil(np.hypot(*(b - a).T) / step)).astype(np.int64)
        seg = np.repeat(np.arange(len(a)), pieces)
        offset = np.arange(seg.size) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        t = (offset / pieces[seg])[:, None]
        points = a[seg] + t * (b[seg] - a[seg])
        points = np.vstack([points, coords[-1:]])
        xs.append(points[:, 0])
        ys.append(points[:, 1])
        flags = np.ones(len(points), dtype=bool)
        flags[-1] = False
        starts.append(flags)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(starts)


def _touched_cells(polygon, x0: float, y0: float, cell: float, nx: int) -> np.ndarray:
    """Flat ids of every cell the polygon's boundary touches (a superset, never missing one).

    Consecutive samples are under half a cell apart, so a sub-segment moves at most one cell
    per axis; on a diagonal move the two corner cells it may cut through are added too.
    """
    sx, sy, starts = _ring_samples(polygon, cell / 2)
    ids = []
    for dx in (-_TIE_PAD_M, _TIE_PAD_M):
        for dy in (-_TIE_PAD_M, _TIE_PAD_M):
            ix = np.floor((sx + dx - x0) / cell).astype(np.int64)
            iy = np.floor((sy + dy - y0) / cell).astype(np.int64)
            ids.append(iy * nx + ix)
    ix = np.floor((sx - x0) / cell).astype(np.int64)
    iy = np.floor((sy - y0) / cell).astype(np.int64)
    step = np.flatnonzero(starts)
    diagonal = step[(ix[step] != ix[step + 1]) & (iy[step] != iy[step + 1])]
    ids.append(iy[diagonal + 1] * nx + ix[diagonal])
    ids.append(iy[diagonal] * nx + ix[diagonal + 1])
    return np.unique(np.concatenate(ids))


def build_grid(polygons, cell: float) -> GridIndex:
    """Build the index for non-overlapping polygons (in a metric CRS) with `cell`-metre cells."""
    polygons = np.asarray(polygons, dtype=object)
    minx, miny, maxx, maxy = shapely.total_bounds(polygons)
    x0, y0 = minx - _RIM_CELLS * cell, miny - _RIM_CELLS * cell
    nx = int(np.ceil((maxx - x0) / cell)) + _RIM_CELLS
    ny = int(np.ceil((maxy - y0) / cell)) + _RIM_CELLS
    pair_cells, pair_polygons = [], []
    for index, polygon in enumerate(polygons):
        touched = _touched_cells(polygon, x0, y0, cell, nx)
        pair_cells.append(touched)
        pair_polygons.append(np.full(touched.size, index, dtype=np.int32))
    cells = np.concatenate(pair_cells)
    owners = np.concatenate(pair_polygons)
    boundary_ids, boundary_number = np.unique(cells, return_inverse=True)
    candidates = np.zeros((boundary_ids.size, len(polygons)), dtype=bool)
    candidates[boundary_number, owners] = True

    marked = np.zeros(ny * nx, dtype=bool)
    marked[boundary_ids] = True
    # Unmarked cells form regions no boundary crosses: one exact test per region labels it.
    # There is always at least one region, the empty rim.
    components, count = ndimage.label(~marked.reshape(ny, nx))
    flat_components = components.ravel()
    labels, first_cell = np.unique(flat_components, return_index=True)
    first_cell = first_cell[labels > 0]
    cx = x0 + (first_cell % nx + 0.5) * cell
    cy = y0 + (first_cell // nx + 0.5) * cell
    owner = np.full(count + 1, OUTSIDE, dtype=np.int32)
    for index, polygon in enumerate(polygons):
        owner[1:][shapely.contains_xy(polygon, cx, cy)] = index
    codes = owner[flat_components]
    codes[boundary_ids] = -2 - np.arange(boundary_ids.size, dtype=np.int32)
    for polygon in polygons:
        shapely.prepare(polygon)
    return GridIndex(x0, y0, cell, nx, ny, codes, candidates, polygons)
