"""geo/grid_index.py: every cell a boundary crosses answers exactly as shapely does."""
import numpy as np
import pytest
import shapely

from geo.geocoder import DEFAULT_CELL_M, Geocoder
from geo.grid_index import OUTSIDE

# Centre, the four corners, and the four corners moved 0.1 mm into the cell: the corners are
# where a cell meets its neighbours, the inset points are the cell's own extreme points.
_OFFSETS = [(0.5, 0.5), (0, 0), (1, 0), (0, 1), (1, 1)]
_INSET = 1e-4


def _boundary_cell_samples(grid):
    flat = np.flatnonzero(grid.codes <= -2)
    numbers = -2 - grid.codes[flat]
    left = grid.x0 + (flat % grid.nx) * grid.cell
    bottom = grid.y0 + (flat // grid.nx) * grid.cell
    xs, ys = [], []
    for fx, fy in _OFFSETS:
        xs.append(left + fx * grid.cell)
        ys.append(bottom + fy * grid.cell)
    for fx, fy in _OFFSETS[1:]:
        xs.append(left + fx * grid.cell + (_INSET if fx == 0 else -_INSET))
        ys.append(bottom + fy * grid.cell + (_INSET if fy == 0 else -_INSET))
    return numbers, np.concatenate(xs), np.concatenate(ys)


def _shapely_answer(polygons, x, y):
    """The documented rule: the first polygon (lowest AGS) whose closed area holds the point."""
    answer = np.full(x.size, OUTSIDE, dtype=np.int64)
    for index in range(len(polygons) - 1, -1, -1):
        answer[shapely.intersects_xy(polygons[index], x, y)] = index
    return answer


@pytest.mark.parametrize("cell_m", [DEFAULT_CELL_M, 1000.0])
def test_every_boundary_cell_matches_shapely_at_centre_and_corners(repo, cell_m):
    # Built here (not taken from the session's repository) so that the build itself is under test,
    # with the default cell and with a coarse one an operator may set (RUHRKARTE_GRID_CELL_M).
    grid = Geocoder(repo.region.communes, cell_m).grid
    numbers, x, y = _boundary_cell_samples(grid)
    # every boundary cell, number 0 too. (Cell 0 always lies in the rim row below the lowest vertex,
    # marked only by the tie pad, so all its points are outside: `codes <= -2` -> `< -2` cannot show.)
    assert numbers.min() == 0 and numbers.max() == len(grid.candidates) - 1
    assert numbers.size == np.unique(numbers).size == len(grid.candidates)
    expected = _shapely_answer(grid.polygons, x, y)
    got = grid.lookup(x, y)
    wrong = np.flatnonzero(got != expected)
    assert wrong.size == 0, [(x[i], y[i], got[i], expected[i]) for i in wrong[:5]]
    # the sample reaches into every commune, so a lost candidate polygon would show
    assert set(np.unique(expected)) == set(range(len(grid.polygons))) | {OUTSIDE}
