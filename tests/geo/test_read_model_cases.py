"""The read model built in the test: the Kreis outlines a page draws, each commune's own JSON, a card of
a commune without unpublished sites, and the parts that serve /nearby, the collections and their features."""
import json

import shapely
from shapely.geometry import shape

from geo.read_model import build_read_model


def _points(collection: dict) -> int:
    return sum(len(shapely.get_coordinates(shape(f["geometry"]))) for f in collection["features"])


def test_the_kreis_outlines_are_their_communes_drawn_together(repo):
    model = build_read_model(repo)
    drawn = model.display_districts(50.0)
    assert drawn["type"] == "FeatureCollection"
    assert sorted(f["properties"]["ags"] for f in drawn["features"]) == sorted(repo.region.districts["district_code"])
    assert all(set(f["properties"]) == {"ags"} for f in drawn["features"])  # keyed by the district code
    unna = shape(next(f for f in drawn["features"] if f["properties"]["ags"] == "05978")["geometry"])
    communes = model.display_communes(50.0)["features"]
    members = {a for a, d in zip(repo.region.communes["ags"], repo.region.communes["district_code"]) if d == "05978"}
    ten = shapely.union_all([shape(f["geometry"]) for f in communes if f["properties"]["ags"] in members])
    assert len(members) == 10 and unna.symmetric_difference(ten).area < 1e-9 * unna.area  # the communes' borders
    lon, lat = unna.representative_point().coords[0]
    assert 7.3 < lon < 7.9 and 51.4 < lat < 51.8  # degrees
    assert model.display_districts(50.0) is drawn and model.display_districts(200.0) is not drawn
    assert json.dumps(drawn)


def test_a_coarser_tolerance_draws_fewer_points(repo):
    model = build_read_model(repo)
    fine, coarse = model.display_communes(50.0), model.display_communes(500.0)
    assert _points(coarse) < _points(fine)
    assert _points(model.display_districts(500.0)) < _points(model.display_districts(50.0))


def test_each_commune_gets_its_own_report_json(repo):
    model = build_read_model(repo)
    herne, essen = json.loads(model.commune_json("05916000")), json.loads(model.commune_json("05113000"))
    assert (herne["name"], essen["name"]) == ("Herne", "Essen")
    assert model.commune_json("05916000") is model.commune_json("05916000")  # built once


def test_a_commune_without_unpublished_sites_has_an_empty_list(repo):
    card = build_read_model(repo).commune_cards["05170024"]  # Moers: no site of any programme
    assert card == {"ags": "05170024", "name": "Moers", "district": "Kreis Wesel",
                    "sites": {"fgz": 0, "talentkolleg": 0, "iga2027": 0, "five_sites": 0, "places": 0}, "unknown": []}


def test_the_model_serves_nearby_the_collections_and_their_features(repo):
    model = build_read_model(repo)
    assert list(model.layers)[:3] == ["communes", "districts", "sites"] and len(model.layers["communes"].frame) == 53
    kraftwerk = next(s for s in repo.sites if s.id == "5s-plant-4")  # Kraftwerk Herne
    assert model.finder.nearby(kraftwerk.x, kraftwerk.y, 100.0, 5)[0]["id"] == "5s-plant-4"
    features = model.features.features("districts", "EPSG:4326")
    assert len(features) == 15 and json.loads(features[0])["type"] == "Feature"
