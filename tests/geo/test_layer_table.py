"""The stored value of a layer: what is written is read back the same, and nothing derivable is written."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.layer_files import LayerFile
from geo.layer_table import decode, encode, table_of
from geo.overlay import POINT, POLYGON, place_points, place_shapes

BOCHUM, DORTMUND = "05911000", "05913000"


def _inner(communes, ags):
    return communes.loc[communes["ags"] == ags].geometry.iloc[0].representative_point()


def test_a_point_layer_keeps_each_points_commune_not_a_table_of_parts(repo):
    communes = repo.region.communes
    points = [_inner(communes, DORTMUND), shapely.Point(200_000, 5_000_000), _inner(communes, BOCHUM),
              _inner(communes, DORTMUND)]
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    values = pd.DataFrame({"euro": [1.5, 2.0, np.nan, 4.0], "name": ["a", "b", "c", "d"]})
    layer = LayerFile(POINT, values, [2, 3, 4, 5], None, point_xy=(x, y))
    parts = place_points(repo.geocoder, x, y)
    table = table_of(layer, parts)
    features, stored_parts = encode(table)
    assert pa.ipc.open_stream(pa.py_buffer(stored_parts)).read_all().num_rows == 0  # derivable: not written
    back = decode(features, stored_parts)
    pd.testing.assert_frame_equal(back.parts, table.parts)
    assert back.parts["feature"].tolist() == [0, 2, 3] and back.parts["ags"].tolist() == [DORTMUND, BOCHUM, DORTMUND]
    pd.testing.assert_frame_equal(back.values, table.values, check_dtype=False)  # text comes back as object


def test_a_polygon_layers_parts_are_kept_as_a_table(repo):
    communes = repo.region.communes
    centre = _inner(communes, BOCHUM)
    square = shapely.box(centre.x - 500, centre.y - 500, centre.x + 500, centre.y + 500)
    layer = LayerFile(POLYGON, pd.DataFrame({"euro": [3.0]}), [1], np.array([square], dtype=object))
    table = table_of(layer, place_shapes(communes, np.array([square], dtype=object), POLYGON))
    features, stored_parts = encode(table)
    assert pa.ipc.open_stream(pa.py_buffer(stored_parts)).read_all().num_rows == len(table.parts) > 0
    pd.testing.assert_frame_equal(decode(features, stored_parts).parts, table.parts)
