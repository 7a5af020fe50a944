"""datetime (RFC 3339 instants and intervals) against the sites' start years, checked by hand."""
from datetime import datetime, timezone

import pytest

from geo.errors import InvalidInput
from geo.layers import build_layers, select_items
from geo.temporal import Interval, parse_datetime, start_years, year_extent, year_mask


@pytest.fixture(scope="module")
def layers(repo):
    return build_layers(repo)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, start, end", [
    ("2021-05-01T12:00:00Z", utc(2021, 5, 1, 12), utc(2021, 5, 1, 12)),
    ("2021-05-01", utc(2021, 5, 1), utc(2021, 5, 1, 23, 59, 59, 999999)),
    ("2021-01-01/2022-12-31", utc(2021, 1, 1), utc(2022, 12, 31, 23, 59, 59, 999999)),
    ("2021-01-01T00:00:00Z/..", utc(2021, 1, 1), None),
    ("../2022-01-01T00:00:00+02:00", None, utc(2021, 12, 31, 22)),
    ("/2022-01-01", None, utc(2022, 1, 1, 23, 59, 59, 999999)),
])
def test_instants_and_intervals(text, start, end):
    assert parse_datetime(text) == Interval(start, end)


@pytest.mark.parametrize("text", ["2027", "2021-13-01", "2021-02-30", "../..", "2021-01-01/2021-02-01/2021-03-01",
                                  "2021-01-01T10:00", "yesterday", "", "0001-01-01T00:00:00+01:00"])
def test_anything_else_is_refused_with_the_forms_it_takes(text):
    with pytest.raises(InvalidInput, match="RFC 3339"):
        parse_datetime(text)


def test_an_interval_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidInput, match="starts after it ends"):
        parse_datetime("2022-01-01/2021-01-01")


def test_a_school_year_starts_in_its_first_year(layers):
    years = layers["sites"].frame["year"]
    assert set(years.dropna()) >= {"2021/22", "2027"}
    starts = start_years(years)
    assert (starts[years == "2021/22"] == 2021).all() and starts[years.isna()].isna().all()


@pytest.mark.parametrize("text, first, last", [
    ("2021-12-31T23:59:59Z", 2021, 2021),   # the last second of 2021 lies in the year 2021
    ("2022-01-01", 2022, 2022),             # a school year 2021/22 started in 2021: not selected
    ("2022-06-01/..", 2022, 9999),
    ("../2021-01-01T00:00:00Z", 0, 2021),
    ("2021-07-01T00:00:00+02:00/2023-01-01T00:30:00+01:00", 2021, 2022),  # ends 2022-12-31T23:30Z
])
def test_sites_whose_start_year_intersects_are_selected(layers, text, first, last):
    sites = layers["sites"]
    starts = start_years(sites.frame["year"])
    expected = sites.frame["fid"][(starts >= first) & (starts <= last)].tolist()
    selected = sites.frame["fid"][select_items(sites, period=parse_datetime(text))].tolist()
    assert sorted(selected) == sorted(expected) and expected


def test_sites_without_a_year_and_collections_without_time_never_match(layers):
    everything = parse_datetime("0001-01-01/9999-12-31")
    sites = layers["sites"]
    assert len(select_items(sites, period=everything)) == sites.frame["year"].notna().sum() < len(sites.frame)
    for layer_id in ("communes", "districts", "five_locations", "portfolio"):
        assert len(select_items(layers[layer_id], period=everything)) == 0


def test_year_mask_and_extent_on_a_small_series():
    import pandas as pd
    years = pd.Series(["2021/22", None, "2027", "2015"])
    assert year_mask(years, Interval(utc(2021, 6, 1), utc(2027, 1, 1))).tolist() == [True, False, True, False]
    assert year_extent(years) == ["2015-01-01T00:00:00Z", "2027-12-31T23:59:59Z"]
    assert year_extent(pd.Series([None, None])) is None
