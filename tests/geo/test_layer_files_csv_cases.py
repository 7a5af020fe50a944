"""CSV point files at the edges of what is accepted: x/y at the rim of the EPSG:25832 band of Germany,
lat/lon at ±90/±180, a missing x or y, an x/y file's points as stored. Both readers (columnar and row by row) give the same answer."""
from __future__ import annotations

import numpy as np
import pytest

from geo.crs import lonlat_to_utm
from geo.layer_files import read_layer_file
from geo.layer_report import place_layer
from geo.layer_table import table_of


def _both(text: str):
    raw = text.encode("utf-8")
    return [read_layer_file(raw, "punkte.csv", None, columnar=columnar) for columnar in (True, False)]


@pytest.mark.parametrize("reader", [0, 1], ids=["columnar", "row by row"])
def test_x_y_on_the_rim_of_the_german_utm_band_are_read_and_just_beyond_refused(reader):
    text = ("name;x;y\n"
            "SW;100000;5000000\nNE;900000;6500000\n"
            "West;99999.5;5700000\nOst;900000.5;5700000\nSued;400000;4999999.5\nNord;400000;6500000.5\n"
            "Ohne y;400000;\nOhne x;;5700000\n")
    layer = _both(text)[reader]
    assert layer.lines == [2, 3] and layer.values["name"].tolist() == ["SW", "NE"]
    assert layer.rejected == [
        (4, "x=99999.5, y=5.7e+06 is not an EPSG:25832 position in Germany"),
        (5, "x=900000, y=5.7e+06 is not an EPSG:25832 position in Germany"),
        (6, "x=400000, y=5e+06 is not an EPSG:25832 position in Germany"),
        (7, "x=400000, y=6.5e+06 is not an EPSG:25832 position in Germany"),
        (8, "x or y missing or not a number"),
        (9, "x or y missing or not a number")]


@pytest.mark.parametrize("reader", [0, 1], ids=["columnar", "row by row"])
def test_lat_lon_at_the_poles_and_the_date_line_are_read_and_just_beyond_refused(reader):
    text = "name,lat,lon\nNordpol,90,180\nSuedpol,-90,-180\nZu weit,90.5,7\nDatumsgrenze,51,180.5\n"
    layer = _both(text)[reader]
    assert layer.lines == [2, 3]
    assert layer.rejected == [(4, "latitude out of range (-90 to 90)"), (5, "longitude out of range (-180 to 180)")]


@pytest.mark.parametrize("reader", [0, 1], ids=["columnar", "row by row"])
def test_a_file_of_nothing_but_coordinates_has_a_row_of_values_per_point(reader):
    # A GPS logger's export: one row per point, no other column; the values table still has one row each.
    layer = _both("lat,lon\n51.4818,7.2162\n51.5141,7.4668\n")[reader]
    assert layer.lines == [2, 3] and len(layer.values) == 2 and list(layer.values.columns) == []


def test_the_line_numbers_of_a_long_plain_file_read_like_a_list():
    # The columnar reader keeps the lines as an array; what the report and a failing test show reads as a list.
    text = "lat,lon\n" + "".join(f"51.{4800 + n},7.2162\n" for n in range(21)) + "95,7\n"
    layer = _both(text)[0]
    assert (layer.lines[0], layer.lines[-1], layer.lines[1:3]) == (2, 22, [3, 4])
    assert type(layer.lines[0]) is int and list(layer.lines) == list(range(2, 23))
    assert repr(layer.lines) == "LineNumbers(<21>)" and layer.rejected == [(23, "latitude out of range (-90 to 90)")]
    twenty = _both("lat,lon\n" + "51.48,7.21\n" * 20)[0].lines
    assert repr(twenty) == f"LineNumbers({list(range(2, 22))!r})"
    # the same file read twice has equal lines; a tuple of the numbers is equal too, text never is
    assert layer.lines == _both(text)[0].lines and layer.lines != twenty and twenty == tuple(range(2, 22))
    assert layer.lines != "2, 3, 4" and layer.lines != 23  # as a list compares with a text or a number


@pytest.mark.parametrize("reader", [0, 1], ids=["columnar", "row by row"])
def test_an_x_y_files_points_are_stored_as_their_lon_lat(repo, reader):
    # What the store keeps (and the map and the OGC collection show) of a file of Rechtswert/Hochwert:
    # the README's Bochum example, given in EPSG:25832, is 7.2162 E 51.4818 N again.
    x, y = lonlat_to_utm(np.array([7.2162]), np.array([51.4818]))
    layer = _both(f"Standort;Rechtswert;Hochwert\nRathaus;{x[0]:.3f};{y[0]:.3f}\n")[reader]
    table = table_of(layer, place_layer(layer, repo.region, repo.geocoder))
    assert (table.lon.tolist(), table.lat.tolist()) == ([7.2162], [51.4818])
