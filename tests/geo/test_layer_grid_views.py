"""Views of a layer that show only part of it (geo/layer_grid.select): what is counted, when the features
are sent as they are, which cell size a box gets, and the clusters of a part. Cells are checked against
pyproj's EPSG:3857 (as in test_layer_grid.py), independently of the grid's integer arithmetic."""
from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

from geo.layer_grid import CELL_PX, FEATURE_LIMIT, MAX_CELLS, build_grid, cluster, select
from tests.geo.grid_cells import assert_clusters_are_the_cells, cells


def _points(count: int = 30_000, seed: int = 5):
    rng = np.random.default_rng(seed)
    return rng.uniform(6.4, 7.9, count), rng.uniform(51.2, 51.8, count), rng.uniform(0, 100, count)


def test_a_view_of_part_of_the_layer_clusters_only_the_anchors_in_it():
    lon, lat, value = _points()
    grid = build_grid(lon, lat, {"wert": value})
    box, zoom = (7.15, 51.3, 8.0, 51.7), 10  # the eastern half, not the northern and southern edges
    inside = (lon >= box[0]) & (lon <= box[2]) & (lat >= box[1]) & (lat <= box[3])
    selection = select(grid, box, zoom)
    assert selection.aggregated and selection.cell_px == CELL_PX
    assert selection.matched == inside.sum() < len(lon)
    assert_clusters_are_the_cells(selection.clusters, lon[inside], lat[inside], value[inside], zoom)
    # zoomed out over the whole layer, every anchor is counted
    whole = select(grid, (6.0, 51.0, 8.5, 52.0), zoom)
    assert whole.matched == len(lon) and whole.clusters.count.sum() == len(lon)


def test_a_box_east_of_most_anchors_counts_only_its_own():
    # 3,000 stored features from west to east on one latitude band; the box holds the easternmost 1,000
    lon = np.linspace(7.0, 7.3, 3_000)
    lat = np.full(3_000, 51.5)
    grid = build_grid(lon, lat, {})
    selection = select(grid, (lon[2_000], 51.4, 7.4, 51.6), 12)
    assert selection.matched == 1_000 and not selection.aggregated
    assert selection.features.tolist() == list(range(2_000, 3_000))


@pytest.mark.parametrize("in_view", [FEATURE_LIMIT, FEATURE_LIMIT + 1])
def test_up_to_feature_limit_features_in_view_are_sent_as_they_are(in_view):
    # the view holds FEATURE_LIMIT (or one more) of 5,000 features; the others lie south of it
    lon = np.linspace(7.0, 7.3, 5_000)
    lat = np.full(5_000, 51.3)
    lat[np.arange(0, 2 * in_view, 2)] = 51.5  # every other feature from the west, in_view of them
    grid = build_grid(lon, lat, {})
    selection = select(grid, (6.9, 51.4, 7.4, 51.6), 12)
    assert selection.matched == in_view
    assert selection.aggregated == (in_view > FEATURE_LIMIT)
    if not selection.aggregated:
        assert selection.features.tolist() == np.flatnonzero(lat == 51.5).tolist()


def _box_of_cells(zoom: int, columns: int, rows: int) -> tuple[float, float, float, float]:
    """A box from the centre of one 64-pixel cell north of the Ruhr area to the centre of the cell `columns` - 1
    east and `rows` - 1 south of it: it spans columns x rows cells (inverse Web Mercator)."""
    per_side = 2 ** (zoom + 8) / CELL_PX
    first_column, first_row = int((7.0 + 180) / 360 * per_side), int(per_side * 0.33)

    def lon_of(column):
        return (column + 0.5) / per_side * 360 - 180

    def lat_of(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (row + 0.5) / per_side))))

    return (lon_of(first_column), lat_of(first_row + rows - 1), lon_of(first_column + columns - 1), lat_of(first_row))


@pytest.mark.parametrize(("columns", "rows", "cell_px"), [
    (64, 64, 64),     # MAX_CELLS exactly: the zoom's own cells
    (65, 64, 128),    # one column more: cells twice as wide and high
    (64, 65, 128),    # one row more
    (200, 100, 256),  # 128-pixel cells would still span 100 x 50 (or one more each way)
])
def test_a_box_gets_the_finest_cells_with_which_it_spans_at_most_max_cells(columns, rows, cell_px):
    zoom = 12
    box = _box_of_cells(zoom, columns, rows)
    column, row = cells([box[0], box[2]], [box[3], box[1]], zoom)  # north-west and south-east corner
    assert (column[1] - column[0] + 1, row[1] - row[0] + 1) == (columns, rows)  # the box is what it says
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(box[0], box[2], 3_000), rng.uniform(box[1], box[3], 3_000)
    # the layer has features elsewhere too (the view is not the whole layer: no clusters kept for it)
    lon, lat = np.append(lon, [2.35, 13.4]), np.append(lat, [48.86, 52.52])
    selection = select(build_grid(lon, lat, {}), box, zoom)
    assert selection.aggregated and selection.cell_px == cell_px and selection.matched == 3_000
    column, row = cells([box[0], box[2]], [box[3], box[1]], zoom, cell_px)
    assert (column[1] - column[0] + 1) * (row[1] - row[0] + 1) <= MAX_CELLS
    if cell_px > CELL_PX:  # and half the size would span too many
        column, row = cells([box[0], box[2]], [box[3], box[1]], zoom, cell_px // 2)
        assert (column[1] - column[0] + 1) * (row[1] - row[0] + 1) > MAX_CELLS
    assert selection.clusters.count.sum() == 3_000


def test_a_single_anchor_is_its_own_cluster_and_no_anchors_are_no_clusters():
    grid = build_grid(np.array([7.2162, 7.4593]), np.array([51.4818, 51.5178]), {"Kosten": np.array([1200.0, 80.0])})
    one = cluster(grid, np.array([1]), 20)
    assert one.count.tolist() == [1] and one.lon.tolist() == [7.4593] and one.lat.tolist() == [51.5178]
    assert one.sums["Kosten"].tolist() == [80.0]
    none = cluster(grid, np.array([], dtype=np.int64), 20)
    assert none.count.dtype == np.int64 and len(none.count) == 0
    assert none.lon.tolist() == [] and none.lat.tolist() == [] and list(none.sums) == ["Kosten"]
    assert none.sums["Kosten"].tolist() == []


def test_a_close_view_of_a_dense_layer_is_clustered_in_little_memory():
    """A planner zooms in on a playground surveyed as 3,000 points within 30 m. Each cluster's number is
    counted relative to the box's first cell; numbered from the world's edge instead, the counting
    arrays would reach hundreds of megabytes per column at such a zoom and take the worker down."""
    rng = np.random.default_rng(11)
    lon, lat = 7.2160 + rng.uniform(0, 4e-4, 3_000), 51.4810 + rng.uniform(0, 2.7e-4, 3_000)
    area = rng.uniform(1, 10, 3_000)
    grid = build_grid(lon, lat, {"wert": area})
    box = (7.2159, 51.4809, 7.2165, 51.4814)
    tracemalloc.start()
    try:
        selection = select(grid, box, 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert selection.aggregated and selection.clusters.count.sum() == 3_000
    assert_clusters_are_the_cells(selection.clusters, lon, lat, area, 20)
    assert peak < 10_000_000  # numpy reports its arrays to tracemalloc: bytes, not time
