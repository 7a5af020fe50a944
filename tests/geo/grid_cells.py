"""The Web Mercator cells of points, from pyproj's EPSG:3857 metres: the grid tests' reference, made
independently of geo/layer_grid.py's integer arithmetic."""
from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Transformer

from geo.layer_grid import CELL_PX, Clusters

HALF_WORLD = 20037508.342789244
TO_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


def cells(lon, lat, zoom: int, cell_px: int = CELL_PX) -> tuple[np.ndarray, np.ndarray]:
    """Column and row of each point's cell of `cell_px` screen pixels at `zoom`."""
    x, y = TO_3857.transform(np.asarray(lon, float), np.asarray(lat, float))
    size = 2 * HALF_WORLD / (256 * 2 ** zoom / cell_px)
    return np.floor((x + HALF_WORLD) / size).astype(int), np.floor((HALF_WORLD - y) / size).astype(int)


def assert_clusters_are_the_cells(clusters: Clusters, lon, lat, value, zoom: int) -> None:
    """One cluster per cell of the zoom holding any of the points: their count, mean position and sum."""
    column, row = cells(lon, lat, zoom)
    expected = pd.DataFrame({"column": column, "row": row, "lon": lon, "lat": lat, "wert": value}).groupby(
        ["column", "row"]).agg(count=("lon", "size"), lon=("lon", "mean"), lat=("lat", "mean"),
                               wert=("wert", "sum")).sort_values(["lon", "lat"])
    got = pd.DataFrame({"count": clusters.count, "lon": clusters.lon, "lat": clusters.lat,
                        "wert": clusters.sums["wert"]}).sort_values(["lon", "lat"])
    assert got["count"].tolist() == expected["count"].tolist()
    np.testing.assert_allclose(got[["lon", "lat", "wert"]].to_numpy(), expected[["lon", "lat", "wert"]].to_numpy(),
                               rtol=1e-12)
