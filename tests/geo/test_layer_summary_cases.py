"""Cases of a layer's summary a planner reads off the table: which columns are summed, and the region's row."""
from __future__ import annotations

import numpy as np
import pandas as pd

from geo.layer_files import LayerFile
from geo.layer_report import columns_of
from geo.layer_summary import summarise, summarise_table
from geo.layer_table import decode, encode, table_of
from geo.overlay import POINT, POLYGON, Parts, place_points

BOCHUM, DORTMUND = "05911000", "05913000"


def _points(repo):
    communes = repo.region.communes
    points = [communes.loc[communes["ags"] == a].geometry.iloc[0].representative_point() for a in (BOCHUM, DORTMUND)]
    return np.array([p.x for p in points]), np.array([p.y for p in points])


def test_a_yes_no_column_is_not_summed_as_a_number(repo):
    """A GeoPackage's boolean field (barrierefrei: ja/nein) is no amount: neither the summary of the placed
    upload nor the one of the stored layer sums it, so the table is the same before and after a reload."""
    x, y = _points(repo)
    values = pd.DataFrame({"euro": [100.0, 50.0], "barrierefrei": [True, False]})
    parts = place_points(repo.geocoder, x, y)
    placed = summarise(repo.region, parts, values, POINT)
    assert placed.numeric == ("euro",)
    assert not any(column.startswith("barrierefrei") for column in placed.rows.columns)
    assert columns_of(values) == [{"name": "euro", "type": "number"}, {"name": "barrierefrei", "type": "boolean"}]
    table = decode(*encode(table_of(LayerFile(POINT, values, [2, 3], None, point_xy=(x, y)), parts)))
    stored = summarise_table(repo.region, columns_of(values), table)
    assert stored.numeric == ("euro",)
    pd.testing.assert_frame_equal(stored.rows, placed.rows)


def test_the_regions_row_is_named_metropole_ruhr_and_counts_every_inhabitant(repo):
    x, y = _points(repo)
    summary = summarise(repo.region, place_points(repo.geocoder, x, y), pd.DataFrame({"euro": [1.0, 2.0]}), POINT)
    region = summary.rows.iloc[-1]
    assert (region["level"], region["name"]) == ("region", "Metropole Ruhr")
    assert region["population"] == repo.region.communes["population"].sum() and region["features"] == 2
    assert summary.rows["features"].dtype.kind == "i"  # counts: 2 in the table and its CSV, not 2.0


def test_an_area_partly_in_a_commune_the_edition_no_longer_has_counts_there_for_the_region_only(repo):
    """An area stored under an earlier edition may have a part in a commune code the current boundaries
    lack: that part counts for the region only, and no commune of today gains a feature from it."""
    parts = Parts(pd.DataFrame({"feature": [0, 0, 1], "ags": [BOCHUM, "05999999", DORTMUND],
                                "measure": [600.0, 400.0, 500.0], "feature_share": [0.6, 0.4, 1.0],
                                "commune_share": 0.0}))
    summary = summarise(repo.region, parts, pd.DataFrame({"euro": [10.0, 5.0]}), POLYGON)
    rows = summary.rows.set_index("code")
    communes_only = summary.rows[summary.rows["level"] == "commune"]
    assert communes_only["features"].tolist().count(1) == 2 and communes_only["features"].sum() == 2
    assert (rows.loc[BOCHUM, "features"], rows.loc[BOCHUM, "euro_sum"]) == (1, 6.0)
    assert (rows.loc["ruhr", "features"], rows.loc["ruhr", "euro_sum"], rows.loc["ruhr", "area_m2"]) == (2, 15.0, 1500.0)


def test_an_integer_column_of_a_stored_layer_is_summed_as_when_it_was_placed(repo):
    """A GeoPackage's integer field (Plätze) comes back from the store as int64: its stored summary sums it
    like the summary computed from the placed upload."""
    x, y = _points(repo)
    values = pd.DataFrame({"plaetze": np.array([12, 30], dtype=np.int64)})
    parts = place_points(repo.geocoder, x, y)
    table = decode(*encode(table_of(LayerFile(POINT, values, [2, 3], None, point_xy=(x, y)), parts)))
    stored = summarise_table(repo.region, columns_of(values), table).rows.set_index("code")
    placed = summarise(repo.region, parts, values, POINT).rows.set_index("code")
    assert stored.loc["ruhr", "plaetze_sum"] == placed.loc["ruhr", "plaetze_sum"] == 42.0
    assert stored.loc[BOCHUM, "plaetze_sum"] == 12.0


def test_a_point_in_the_first_commune_by_code_counts_there(repo):
    """Duisburg has the lowest AGS of the region (05112000, the first row of the summary): its points count
    for Duisburg, not only for the region."""
    communes = repo.region.communes
    first = min(communes["ags"])
    point = communes.loc[communes["ags"] == first].geometry.iloc[0].representative_point()
    parts = place_points(repo.geocoder, np.array([point.x]), np.array([point.y]))
    summary = summarise(repo.region, parts, pd.DataFrame({"euro": [5.0]}), POINT).rows.set_index("code")
    assert first == "05112000" and (summary.loc[first, "features"], summary.loc[first, "euro_sum"]) == (1, 5.0)
