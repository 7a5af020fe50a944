"""German number formatting: one helper, so no page swaps separators in a string holding names."""
import math

import pytest

from geo.numbers_de import decimal_de, euro_de, integer_de


@pytest.mark.parametrize("value, digits, text", [
    (1234567.891, 2, "1.234.567,89"),
    (1234567.891, 0, "1.234.568"),
    (0.5, 2, "0,50"),
    (-1234.5, 1, "-1.234,5"),
    (999, 0, "999"),
    (1000, 0, "1.000"),
])
def test_decimal_groups_with_dots_and_separates_with_a_comma(value, digits, text):
    assert decimal_de(value, digits) == text


def test_two_decimals_unless_asked_otherwise():
    assert decimal_de(1234.5) == "1.234,50"  # e.g. a rate per inhabitant on a commune page


def test_integer_and_euro():
    assert integer_de(605425) == "605.425"
    assert euro_de(10_100_000.0) == "10.100.000 €"
    assert euro_de(12.345, 2) == "12,35 €"


@pytest.mark.parametrize("value", [None, math.nan, math.inf])
def test_no_number_is_a_dash(value):
    assert decimal_de(value) == "–"
    assert euro_de(None) == "–"


def test_number_columns_are_read_in_the_convention_the_column_uses():
    from geo.numbers_de import parse_number_column
    assert parse_number_column(["1.250.000,50", "300.000", "0,5"]) == [1_250_000.5, 300_000.0, 0.5]
    assert parse_number_column(["1.5", "2", "-3.25"]) == [1.5, 2.0, -3.25]
    assert parse_number_column(["1 234 €", "EUR 5", "\u22127"]) == [1234.0, 5.0, -7.0]
    # thousands grouped by a non-breaking space (as spreadsheets export them) or the Swiss way
    assert parse_number_column(["1\u00a0234\u00a0567,50", "2\u00a0000"]) == [1_234_567.5, 2000.0]
    assert parse_number_column(["1'250'000", "12'500.75"]) == [1_250_000.0, 12_500.75]
    empty = parse_number_column(["", "4"])
    assert empty[0] != empty[0] and empty[1] == 4.0  # NaN for an empty cell
    assert parse_number_column(["4", "vier"]) is None
    assert parse_number_column(["", " "]) is None
    assert parse_number_column(["inf", "1"]) is None
