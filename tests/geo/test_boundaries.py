"""The committed boundaries: the right 53 communes and 15 districts, and loud failure when broken."""
import json
from pathlib import Path

import pytest

from geo.boundaries import load_region
from geo.boundary_build import sha256
from geo.errors import DataError
from geo.ruhr import ATTRIBUTION, DISTRICT_CODES


def test_region_has_53_communes_and_15_districts(repo):
    communes, districts = repo.region.communes, repo.region.districts
    assert len(communes) == 53 and communes["ags"].is_unique
    assert sorted(districts["district_code"]) == sorted(DISTRICT_CODES)
    assert communes.crs.to_epsg() == 25832


def test_official_spellings_and_properties(repo):
    by_ags = repo.region.communes.set_index("ags")
    assert by_ags.loc["05117000", "name"] == "Mülheim an der Ruhr"
    assert by_ags.loc["05978012", "name"] == "Fröndenberg/Ruhr"
    assert by_ags.loc["05170044", "name"] == "Voerde (Niederrhein)"
    assert by_ags.loc["05978016", "kind"] == "Gemeinde"
    assert by_ags.loc["05913000", "kreisfrei"] and not by_ags.loc["05978036", "kreisfrei"]
    assert by_ags.loc["05954036", "district_name"] == "Ennepe-Ruhr-Kreis"
    assert by_ags.loc["05170048", "district_name"] == "Kreis Wesel"


def test_total_area_and_population(repo):
    communes = repo.region.communes
    assert abs(communes.area.sum() / 1e6 - 4438) < 2
    assert int(communes["population"].sum()) == 5_162_812
    assert communes["population_source"].str.contains("Destatis").all()


def test_provenance_matches_committed_files():
    folder = Path(__file__).parents[2] / "data" / "boundaries"
    provenance = json.loads((folder / "PROVENANCE.json").read_text(encoding="utf-8"))
    assert provenance["attribution"] == ATTRIBUTION
    assert provenance["version"] == "0.2.0"
    for name, digest in provenance["outputs"].items():
        assert sha256(folder / name) == digest


def _edit_communes(data: Path, change) -> None:
    path = data / "boundaries" / "communes.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    change(collection["features"])
    path.write_text(json.dumps(collection), encoding="utf-8")


def _drop_last(features):
    features.pop()


def _duplicate_ags(features):
    features[1]["properties"]["ags"] = features[0]["properties"]["ags"]


def _overlap(features):
    features[1]["geometry"] = features[0]["geometry"]


def _bow_tie(features):
    features[3]["geometry"] = {"type": "Polygon", "coordinates": [[[7.0, 51.5], [7.1, 51.6], [7.1, 51.5], [7.0, 51.6], [7.0, 51.5]]]}


@pytest.mark.parametrize("change, message", [
    (_drop_last, "52 features, expected 53"),
    (_duplicate_ags, "duplicate ags"),
    (_overlap, "overlap by"),
    (_bow_tie, "invalid polygons"),
])
def test_broken_boundaries_fail_loudly(data_copy, change, message):
    _edit_communes(data_copy, change)
    with pytest.raises(DataError, match=message):
        load_region(data_copy)


def test_missing_commune_figures_fail(data_copy):
    path = data_copy / "communes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="AGS not matching"):
        load_region(data_copy)


def test_wrong_total_area_fails(data_copy):
    def shrink(features):
        # Replace Hamm by a small square far from its neighbours: valid, no overlap, area off.
        hamm = next(f for f in features if f["properties"]["ags"] == "05915000")
        hamm["geometry"] = {"type": "Polygon", "coordinates": [[[7.9, 51.7], [7.91, 51.7], [7.91, 51.71], [7.9, 51.71], [7.9, 51.7]]]}
    _edit_communes(data_copy, shrink)
    with pytest.raises(DataError, match="total area"):
        load_region(data_copy)
