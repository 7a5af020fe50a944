"""Where the citizens' map writes the names of communes and Kreise (geo.display.label_points)."""
from shapely.geometry import Point

from geo.display import label_points


def test_each_commune_name_is_written_inside_that_commune_to_the_metre(repo):
    communes = repo.region.communes
    labels = label_points(communes, "ags")
    shapes = communes.to_crs("EPSG:4326").set_index("ags").geometry
    assert [(label["code"], label["name"]) for label in labels] == list(zip(communes["ags"], communes["name"]))
    for label in labels:
        assert set(label) == {"code", "name", "lat", "lon"}
        # WGS84 (the Ruhr area lies within 51-52 N, 6-8 E), five decimals (about a metre), inside its own commune
        assert 51.0 < label["lat"] < 52.0 and 6.0 < label["lon"] < 8.0, label
        assert label["lat"] == round(label["lat"], 5) and label["lon"] == round(label["lon"], 5)
        assert shapes[label["code"]].contains(Point(label["lon"], label["lat"])), label["name"]
    # a label is rounded, not cut to whole degrees: the 53 points are all different
    assert len({(label["lat"], label["lon"]) for label in labels}) == 53


def test_kreis_names_are_written_inside_the_kreis(repo):
    districts = repo.region.districts
    labels = label_points(districts, "district_code")
    by_name = {label["name"]: label for label in labels}
    assert {"Kreis Recklinghausen", "Ennepe-Ruhr-Kreis", "Kreis Unna", "Kreis Wesel"} <= set(by_name)
    shapes = districts.to_crs("EPSG:4326").set_index("district_code").geometry
    for label in labels:
        assert shapes[label["code"]].contains(Point(label["lon"], label["lat"])), label["name"]
