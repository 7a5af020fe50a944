"""select_items: the one query behind every items page, checked against a direct computation."""
import numpy as np
import shapely

from geo.layers import build_layers, select_items


def layers(repo):
    return build_layers(repo)


def test_filters_select_exactly_the_matching_rows(repo):
    sites = layers(repo)["sites"]
    positions = select_items(sites, None, {"programme": "fgz", "precision": "address"})
    expected = np.flatnonzero(((sites.frame["programme"] == "fgz") & (sites.frame["precision"] == "address")).to_numpy())
    assert positions.tolist() == expected.tolist() and len(positions) > 30


def test_bbox_selects_what_intersects_it(repo):
    communes = layers(repo)["communes"]
    box = shapely.box(360_000, 5_700_000, 380_000, 5_720_000)  # EPSG:25832, around Essen
    positions = select_items(communes, box)
    expected = [i for i, geometry in enumerate(communes.frame.geometry) if geometry.intersects(box)]
    assert sorted(positions.tolist()) == expected and 0 < len(expected) < 53


def test_sortby_orders_stably_with_missing_values_last(repo):
    sites = layers(repo)["sites"]
    positions = select_items(sites, None, None, [("identification", False), ("name", True)])
    rows = sites.frame.iloc[positions]
    levels = rows["identification"].tolist()
    present = [level for level in levels if isinstance(level, str)]
    assert 0 < len(present) < len(levels)  # FGZ schools have a level, other sites none
    assert levels[:len(present)] == present  # no missing level before a present one
    assert present == sorted(present, reverse=True)
    for level in set(present):  # within one level, names ascending
        names = rows[rows["identification"] == level]["name"].tolist()
        assert names == sorted(names)


def test_no_filter_and_no_box_is_every_row_in_order(repo):
    communes = layers(repo)["communes"]
    assert select_items(communes).tolist() == list(range(53))
