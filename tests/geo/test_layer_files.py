"""Planners' files read into layers: CSV as people export it, commune tables, GeoJSON and GeoPackage."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.crs import lonlat_to_utm
from geo.errors import InvalidInput
from geo.layer_files import read_layer_file
from geo.layer_report import place_layer, report_of
from geo.layer_summary import summarise

BOCHUM, DORTMUND = "05911000", "05913000"
# The README's `locate` examples: Bochum city centre and Dortmund by the Reinoldikirche (test points, not data).
BOCHUM_LATLON = (51.4818, 7.2162)
DORTMUND_LATLON = (51.5141, 7.4668)


def _read(repo, text: str | bytes, name: str = "massnahmen.csv", **columns):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_layer_file(raw, name, repo.gazetteer, **columns)


def test_an_excel_csv_with_decimal_commas_is_placed_and_summed(repo):
    text = ("Maßnahme;Breite;Länge;Betrag\n"
            "Spielplatz;51,4818;7,2162;1.250.000,50\n"
            "Radweg;51,5141;7,4668;300.000\n"
            "\n"
            "Kaputt;abc;7,1;5\n"
            "Zu kurz;51,5\n"
            "Paris;48,8566;2,3522;10\n")
    layer = _read(repo, text.encode("cp1252"))
    assert layer.kind == "point" and layer.lines == [2, 3, 7]
    assert layer.values["Betrag"].tolist() == [1_250_000.5, 300_000.0, 10.0]
    assert layer.values["Maßnahme"].tolist() == ["Spielplatz", "Radweg", "Paris"]
    assert [line for line, _ in layer.rejected] == [5, 6]
    assert "latitude" in layer.rejected[0][1] and "header has 4" in layer.rejected[1][1]
    parts = place_layer(layer, repo.region, repo.geocoder)
    report = report_of(layer, parts)
    assert report.placed_per_commune == {BOCHUM: 1, DORTMUND: 1}
    assert report.outside == [7] and report.rows_read == 5
    summary = summarise(repo.region, parts, layer.values, layer.kind).rows.set_index("code")
    assert summary.loc[BOCHUM, "Betrag_sum"] == 1_250_000.5
    assert summary.loc["ruhr", "Betrag_sum"] == 1_550_000.5  # Paris is not in the Ruhr area


def test_utm_coordinates_are_read_as_epsg_25832(repo):
    x, y = lonlat_to_utm(np.array([BOCHUM_LATLON[1]]), np.array([BOCHUM_LATLON[0]]))
    layer = _read(repo, f"Rechtswert,Hochwert,Anzahl\n{x[0]:.2f},{y[0]:.2f},3\n1,2,4\n")
    assert layer.lines == [2] and "not an EPSG:25832 position" in layer.rejected[0][1]
    assert report_of(layer, place_layer(layer, repo.region, repo.geocoder)).placed_per_commune == {BOCHUM: 1}


def test_a_table_per_commune_is_matched_by_name_or_ags_and_misspellings_are_listed(repo):
    layer = _read(repo, "Gemeinde,Einwohnerprojekte\nBochum,4\nDortmnd,2\n05913000,1\n")
    assert layer.kind == "commune" and layer.communes == [BOCHUM, DORTMUND]
    assert layer.rejected[0][0] == 3 and "Dortmund" in layer.rejected[0][1]


def test_a_file_without_coordinates_or_communes_is_refused_with_its_columns(repo):
    with pytest.raises(InvalidInput, match="no coordinate columns.*the columns are: a, b"):
        _read(repo, "a,b\n1,2\n")
    with pytest.raises(InvalidInput, match="unknown file type"):
        _read(repo, "x", name="daten.xlsx")


def _geojson(*geometries, crs: str | None = None) -> bytes:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nr": n, "euro": 10.0 * n}, "geometry": g} for n, g in enumerate(geometries)]}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(collection).encode()


def test_geojson_polygons_are_repaired_and_empty_features_rejected(repo):
    lat, lon = BOCHUM_LATLON
    square = shapely.geometry.mapping(shapely.box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01))
    bow_tie = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + .01, lat + .01], [lon + .01, lat],
                                                   [lon, lat + .01], [lon, lat]]]}
    layer = _read(repo, _geojson(square, bow_tie, None), name="gebiete.geojson")
    assert layer.kind == "polygon" and layer.lines == [1, 2]
    assert layer.rejected == [(3, "no geometry or an empty one")]
    assert layer.notes[0][0] == 2 and "repaired" in layer.notes[0][1]
    parts = place_layer(layer, repo.region, repo.geocoder).frame
    assert set(parts.loc[parts["feature"] == 0, "ags"]) == {BOCHUM}


def test_a_layer_mixing_points_and_polygons_is_refused(repo):
    point = {"type": "Point", "coordinates": [7.2, 51.48]}
    square = shapely.geometry.mapping(shapely.box(7.2, 51.48, 7.21, 51.49))
    with pytest.raises(InvalidInput, match=r"mixes (polygon \(2\), point \(1\)|point \(1\), polygon \(2\))"):
        _read(repo, _geojson(point, square, square), name="gemischt.geojson")


def test_a_geopackage_in_web_mercator_is_transformed(repo, tmp_path):
    lat, lon = DORTMUND_LATLON
    frame = gpd.GeoDataFrame({"name": ["Reinoldikirche"]}, geometry=[shapely.Point(lon, lat)], crs="EPSG:4326")
    path = tmp_path / "punkte.gpkg"
    frame.to_crs("EPSG:3857").to_file(path, driver="GPKG")
    layer = _read(repo, path.read_bytes(), name="punkte.gpkg")
    x, y = lonlat_to_utm(np.array([lon]), np.array([lat]))
    assert shapely.get_x(layer.geometries[0]) == pytest.approx(x[0], abs=0.01)
    assert shapely.get_y(layer.geometries[0]) == pytest.approx(y[0], abs=0.01)
    assert report_of(layer, place_layer(layer, repo.region, repo.geocoder)).placed_per_commune == {DORTMUND: 1}


def test_broken_geo_files_are_refused_in_one_line(repo):
    with pytest.raises(InvalidInput, match="not a readable GeoJSON"):
        _read(repo, b"{not json", name="kaputt.geojson")
