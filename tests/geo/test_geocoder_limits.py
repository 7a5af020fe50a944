"""geo/geocoder.py at the edges of the coordinate ranges and with several points at once."""
import numpy as np
import pytest

from geo.errors import InvalidInput
from geo.geocoder import lonlat_problems
from geo.grid_index import OUTSIDE

JUST_BEYOND_180 = np.nextafter(180.0, 181.0)
JUST_BEYOND_90 = np.nextafter(90.0, 91.0)
KOKEREI = (7.412167, 51.540694)  # lon, lat: Dortmund (tests/data/known_places.csv)


def test_the_range_limits_themselves_are_valid_coordinates(repo):
    lon = [180.0, -180.0, 0.0, 0.0, 180.0, KOKEREI[0]]
    lat = [0.0, 0.0, 90.0, -90.0, -90.0, KOKEREI[1]]
    assert list(lonlat_problems(lon, lat)) == [""] * 6
    assert list(repo.geocoder.locate_lonlat(lon, lat)) == [OUTSIDE] * 5 + [repo.geocoder.ags.tolist().index("05913000")]


@pytest.mark.parametrize("lon, lat, problem", [
    (JUST_BEYOND_180, 0.0, "longitude out of range (-180 to 180)"),
    (-JUST_BEYOND_180, 0.0, "longitude out of range (-180 to 180)"),
    (0.0, JUST_BEYOND_90, "latitude out of range (-90 to 90)"),
    (0.0, -JUST_BEYOND_90, "latitude out of range (-90 to 90)"),
])
def test_just_beyond_the_limits_is_out_of_range(repo, lon, lat, problem):
    assert list(lonlat_problems([lon], [lat])) == [problem]
    with pytest.raises(InvalidInput, match=rf"point 0: {problem.split(' (')[0]}"):
        repo.geocoder.locate_lonlat([lon], [lat])


def test_problems_are_given_per_point():
    lon = [7.0, 181.0, np.nan, 7.0, 181.0]
    lat = [51.5, 51.5, 51.5, 91.0, np.inf]
    assert list(lonlat_problems(lon, lat)) == [
        "", "longitude out of range (-180 to 180)", "longitude missing or not a number",
        "latitude out of range (-90 to 90)", "latitude missing or not a number",
    ]


def test_the_first_bad_point_is_named(repo):
    lon = [KOKEREI[0], KOKEREI[0], KOKEREI[0], 200.0, KOKEREI[0]]
    lat = [KOKEREI[1], KOKEREI[1], 95.0, KOKEREI[1], np.nan]
    with pytest.raises(InvalidInput, match=r"^point 2: latitude out of range .* \(got lat=95.0, lon=7.412167\)$"):
        repo.geocoder.locate_lonlat(lon, lat)


def test_the_first_non_finite_xy_is_named(repo):
    x = [380_000.0, 380_000.0, np.inf, np.nan]
    y = [5_710_000.0, np.nan, 5_710_000.0, 5_710_000.0]
    with pytest.raises(InvalidInput, match=r"^coordinate 1 is not a finite number$"):
        repo.geocoder.locate_xy(x, y)


@pytest.mark.parametrize("x, y", [
    ([380_000.0, 381_000.0], [5_710_000.0]),
    ([380_000.0], [5_710_000.0, 5_711_000.0]),
    ([], [5_710_000.0]),
])
def test_xy_arrays_of_different_length_are_rejected(repo, x, y):
    with pytest.raises(InvalidInput, match=r"^x and y must have the same length$"):
        repo.geocoder.locate_xy(x, y)


@pytest.mark.parametrize("x, y, message", [
    (["Rechtswert"], [5_710_000.0], "x must be numbers"),
    ([380_000.0], ["5710000,5"], "y must be numbers"),
])
def test_a_coordinate_that_is_not_a_number_names_its_axis(repo, x, y, message):
    # e.g. a header cell or a decimal comma pasted into the x or y column
    with pytest.raises(InvalidInput, match=rf"^{message}$"):
        repo.geocoder.locate_xy(x, y)



def test_missing_values_given_as_none_are_named_per_point():
    # e.g. JSON null or an empty cell read as None: missing, not a crash
    assert list(lonlat_problems([None, 7.2, 7.2], [51.5, None, 51.5])) == [
        "longitude missing or not a number", "latitude missing or not a number", ""]


def test_a_latitude_that_is_not_a_number_is_named(repo):
    with pytest.raises(InvalidInput, match=r"^latitude must be numbers$"):
        repo.geocoder.locate_lonlat([7.2], ["51,5 N"])


def test_lonlat_arrays_of_different_length_get_the_exact_message(repo):
    with pytest.raises(InvalidInput, match=r"^longitude and latitude must have the same length$"):
        repo.geocoder.locate_lonlat([7.2, 7.3], [51.5])
