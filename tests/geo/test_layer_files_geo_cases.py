"""GeoJSON and GeoPackage files as GIS programs export them: QGIS' multipoints of one point, areas
digitised with a slip, a GeoPackage without a coordinate reference system, a file GDAL cannot read."""
from __future__ import annotations

import json
import re
import warnings

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.crs import lonlat_to_utm
from geo.errors import InvalidInput
from geo.layer_files import read_layer_file

# The README's `locate` examples: Bochum city centre and Dortmund by the Reinoldikirche (test points, not data).
BOCHUM_LONLAT = (7.2162, 51.4818)
DORTMUND_LONLAT = (7.4668, 51.5141)


def _collection(*features: tuple[dict, dict | None]) -> bytes:
    """A GeoJSON FeatureCollection without a 'crs' member (RFC 7946: WGS84 lon/lat)."""
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry} for properties, geometry in features]}).encode()


def _read(raw: bytes, name: str):
    return read_layer_file(raw, name, None)


def _utm(lon: float, lat: float) -> tuple[float, float]:
    x, y = lonlat_to_utm(np.array([lon]), np.array([lat]))
    return float(x[0]), float(y[0])


def test_qgis_multipoints_of_one_point_are_points_and_of_several_are_refused():
    # A point layer saved from a shapefile comes as MultiPoint features, most of one point each.
    raw = _collection(
        ({"name": "Kita Kortumstraße", "plaetze": 75}, {"type": "MultiPoint", "coordinates": [list(BOCHUM_LONLAT)]}),
        ({"name": "Zwei Standorte", "plaetze": 40}, {"type": "MultiPoint", "coordinates": [
            list(BOCHUM_LONLAT), list(DORTMUND_LONLAT)]}),
        ({"name": "Kita am Markt", "plaetze": 60}, {"type": "Point", "coordinates": list(DORTMUND_LONLAT)}))
    layer = _read(raw, "kitas.geojson")
    assert layer.kind == "point" and layer.lines == [1, 3]
    assert layer.rejected == [(2, "a multipoint of several points; upload each point as a feature")]
    assert [g.geom_type for g in layer.geometries] == ["Point", "Point"]
    assert (layer.geometries[0].x, layer.geometries[0].y) == pytest.approx(_utm(*BOCHUM_LONLAT), abs=0.01)
    assert layer.values.to_dict("list") == {"name": ["Kita Kortumstraße", "Kita am Markt"], "plaetze": [75, 60]}
    assert list(layer.values.index) == [0, 1]


def test_multipoints_in_a_line_layer_are_left_as_they_are():
    # Only a point layer turns multipoints into points; a layer of lines keeps each line as drawn.
    path = {"type": "LineString", "coordinates": [list(BOCHUM_LONLAT), list(DORTMUND_LONLAT)]}
    layer = _read(_collection(({"name": "Radweg"}, path), ({"name": "Weg 2"}, path)), "wege.geojson")
    assert layer.kind == "line" and layer.lines == [1, 2] and layer.rejected == []
    assert [g.geom_type for g in layer.geometries] == ["LineString", "LineString"]


def test_an_area_digitised_along_a_street_and_back_is_rejected_and_an_empty_one_too():
    lon, lat = BOCHUM_LONLAT
    park = shapely.geometry.mapping(shapely.box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01))
    # out along a street and back the same way: no area in any projection
    slip = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.01, lat + 0.002], [lon + 0.02, lat + 0.001],
                                               [lon + 0.01, lat + 0.002], [lon, lat]]]}
    empty = {"type": "Polygon", "coordinates": []}
    layer = _read(_collection(({"gebiet": "Park"}, park), ({"gebiet": "Versehen"}, slip), ({"gebiet": "Leer"}, empty),
                              ({"gebiet": "Park 2"}, park)), "gebiete.geojson")
    assert layer.kind == "polygon" and layer.lines == [1, 4]
    assert [line for line, _ in layer.rejected] == [2, 3] and layer.notes == []
    assert "invalid polygon without area" in layer.rejected[0][1]
    assert layer.rejected[1] == (3, "no geometry or an empty one")
    assert layer.values["gebiet"].tolist() == ["Park", "Park 2"] and len(layer.geometries) == 2
    assert all(g is not None and g.area > 0 for g in layer.geometries)


def test_a_feature_gdal_cannot_read_is_reported_and_the_file_refused():
    # A coordinate with one number: GDAL warns (the operator's log says why) and reads no geometry.
    broken = {"type": "Point", "coordinates": [7.2]}
    with pytest.warns(RuntimeWarning, match="Invalid coord dimension"):
        with pytest.raises(InvalidInput, match=r"^punkte\.geojson: no feature has a geometry$"):
            _read(_collection(({"name": "A"}, broken), ({"name": "B"}, None)), "punkte.geojson")


def test_a_geopackage_without_a_coordinate_system_is_refused(tmp_path):
    path = tmp_path / "ohne_crs.gpkg"
    with warnings.catch_warnings():  # pyogrio warns that the file it writes has no CRS: that is the case here
        warnings.simplefilter("ignore", UserWarning)
        gpd.GeoDataFrame({"name": ["Rathaus"]}, geometry=[shapely.Point(*_utm(*BOCHUM_LONLAT))]).to_file(path, driver="GPKG")
    with pytest.raises(InvalidInput) as refused:
        _read(path.read_bytes(), "ohne_crs.gpkg")
    assert str(refused.value) == ("ohne_crs.gpkg: the layer has no coordinate reference system; "
                                  "set one and export again")


def test_a_geopackage_is_read_without_a_warning(tmp_path):
    # GDAL notes that the uploaded bytes have no '.gpkg' name; that says nothing about the planner's file.
    path = tmp_path / "punkte.gpkg"
    gpd.GeoDataFrame({"name": ["Rathaus"]}, geometry=[shapely.Point(*BOCHUM_LONLAT)], crs="EPSG:4326").to_file(
        path, driver="GPKG")
    with warnings.catch_warnings(record=True) as caught:  # GDAL's warnings come through a callback: recorded, not raised
        warnings.simplefilter("always")
        layer = _read(path.read_bytes(), "punkte.gpkg")
    assert [str(warning.message) for warning in caught] == []
    assert layer.kind == "point" and layer.values["name"].tolist() == ["Rathaus"]


def test_a_file_gdal_cannot_open_is_refused_with_its_reason_cut_short():
    with pytest.raises(InvalidInput) as refused:
        _read(b"Name;Breite;Laenge\nA;51,4;7,2\n", "tabelle.json")
    found = re.fullmatch(r"tabelle\.json: not a readable GeoJSON file \((.*)\)", str(refused.value))
    assert found, str(refused.value)
    reason = found.group(1)
    # GDAL's reason names its in-memory file and ends with advice: 220 characters, cut to 200.
    assert "not recognized as being in a supported file format" in reason and len(reason) == 200
