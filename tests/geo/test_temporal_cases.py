"""datetime values as clients send them, and the years they select, on small series checked by hand."""
import os
import time
from datetime import UTC, datetime

import pandas as pd
import pytest

from geo.errors import InvalidInput
from geo.temporal import Interval, parse_datetime, start_years, year_mask


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_lower_case_t_and_z_are_rfc_3339_too():
    assert parse_datetime("2021-05-01t12:00:00z") == Interval(utc(2021, 5, 1, 12), utc(2021, 5, 1, 12))
    assert parse_datetime("2021-05-01t12:00:00.5+02:00/..").start == utc(2021, 5, 1, 10, 0, 0, 500000)


def test_an_interval_of_one_instant_is_that_instant():
    assert parse_datetime("2021-05-01T12:00:00Z/2021-05-01T12:00:00Z") == Interval(utc(2021, 5, 1, 12),
                                                                                 utc(2021, 5, 1, 12))


@pytest.fixture
def server_in_german_time():
    """The server's local time zone is CET (the machine a Ruhr city would run it on), not UTC."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "CET-1"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_the_year_of_an_instant_is_its_utc_year_whatever_the_server_time_zone(server_in_german_time):
    years = pd.Series(["2021", "2022"])
    last_half_hour_of_2021 = parse_datetime("2021-12-31T23:30:00Z")  # 00:30 on New Year's Day in Essen
    assert year_mask(years, last_half_hour_of_2021).tolist() == [True, False]
    assert year_mask(years, parse_datetime("../2021-12-31T23:30:00Z")).tolist() == [True, False]


def test_a_reversed_interval_is_refused_with_exactly_that_reason():
    with pytest.raises(InvalidInput) as error:
        parse_datetime("2022-01-01/2021-01-01")
    assert str(error.value) == "datetime: the interval starts after it ends"


def test_a_wrong_value_is_shown_cut_to_80_characters_with_the_forms_that_work():
    with pytest.raises(InvalidInput) as error:
        parse_datetime("letzte Woche " + "x" * 200)
    assert str(error.value) == (
        "datetime: 'letzte Woche " + "x" * 67 + "' is not an RFC 3339 date-time or date (2021-05-01T12:00:00Z, "
        "2021-05-01) or an interval of two of them with '..' for an open end "
        "(2021-01-01/2022-12-31, 2021-01-01T00:00:00Z/..)")


def test_a_year_in_full_width_digits_is_no_year_and_never_selected():
    """Text copied out of a PDF sometimes carries full-width digits: not a year the data states."""
    years = pd.Series(["２０２１", "2021/22"])
    assert start_years(years).isna().tolist() == [True, False]
    assert year_mask(years, parse_datetime("2021-01-01/..")).tolist() == [False, True]
