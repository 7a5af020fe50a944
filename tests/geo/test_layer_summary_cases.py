"""Cases of a layer's summary a planner reads off the table: which columns are summed, and the region's row."""
from __future__ import annotations

import numpy as np
import pandas as pd

from geo.layer_summary import summarise
from geo.overlay import POINT, place_points

BOCHUM, DORTMUND = "05911000", "05913000"


def _points(repo):
    communes = repo.region.communes
    points = [communes.loc[communes["ags"] == a].geometry.iloc[0].representative_point() for a in (BOCHUM, DORTMUND)]
    return np.array([p.x for p in points]), np.array([p.y for p in points])


def test_a_yes_no_column_is_not_summed_as_a_number(repo):
    """A GeoPackage's boolean field (barrierefrei: ja/nein) is no amount: only the number column is summed."""
    x, y = _points(repo)
    values = pd.DataFrame({"euro": [100.0, 50.0], "barrierefrei": [True, False]})
    summary = summarise(repo.region, place_points(repo.geocoder, x, y), values, POINT)
    assert summary.numeric == ("euro",)
    assert not any(column.startswith("barrierefrei") for column in summary.rows.columns)


def test_the_regions_row_is_named_metropole_ruhr_and_counts_every_inhabitant(repo):
    x, y = _points(repo)
    summary = summarise(repo.region, place_points(repo.geocoder, x, y), pd.DataFrame({"euro": [1.0, 2.0]}), POINT)
    region = summary.rows.iloc[-1]
    assert (region["level"], region["name"]) == ("region", "Metropole Ruhr")
    assert region["population"] == repo.region.communes["population"].sum() and region["features"] == 2
