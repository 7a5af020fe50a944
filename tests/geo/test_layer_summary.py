"""A planner's layer summed per commune, Kreis and region: shares, zero-filling and per-inhabitant figures."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.layer_summary import summarise
from geo.overlay import POINT, POLYGON, Parts, place_points, place_shapes

BOCHUM, DORTMUND, UNNA, SCHWERTE = "05911000", "05913000", "05978036", "05978032"


def _inner_point(communes, ags):
    return communes.loc[communes["ags"] == ags].geometry.iloc[0].representative_point()


@pytest.fixture(scope="module")
def communes(repo):
    return repo.region.communes


def _row(summary, code):
    return summary.rows.set_index("code").loc[code]


def test_points_are_summed_per_commune_kreis_and_region(repo, communes):
    points = [_inner_point(communes, a) for a in (BOCHUM, BOCHUM, DORTMUND, UNNA, SCHWERTE)]
    values = pd.DataFrame({"amount": [100.0, 50.0, 7.0, 3.0, np.nan], "label": list("abcde")})
    parts = place_points(repo.geocoder, np.array([p.x for p in points]), np.array([p.y for p in points]))
    summary = summarise(repo.region, parts, values, POINT)
    assert summary.numeric == ("amount",)
    bochum = _row(summary, BOCHUM)
    assert (bochum["features"], bochum["amount_sum"], bochum["amount_mean"]) == (2, 150.0, 75.0)
    population = communes.set_index("ags").loc[BOCHUM, "population"]
    assert bochum["amount_per_1000"] == pytest.approx(150.0 / population * 1000)
    schwerte = _row(summary, SCHWERTE)  # a feature with no number: counted, nothing summed, no mean
    assert (schwerte["features"], schwerte["amount_sum"]) == (1, 0.0) and pd.isna(schwerte["amount_mean"])
    essen = _row(summary, "05113000")
    assert (essen["features"], essen["amount_sum"]) == (0, 0.0) and pd.isna(essen["amount_mean"])
    unna_kreis = _row(summary, "05978")
    assert (unna_kreis["level"], unna_kreis["name"], unna_kreis["features"], unna_kreis["amount_sum"]) == \
        ("district", "Kreis Unna", 2, 3.0)
    members = communes.loc[communes["district_code"] == "05978", "population"].sum()
    assert unna_kreis["population"] == members
    region = _row(summary, "ruhr")
    assert (region["features"], region["amount_sum"]) == (5, 160.0)
    assert len(summary.rows[summary.rows["level"] == "commune"]) == 53
    assert sorted(summary.rows.loc[summary.rows["level"] == "district", "code"]) == ["05170", "05562", "05954", "05978"]


def test_a_polygon_on_a_border_splits_its_number_by_area(repo, communes):
    bochum = communes.loc[communes["ags"] == BOCHUM].geometry.iloc[0]
    dortmund = communes.loc[communes["ags"] == DORTMUND].geometry.iloc[0]
    border = shapely.intersection(bochum.boundary, dortmund.boundary)
    centre = border.interpolate(0.5, normalized=True)
    square = shapely.box(centre.x - 1000, centre.y - 1000, centre.x + 1000, centre.y + 1000)
    parts = place_shapes(communes, np.array([square]), POLYGON)
    summary = summarise(repo.region, parts, pd.DataFrame({"euro": [1_000_000.0]}), POLYGON)
    share = shapely.intersection(square, bochum).area / square.area
    row = _row(summary, BOCHUM)
    assert row["euro_sum"] == pytest.approx(1_000_000.0 * share, rel=1e-9)
    assert row["euro_mean"] == pytest.approx(1_000_000.0, rel=1e-9)  # the feature's own number, not its part
    assert row["area_share"] == pytest.approx(shapely.intersection(square, bochum).area / bochum.area, rel=1e-9)
    assert _row(summary, "ruhr")["euro_sum"] == pytest.approx(1_000_000.0, rel=1e-6)
    assert _row(summary, "ruhr")["features"] == 1  # one feature, although it lies in two communes
    assert summary.weighting == "by area inside each commune"


def test_sums_kept_from_before_a_commune_moved_to_another_kreis_are_not_used(repo, communes):
    """An edition of the boundaries moves Hünxe (Kreis Wesel) to Kreis Recklinghausen: the Kreis sums
    made at upload no longer hold, so the stored sums are set aside (the layer is summed anew)."""
    import dataclasses

    from geo.layer_summary import summary_of, unit_sums

    point = _inner_point(communes, "05170016")
    parts = place_points(repo.geocoder, np.array([point.x]), np.array([point.y]))
    sums = unit_sums(repo.region, parts, pd.DataFrame({"amount": [5.0]}), POINT)
    assert summary_of(repo.region, sums) is not None
    moved = communes.copy()
    moved.loc[moved["ags"] == "05170016", "district_code"] = "05562"
    assert summary_of(dataclasses.replace(repo.region, communes=moved), sums) is None


def test_a_point_in_a_commune_the_edition_no_longer_has_counts_for_the_region_only(repo):
    """A layer stored under an earlier edition may name a commune code the current boundaries lack: its
    point is still in the Ruhr area (the region's sum), but in no commune and no Kreis of today."""
    parts = Parts(pd.DataFrame({"feature": [0, 1, 2], "ags": [BOCHUM, "05999999", UNNA], "measure": 1.0,
                                "feature_share": 1.0, "commune_share": 0.0}))
    summary = summarise(repo.region, parts, pd.DataFrame({"amount": [1.0, 10.0, 100.0]}), POINT)
    region = _row(summary, "ruhr")
    assert (region["features"], region["amount_sum"]) == (3, 111.0)
    communes_only = summary.rows[summary.rows["level"] == "commune"]
    assert (communes_only["features"].sum(), communes_only["amount_sum"].sum()) == (2, 101.0)
    assert (_row(summary, "05978")["features"], _row(summary, "05978")["amount_sum"]) == (1, 100.0)
    assert summary.rows.loc[summary.rows["level"] == "district", "amount_sum"].sum() == 100.0
