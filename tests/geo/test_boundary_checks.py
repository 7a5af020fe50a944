"""The checks load_region runs on the boundary files, on a copy of the files it reads: a commune drawn
with an exclave (a MultiPolygon) is fine, an empty code is a missing property, and a PROVENANCE.json
that records no checksums, or checksums of other bytes, says so with the file's own checksum."""
import hashlib
import json
import shutil

import pytest

from geo.boundaries import load_region
from geo.errors import DataError
from geo.settings import COMMITTED_DATA


@pytest.fixture
def data(tmp_path):
    shutil.copytree(COMMITTED_DATA / "boundaries", tmp_path / "boundaries")
    shutil.copy(COMMITTED_DATA / "communes.csv", tmp_path / "communes.csv")
    return tmp_path


def _rewrite_communes(data, change, reseal: bool):
    """Edit communes.geojson; with reseal, record its new checksum as `data rebuild-boundaries` does."""
    path = data / "boundaries" / "communes.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    change(collection["features"])
    path.write_text(json.dumps(collection), encoding="utf-8")
    if reseal:
        provenance_path = data / "boundaries" / "PROVENANCE.json"
        provenance = json.loads(provenance_path.read_text(encoding="utf-8"))
        provenance["outputs"]["communes.geojson"] = hashlib.sha256(path.read_bytes()).hexdigest()
        provenance_path.write_text(json.dumps(provenance), encoding="utf-8")
    return path


def _message(data) -> str:
    with pytest.raises(DataError) as error:
        load_region(data)
    return str(error.value)


def test_a_commune_drawn_as_a_multipolygon_loads(data):
    """VG250 draws a commune with an exclave as a MultiPolygon; next to the other communes' Polygons it is fine."""
    def as_multipolygon(features):
        duisburg = features[0]
        duisburg["geometry"] = {"type": "MultiPolygon", "coordinates": [duisburg["geometry"]["coordinates"]]}
    _rewrite_communes(data, as_multipolygon, reseal=True)
    communes = load_region(data).communes.set_index("ags")
    assert communes.loc["05112000"].geometry.geom_type == "MultiPolygon" and len(communes) == 53
    assert set(communes.geom_type) == {"Polygon", "MultiPolygon"}


def test_an_empty_ags_is_a_missing_property(data):
    def empty_ags(features):
        features[0]["properties"]["ags"] = ""
    path = _rewrite_communes(data, empty_ags, reseal=False)
    assert _message(data) == f"{path} feature 1: missing properties ['ags']"


@pytest.mark.parametrize("content", ["[]", '{"source": "BKG VG250"}', '{"outputs": []}'])
def test_a_provenance_without_checksums_is_refused(data, content):
    provenance = data / "boundaries" / "PROVENANCE.json"
    provenance.write_text(content, encoding="utf-8")
    assert _message(data) == f"{provenance}: no sha256 recorded for communes.geojson under 'outputs'"


def test_a_hand_edited_boundary_file_is_named_with_both_checksums(data):
    def unchanged(features):
        pass  # the same data written again without the indent: new bytes
    path = _rewrite_communes(data, unchanged, reseal=False)
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    assert _message(data) == (f"{path}: sha256 {actual[:16]}… differs from PROVENANCE.json (1d92c88482e7712d…); "
                              "boundaries are written only by `ruhrkarte data rebuild-boundaries`")


@pytest.mark.parametrize("content, problem", [
    ("[]", ": not a GeoJSON FeatureCollection (no 'features' list)"),  # an array, not a collection
    ('"communes"', ": not a GeoJSON FeatureCollection (no 'features' list)"),
    ('{"type": "FeatureCollection", "features": [null]}', " feature 1: no properties"),
    ('{"features": [5]}', " feature 1: no properties"),
])
def test_a_boundary_file_that_is_json_but_not_features_is_named(data, content, problem):
    path = data / "boundaries" / "communes.geojson"
    path.write_text(content, encoding="utf-8")
    assert _message(data) == f"{path}{problem}"
