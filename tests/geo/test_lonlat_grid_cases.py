"""geo/lonlat_grid.py's promises about its shape: cells of about the index's cell size both ways (finer
ones cost build time and memory for nothing, coarser ones leave more points to transform), never finer
than MIN_CELL_M, and a rim of UNKNOWN cells around the bounds, so that a point beyond them (clipped onto
the rim) is always transformed and looked up."""
import numpy as np
import pytest

from geo.crs import lonlat_to_utm
from geo.geocoder import DEFAULT_CELL_M, Geocoder
from geo.lonlat_grid import MIN_CELL_M, UNKNOWN


@pytest.fixture(scope="module")
def geocoders(repo):
    # the default cell, and a fine and a coarse one an operator may set (RUHRKARTE_GRID_CELL_M)
    return {cell_m: Geocoder(repo.region.communes, cell_m) for cell_m in (DEFAULT_CELL_M, 40.0, 1000.0)}


@pytest.mark.parametrize("cell_m", [DEFAULT_CELL_M, 40.0, 1000.0])
def test_a_cell_is_about_as_wide_and_high_as_an_index_cell(geocoders, cell_m):
    grid = geocoders[cell_m].lonlat_grid
    lon = grid.lon0 + grid.dlon * np.array([grid.nx // 2, grid.nx // 2 + 1, grid.nx // 2])
    lat = grid.lat0 + grid.dlat * np.array([grid.ny // 2, grid.ny // 2, grid.ny // 2 + 1])
    x, y = lonlat_to_utm(lon, lat)  # a cell in the middle of the area: its south-west, south-east and north-west corners
    width, height = np.hypot(x[1] - x[0], y[1] - y[0]), np.hypot(x[2] - x[0], y[2] - y[0])
    size_m = max(cell_m, MIN_CELL_M)
    assert 0.95 * size_m < width < 1.05 * size_m and 0.95 * size_m < height < 1.05 * size_m, (width, height)


@pytest.mark.parametrize("cell_m", [DEFAULT_CELL_M, 40.0, 1000.0])
def test_the_grid_reaches_past_the_bounds_with_a_rim_of_unknown_cells(geocoders, cell_m):
    geocoder = geocoders[cell_m]
    grid, (west, south, east, north) = geocoder.lonlat_grid, geocoder.lonlat_bounds
    # one whole cell before the bounds and at least one after them
    assert grid.lon0 + grid.dlon <= west and grid.lon0 + (grid.nx - 1) * grid.dlon >= east
    assert grid.lat0 + grid.dlat <= south and grid.lat0 + (grid.ny - 1) * grid.dlat >= north
    codes = grid.codes.reshape(grid.ny, grid.nx)
    rim = np.concatenate([codes[0], codes[-1], codes[:, 0], codes[:, -1]])
    assert (rim == UNKNOWN).all() and grid.codes.size == grid.nx * grid.ny
    # a point far beyond the bounds on every side falls on the rim: it is transformed, never answered here
    lon = np.array([west - 1, east + 1, (west + east) / 2, (west + east) / 2])
    lat = np.array([(south + north) / 2, (south + north) / 2, south - 1, north + 1])
    assert (grid.lookup(lon, lat) == UNKNOWN).all()
