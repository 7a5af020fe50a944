"""Which columns of a CSV file hold the positions: columns the planner names (a GIS export calls them
'RW'/'HW' or 'GPS_Breite'/'GPS_Laenge'), one named and the other found by its usual name, a missing
partner named in the refusal, and files whose other columns only look like coordinates (a cycle
path's width, 'Breite', or length, 'Länge', beside its Rechtswert/Hochwert; a column of crosses
'x' in a commune table). Both readers (columnar and row by row) give the same answer."""
from __future__ import annotations

import numpy as np
import pytest

from geo.crs import lonlat_to_utm
from geo.errors import InvalidInput
from geo.layer_files import read_layer_file

# The README's `locate` examples: Bochum city centre and Dortmund by the Reinoldikirche (test points, not data).
BOCHUM_LATLON = (51.4818, 7.2162)
DORTMUND_LATLON = (51.5141, 7.4668)
READERS = pytest.mark.parametrize("columnar", [True, False], ids=["columnar", "row by row"])


def _utm(lat: float, lon: float) -> tuple[float, float]:
    x, y = lonlat_to_utm(np.array([lon]), np.array([lat]))
    return round(float(x[0]), 2), round(float(y[0]), 2)


BOCHUM_XY, DORTMUND_XY = _utm(*BOCHUM_LATLON), _utm(*DORTMUND_LATLON)


def _read(text: str, columnar: bool = True, name: str = "standorte.csv", gazetteer=None, **columns):
    return read_layer_file(text.encode("utf-8"), name, gazetteer, columnar=columnar, **columns)


def _projected_file(x_name: str, y_name: str) -> str:
    return (f"Standort;{x_name};{y_name};Plätze\n"
            f"Kita Kortumstraße;{BOCHUM_XY[0]};{BOCHUM_XY[1]};75\n"
            f"Kita am Markt;{DORTMUND_XY[0]};{DORTMUND_XY[1]};60\n")


def _lonlat_file(lat_name: str, lon_name: str) -> str:
    return (f"Standort,{lat_name},{lon_name},Plätze\n"
            f"Kita Kortumstraße,{BOCHUM_LATLON[0]},{BOCHUM_LATLON[1]},75\n"
            f"Kita am Markt,{DORTMUND_LATLON[0]},{DORTMUND_LATLON[1]},60\n")


def _assert_the_two_kitas(layer) -> None:
    assert layer.kind == "point" and layer.lines == [2, 3] and layer.rejected == []
    assert layer.values.to_dict("list") == {"Standort": ["Kita Kortumstraße", "Kita am Markt"], "Plätze": [75.0, 60.0]}
    x, y = layer.xy()
    assert np.allclose(x, [BOCHUM_XY[0], DORTMUND_XY[0]], atol=0.01)
    assert np.allclose(y, [BOCHUM_XY[1], DORTMUND_XY[1]], atol=0.01)


@READERS
def test_x_and_y_columns_the_planner_names_are_read_as_epsg_25832(columnar):
    # A GIS export names them 'RW' and 'HW', which no rule guesses.
    _assert_the_two_kitas(_read(_projected_file("RW", "HW"), columnar, x="RW", y="HW"))


@READERS
def test_one_named_x_or_y_column_finds_its_partner_by_its_usual_name(columnar):
    _assert_the_two_kitas(_read(_projected_file("Rechtswert", "HW_ETRS89"), columnar, y="HW_ETRS89"))
    _assert_the_two_kitas(_read(_projected_file("RW_ETRS89", "Hochwert"), columnar, x="RW_ETRS89"))


@READERS
def test_lat_and_lon_columns_the_planner_names_are_read_as_wgs84(columnar):
    _assert_the_two_kitas(_read(_lonlat_file("GPS_Breite", "GPS_Laenge"), columnar, lat="GPS_Breite", lon="GPS_Laenge"))


@READERS
def test_one_named_lat_or_lon_column_finds_its_partner_by_its_usual_name(columnar):
    _assert_the_two_kitas(_read(_lonlat_file("GPS_Breite", "Länge"), columnar, lat="GPS_Breite"))
    _assert_the_two_kitas(_read(_lonlat_file("Breitengrad", "GPS_Laenge"), columnar, lon="GPS_Laenge"))


def test_a_named_column_without_its_partner_is_refused_with_the_names_tried():
    refusals = {
        "x": ("Standort;RW;Plätze\nA;389000;1\n", {"x": "RW"},
              "no y column found (tried y, hochwert, nordwert, northing, utm_y, y_utm, y_25832); name it with --y"),
        "y": ("Standort;HW;Plätze\nA;5705000;1\n", {"y": "HW"},
              "no x column found (tried x, rechtswert, ostwert, easting, utm_x, x_utm, x_25832); name it with --x"),
        "lat": ("Standort,GPS_Breite,Plätze\nA,51.48,1\n", {"lat": "GPS_Breite"},
                "no lon column found (tried lon, lng, long, longitude, laenge, länge, laengengrad, längengrad, "
                "x_wgs84); name it with --lon"),
        "lon": ("Standort,GPS_Laenge,Plätze\nA,7.21,1\n", {"lon": "GPS_Laenge"},
                "no lat column found (tried lat, latitude, breite, breitengrad, y_wgs84); name it with --lat"),
    }
    for text, named, message in refusals.values():
        with pytest.raises(InvalidInput) as refused:
            _read(text, **named)
        assert str(refused.value) == message


@READERS
@pytest.mark.parametrize("measure", ["Breite", "Länge"])
def test_a_cycle_paths_width_or_length_beside_its_rechtswert_and_hochwert_is_a_value(columnar, measure):
    # 'Breite' and 'Länge' also name latitude and longitude; alone, without the other, they are measures.
    text = (f"Radweg;Rechtswert;Hochwert;{measure}\n"
            f"Kortumstraße;{BOCHUM_XY[0]};{BOCHUM_XY[1]};2,5\n"
            f"Wallring;{DORTMUND_XY[0]};{DORTMUND_XY[1]};3\n")
    layer = _read(text, columnar)
    assert layer.kind == "point" and layer.lines == [2, 3] and layer.rejected == []
    assert layer.values.to_dict("list") == {"Radweg": ["Kortumstraße", "Wallring"], measure: [2.5, 3.0]}
    assert np.allclose(layer.xy()[0], [BOCHUM_XY[0], DORTMUND_XY[0]], atol=0.01)


def test_a_column_of_crosses_named_x_leaves_a_commune_table_a_commune_table(repo):
    # Which communes take part, ticked with an 'x': one coordinate-like column makes no position.
    layer = _read("Gemeinde;Plätze;x\nBochum;75;x\nDortmund;60;\n", gazetteer=repo.gazetteer)
    assert layer.kind == "commune" and layer.communes == ["05911000", "05913000"]
    assert layer.values.to_dict("list") == {"Plätze": [75.0, 60.0], "x": ["x", ""]}
