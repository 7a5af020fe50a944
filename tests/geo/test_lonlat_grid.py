"""geo/lonlat_grid.py: a lon/lat point answered without its transformation gets exactly the answer of
transforming it and looking it up, and of shapely's polygons (the lower AGS on a shared border)."""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings, strategies as st

from geo.crs import lonlat_to_utm
from geo.geocoder import DEFAULT_CELL_M, Geocoder
from geo.grid_index import OUTSIDE
from geo.lonlat_grid import UNKNOWN

NUDGE_DEG = 1e-9   # about 0.1 mm: a corner moved this far into its cell belongs to that cell


def _frontier_cell_points(lonlat_grid):
    """The corners (moved just inside) and centre of every answered cell beside a cell that is not
    answered: where a boundary is near, and so where a box too small would show."""
    codes = lonlat_grid.codes.reshape(lonlat_grid.ny, lonlat_grid.nx)
    unknown = codes == UNKNOWN
    beside = np.zeros_like(unknown)
    beside[1:, :] |= unknown[:-1, :]
    beside[:-1, :] |= unknown[1:, :]
    beside[:, 1:] |= unknown[:, :-1]
    beside[:, :-1] |= unknown[:, 1:]
    row, column = np.nonzero(beside & ~unknown)
    west = lonlat_grid.lon0 + column * lonlat_grid.dlon
    south = lonlat_grid.lat0 + row * lonlat_grid.dlat
    lon, lat = [], []
    for fx, fy in [(0, 0), (1, 0), (0, 1), (1, 1)]:
        lon.append(west + fx * lonlat_grid.dlon + (NUDGE_DEG if fx == 0 else -NUDGE_DEG))
        lat.append(south + fy * lonlat_grid.dlat + (NUDGE_DEG if fy == 0 else -NUDGE_DEG))
    lon.append(west + lonlat_grid.dlon / 2)
    lat.append(south + lonlat_grid.dlat / 2)
    return np.concatenate(lon), np.concatenate(lat)


@pytest.mark.parametrize("cell_m", [DEFAULT_CELL_M, 40.0, 1000.0])
def test_answered_cells_beside_a_boundary_agree_with_transforming_every_point(repo, cell_m):
    # Built here, as the grid index's own test does, so that the build itself is under test, with the
    # default cell and a fine and a coarse one an operator may set (RUHRKARTE_GRID_CELL_M); with the fine
    # one, a lon/lat cell (at least MIN_CELL_M) spans several index cells.
    geocoder = Geocoder(repo.region.communes, cell_m)
    lon, lat = _frontier_cell_points(geocoder.lonlat_grid)
    quick = geocoder.lonlat_grid.lookup(lon, lat)
    assert (quick != UNKNOWN).all()  # each point lies in the answered cell it was made for
    expected = geocoder.grid.lookup(*lonlat_to_utm(lon, lat))
    wrong = np.flatnonzero(quick != expected)
    assert wrong.size == 0, [(lon[i], lat[i], quick[i], expected[i]) for i in wrong[:5]]
    # with the default cell the frontier runs along every commune, inside and out (with 1 km cells a small
    # commune has no 3 x 3 km window of its own: its points are all transformed)
    if cell_m == DEFAULT_CELL_M:
        assert set(np.unique(quick)) == set(range(len(geocoder.ags))) | {OUTSIDE}


def test_most_of_the_area_is_answered_without_a_transformation(repo):
    """The reason for the grid: only a thin band along the boundaries needs the transformation."""
    codes = repo.geocoder.lonlat_grid.codes
    assert (codes == UNKNOWN).mean() < 0.15


def test_a_million_points_agree_with_transforming_every_point(repo):
    rng = np.random.default_rng(2029)
    west, south, east, north = repo.geocoder.lonlat_bounds
    lon = np.round(rng.uniform(west - 0.2, east + 0.2, 1_000_000), 6)
    lat = np.round(rng.uniform(south - 0.2, north + 0.2, 1_000_000), 6)
    assert np.array_equal(repo.geocoder.locate_lonlat(lon, lat), repo.geocoder.grid.lookup(*lonlat_to_utm(lon, lat)))


def test_input_of_any_shape_keeps_its_shape(repo):
    lon = np.array([[7.2160, 7.4653], [6.0, 7.0120]])   # Bochum, Dortmund, outside, Essen
    lat = np.array([[51.4818, 51.5136], [51.5, 51.4556]])
    positions = repo.geocoder.locate_lonlat(lon, lat)
    assert positions.shape == (2, 2)
    assert repo.geocoder.ags_of(positions.ravel()) == ["05911000", "05913000", None, "05113000"]


_WEST, _SOUTH, _EAST, _NORTH = 6.35, 51.05, 8.05, 51.90


@settings(max_examples=400, deadline=None)
@given(st.floats(_WEST, _EAST), st.floats(_SOUTH, _NORTH))
def test_matches_shapely_on_any_lonlat_point(repo, lon, lat):
    polygons = repo.region.communes.sort_values("ags").geometry.values
    (x,), (y,) = lonlat_to_utm([lon], [lat])
    containing = np.flatnonzero(shapely.contains_xy(polygons, x, y))
    position = repo.geocoder.locate_lonlat([lon], [lat])[0]
    if containing.size:
        assert position == containing[0]
    elif not shapely.intersects_xy(polygons, x, y).any():
        assert position == OUTSIDE
