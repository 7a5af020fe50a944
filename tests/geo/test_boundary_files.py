"""Broken boundary and figure files, each with the exact one-line message a curator gets from load_region.

Works on a copy of only the files load_region reads (data/boundaries, data/communes.csv).
"""
import json
import re
import shutil

import pytest

from geo.boundaries import load_region
from geo.errors import DataError
from geo.settings import COMMITTED_DATA

REBUILD = "boundaries are written only by `ruhrkarte data rebuild-boundaries`"


@pytest.fixture
def data(tmp_path):
    shutil.copytree(COMMITTED_DATA / "boundaries", tmp_path / "boundaries")
    shutil.copy(COMMITTED_DATA / "communes.csv", tmp_path / "communes.csv")
    return tmp_path


def _edit_geojson(data, name, change):
    path = data / "boundaries" / name
    collection = json.loads(path.read_text(encoding="utf-8"))
    change(collection)
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def _message(data):
    with pytest.raises(DataError) as error:
        load_region(data)
    return str(error.value)


def _set(feature_index, key, value):
    def change(collection):
        target = collection["features"][feature_index]
        target[key] = value
    return change


def _set_property(feature_index, key, value):
    def change(collection):
        collection["features"][feature_index]["properties"][key] = value
    return change


@pytest.mark.parametrize("change, message", [
    (lambda c: c.pop("features"), "{path}: not a GeoJSON FeatureCollection (no 'features' list)"),
    (_set(0, "properties", None), "{path} feature 1: no properties"),
    (_set_property(1, "name", ""), "{path} feature 2 (ags 05113000): missing properties ['name']"),
    (_set_property(0, "ags", None), "{path} feature 1: missing properties ['ags']"),
    (_set(2, "geometry", {"type": "Point", "coordinates": [7.0, 51.4]}),
     "{path} feature 3 (ags 05117000): geometry is 'Point', expected a Polygon or MultiPolygon"),
    (_set(2, "geometry", None), "{path} feature 3 (ags 05117000): geometry is None, expected a Polygon or MultiPolygon"),
    (_set(2, "geometry", {"type": "Polygon", "coordinates": []}), "{path} feature 3: geometry unreadable or empty"),
])
def test_a_broken_feature_is_named_by_number_and_ags(data, change, message):
    path = _edit_geojson(data, "communes.geojson", change)
    assert _message(data) == message.format(path=path)


def test_a_missing_boundary_file(data):
    (data / "boundaries" / "districts.geojson").unlink()
    assert _message(data) == f"{data / 'boundaries' / 'districts.geojson'}: boundary file missing (run `ruhrkarte data rebuild-boundaries`)"


def test_wrong_numbers_of_features_and_duplicates(data):
    _edit_geojson(data, "districts.geojson", lambda c: c["features"].pop())
    assert _message(data) == "districts.geojson: 14 features, expected 15"
    shutil.copy(COMMITTED_DATA / "boundaries" / "districts.geojson", data / "boundaries" / "districts.geojson")
    _edit_geojson(data, "communes.geojson", _set_property(1, "ags", "05112000"))
    assert _message(data) == "communes.geojson: duplicate ags ['05112000']"


def test_overlapping_communes_name_the_pair(data):
    def overlap(collection):
        collection["features"][1]["geometry"] = collection["features"][0]["geometry"]  # Essen drawn over Duisburg
    _edit_geojson(data, "communes.geojson", overlap)
    assert re.fullmatch(r"communes\.geojson: 05112000 and 05113000 overlap by \d+\.\d m² \(\d+ overlapping pairs\)",
                        _message(data))


def test_a_commune_in_an_unknown_district(data):
    _edit_geojson(data, "communes.geojson", _set_property(0, "district_code", "05111"))
    assert _message(data) == "communes.geojson: district codes without a district: ['05111']"


def test_boundary_files_changed_by_hand_are_refused(data):
    path = data / "boundaries" / "communes.geojson"
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=1), encoding="utf-8")  # same data
    message = _message(data)
    assert message.startswith(f"{path}: sha256 ") and message.endswith(f"differs from PROVENANCE.json "
                                                                       f"(1d92c88482e7712d…); {REBUILD}")
    provenance = data / "boundaries" / "PROVENANCE.json"
    provenance.write_text('{"outputs": {"districts.geojson": "x"}}', encoding="utf-8")
    assert _message(data) == f"{provenance}: no sha256 recorded for communes.geojson under 'outputs'"


def _edit_figures(data, change):
    path = data / "communes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return path


def test_commune_figures_that_do_not_match_the_boundaries(data):
    path = _edit_figures(data, lambda lines: lines + [lines[2]])
    assert _message(data) == f"{path} line 55 (05113000): duplicate ags"
    path = _edit_figures(data, lambda lines: lines[:-2])
    assert re.fullmatch(re.escape(f"{path}: AGS not matching the boundaries: ") + r"\['\d{8}'\]", _message(data))
    shutil.copy(COMMITTED_DATA / "communes.csv", path)
    _edit_figures(data, lambda lines: [lines[0], lines[1].replace(",Duisburg,", ",Duisburgh,", 1), *lines[2:]])
    assert _message(data) == f"{path}: 05112000 is 'Duisburgh' there but 'Duisburg' in the boundaries"
    path.unlink()
    assert _message(data) == f"{path}: commune figures missing"
