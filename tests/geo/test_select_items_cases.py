"""select_items with several conditions at once, as a GIS user combines them in one items request
(property filters, a CQL2 filter, a datetime, a bbox): every condition holds for every row returned;
and a sort keeps ties in the layer's order."""
import numpy as np
import shapely

from geo.cql_filter import CqlFilter, parse_filter
from geo.layers import build_layers, select_items
from geo.temporal import parse_datetime

DORTMUND = "05913000"


def _expected(frame, condition) -> list[int]:
    return np.flatnonzero(condition.to_numpy()).tolist()


def test_two_property_filters_both_hold(repo):
    sites = build_layers(repo)["sites"]
    frame = sites.frame
    positions = select_items(sites, None, {"programme": "iga2027", "ags": DORTMUND}).tolist()
    assert positions == _expected(frame, (frame["programme"] == "iga2027") & (frame["ags"] == DORTMUND))
    assert [frame["id"].iloc[p] for p in positions] == ["iga-02", "iga-03"]


def test_a_cql2_filter_narrows_the_property_filters(repo):
    sites = build_layers(repo)["sites"]
    frame = sites.frame
    in_dortmund = CqlFilter(parse_filter(f"ags = '{DORTMUND}'"))
    positions = select_items(sites, None, {"programme": "fgz"}, cql=in_dortmund).tolist()
    assert positions == _expected(frame, (frame["programme"] == "fgz") & (frame["ags"] == DORTMUND))
    assert [frame["id"].iloc[p] for p in positions] == ["fgz-05913000-1", "fgz-05913000-2"]
    assert len(select_items(sites, cql=in_dortmund)) == 4  # with the two IGA sites


def test_a_datetime_narrows_the_property_filters(repo):
    sites = build_layers(repo)["sites"]
    frame = sites.frame
    positions = select_items(sites, None, {"ags": DORTMUND}, period=parse_datetime("2027-01-01/2027-12-31")).tolist()
    assert [frame["id"].iloc[p] for p in positions] == ["iga-02", "iga-03"]  # not Dortmund's schools of 2021/22


def test_a_bbox_narrows_the_property_filters(repo):
    sites = build_layers(repo)["sites"]
    frame = sites.frame
    box = shapely.box(360_000, 5_700_000, 380_000, 5_720_000)  # EPSG:25832, around Essen
    positions = select_items(sites, box, {"programme": "fgz"}).tolist()
    assert positions == _expected(frame, (frame["programme"] == "fgz") & frame.geometry.intersects(box))
    assert 0 < len(positions) < len(select_items(sites, box))


def test_sorting_by_funding_keeps_communes_with_equal_funding_in_ags_order(repo):
    portfolio = build_layers(repo)["portfolio"]
    rows = portfolio.frame.iloc[select_items(portfolio, sortby=[("funding_per_inhabitant_eur", False)])]
    funded = rows[rows["funding_per_inhabitant_eur"] > 0]
    assert funded["funding_per_inhabitant_eur"].is_monotonic_decreasing and 0 < len(funded) < 53
    unfunded = rows[rows["funding_per_inhabitant_eur"] == 0]["ags"].tolist()
    assert unfunded == sorted(unfunded) and len(unfunded) == 53 - len(funded)


def test_a_datetime_on_a_collection_without_time_selects_nothing(repo):
    communes = build_layers(repo)["communes"]
    assert communes.time_property is None
    assert select_items(communes, None, {"district_code": "05978"}, period=parse_datetime("2027-01-01/2027-12-31")).tolist() == []
    assert len(select_items(communes, None, {"district_code": "05978"})) == 10
