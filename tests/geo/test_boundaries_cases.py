"""load_region in the test (the session's repository loads it once, which mutation testing credits to one
test only): the committed region as every page and layer summary reads it, and the exact message of a
wrong total area."""
import csv
import json
import shutil

import pytest

from geo.boundaries import load_region
from geo.errors import DataError
from geo.settings import COMMITTED_DATA


def test_the_committed_region_with_figures_and_measured_areas():
    region = load_region(COMMITTED_DATA)
    communes, districts = region.communes, region.districts
    assert (len(communes), len(districts)) == (53, 15) and communes.crs.to_epsg() == districts.crs.to_epsg() == 25832
    assert communes["ags"].tolist() == sorted(communes["ags"]) and communes["ags"].iloc[0] == "05112000"  # Duisburg first
    assert districts["district_code"].tolist() == sorted(districts["district_code"])  # the order pages and layers list
    essen = communes.set_index("ags").loc["05113000"]
    assert (essen["name"], essen["population"], essen["area_km2"]) == ("Essen", 586608, 210.34)
    # the area layer summaries divide by the measured area: close to the official figure
    assert abs(essen["area_m2_computed"] / 1e6 - 210.34) < 0.2
    assert abs(communes["area_m2_computed"].sum() / 1e6 - 4438) < 2
    assert region.commune_names["05916000"] == "Herne" and "05978" in region.codes


def test_a_wrong_total_area_names_the_file_and_the_expected_area(tmp_path):
    shutil.copytree(COMMITTED_DATA / "boundaries", tmp_path / "boundaries")
    shutil.copy(COMMITTED_DATA / "communes.csv", tmp_path / "communes.csv")
    path = tmp_path / "boundaries" / "communes.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    hamm = next(f for f in collection["features"] if f["properties"]["ags"] == "05915000")
    hamm["geometry"] = {"type": "Polygon", "coordinates": [[[7.9, 51.7], [7.91, 51.7], [7.91, 51.71], [7.9, 51.71], [7.9, 51.7]]]}
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_region(tmp_path)
    message = str(error.value)
    assert message.startswith("communes.geojson: total area ") and message.endswith(" km², expected 4438.0 ± 2.0 km²")


@pytest.mark.parametrize("content, problem", [
    (b'{"type": "FeatureCollection", "features": [\n{"type": "Feature", "prop', " line 2: not valid JSON"),  # cut-off download
    ("{}".encode() + b"\n\xfc", " line 2: byte 0xfc is not UTF-8"),  # saved as Latin-1, not UTF-8
    (b"", ": file is empty"),
])
def test_an_unreadable_boundary_file_is_named(tmp_path, content, problem):
    shutil.copytree(COMMITTED_DATA / "boundaries", tmp_path / "boundaries")
    shutil.copy(COMMITTED_DATA / "communes.csv", tmp_path / "communes.csv")
    path = tmp_path / "boundaries" / "districts.geojson"
    path.write_bytes(content)
    with pytest.raises(DataError) as error:
        load_region(tmp_path)
    assert str(error.value).startswith(f"{path}{problem}")


@pytest.mark.parametrize("column, value, problem", [
    ("population", "586608.5", "population '586608.5' is not a positive whole number"),  # a mean pasted in
    ("area_km2", "210,34", "area_km2 '210,34' is not a positive number"),  # a German decimal comma
])
def test_a_bad_commune_figure_names_file_line_and_ags(tmp_path, column, value, problem):
    shutil.copytree(COMMITTED_DATA / "boundaries", tmp_path / "boundaries")
    path = tmp_path / "communes.csv"
    with (COMMITTED_DATA / "communes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    next(r for r in rows if r["ags"] == "05113000")[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataError) as error:
        load_region(tmp_path)
    assert str(error.value) == f"{path} line 3 (05113000): {problem}"
