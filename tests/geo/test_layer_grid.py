"""The layer grid: clusters are the cells of the Web Mercator pixel grid at the zoom (checked with
pyproj's EPSG:3857, independently of the grid's integer arithmetic), counts and sums add up, and a
wide box at a close zoom never yields more than MAX_CELLS clusters."""
from __future__ import annotations

import numpy as np
import pytest

from geo.layer_grid import CELL_PX, MAX_CELLS, build_grid, select
from tests.geo.grid_cells import assert_clusters_are_the_cells


def _points(count: int = 30_000):
    rng = np.random.default_rng(5)
    return rng.uniform(6.4, 7.9, count), rng.uniform(51.2, 51.8, count), rng.uniform(0, 100, count)


@pytest.mark.parametrize("zoom", [7, 9, 11])
def test_clusters_are_the_pixel_grid_cells_of_the_zoom(zoom):
    lon, lat, value = _points()
    box = (6.3, 51.1, 8.0, 51.9)
    selection = select(build_grid(lon, lat, {"wert": value}), box, zoom)
    assert selection.aggregated and selection.cell_px == CELL_PX
    assert_clusters_are_the_cells(selection.clusters, lon, lat, value, zoom)


def test_a_wide_box_at_a_close_zoom_gets_larger_cells():
    lon, lat, value = _points()
    selection = select(build_grid(lon, lat, {"wert": value}), (6.3, 51.1, 8.0, 51.9), 18)
    assert selection.aggregated and len(selection.clusters.count) <= MAX_CELLS and selection.cell_px > CELL_PX
    assert selection.clusters.count.sum() == len(lon)
    assert selection.clusters.sums["wert"].sum() == pytest.approx(value.sum())


def test_few_points_in_the_box_are_the_features_themselves():
    lon, lat, value = _points()
    box = (7.0, 51.4, 7.01, 51.41)
    selection = select(build_grid(lon, lat, {"wert": value}), box, 5)
    inside = np.flatnonzero((lon >= 7.0) & (lon <= 7.01) & (lat >= 51.4) & (lat <= 51.41))
    assert not selection.aggregated and selection.features.tolist() == inside.tolist()


def test_anchors_on_the_worlds_edges_stay_on_the_grid():
    # the antimeridian and the poles (beyond Web Mercator's 85.05°) are the first and last positions,
    # not outside the grid or wrapped round to the other side
    from geo.layer_grid import mercator_fractions
    last = 2 ** 32 - 1
    u, v = mercator_fractions(np.array([-180.0, 180.0, 0.0, 0.0, 7.0]), np.array([0.0, 0.0, 90.0, -90.0, 51.5]))
    assert u[:4].tolist() == [0, last, 2 ** 31, 2 ** 31] and v[2:4].tolist() == [0, last]
    assert 0 < u[4] < last and 0 < v[4] < 2 ** 31


def test_features_on_the_boxs_edges_are_inside_and_keep_their_stored_numbers():
    # anchors of stored features 40 to 44: four lie on the box's four edges, one east of it
    lon, lat = np.array([7.0, 7.1, 7.05, 7.05, 7.2]), np.array([51.45, 51.45, 51.4, 51.5, 51.45])
    grid = build_grid(lon, lat, {"wert": np.ones(5)}, feature=np.array([40, 41, 42, 43, 44]))
    selection = select(grid, (7.0, 51.4, 7.1, 51.5), 12)
    assert not selection.aggregated and selection.matched == 4
    assert selection.features.tolist() == [40, 41, 42, 43]


def test_a_missing_value_adds_nothing_to_its_cluster():
    lon, lat, value = _points()
    value[::10] = np.nan  # every tenth feature without a number
    selection = select(build_grid(lon, lat, {"wert": value}), (6.3, 51.1, 8.0, 51.9), 9)
    assert selection.aggregated
    assert selection.clusters.sums["wert"].sum() == pytest.approx(np.nansum(value))
