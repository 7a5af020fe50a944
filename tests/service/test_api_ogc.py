"""OGC API - Features Part 1 and 2 through the real app."""
import pytest
from pyproj import Transformer
from geojson_pydantic import Feature, FeatureCollection

CRS_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
CRS_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
CRS_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"


def test_landing_page_links(client):
    body = client.get("/").json()
    rels = {link["rel"] for link in body["links"]}
    assert {"self", "service-desc", "service-doc", "conformance", "data"} <= rels
    assert "© GeoBasis-DE / BKG" in body["attribution"]


def test_conformance_classes(client):
    conforms = client.get("/conformance").json()["conformsTo"]
    for part in ("conf/core", "conf/geojson", "conf/html", "conf/oas30", "ogcapi-features-2/1.0/conf/crs"):
        assert any(c.endswith(part) or part in c for c in conforms)


def test_openapi_document(client):
    document = client.get("/api").json()
    assert document["openapi"].startswith("3.0")
    assert "/collections/{collection_id}/items" in document["paths"]


def test_collections_list_every_layer_with_attribution(client):
    collections = {c["id"]: c for c in client.get("/collections").json()["collections"]}
    assert set(collections) == {"communes", "districts", "sites", "fgz", "talentkolleg", "five_sites", "iga2027",
                                "places", "five_locations", "portfolio"}
    for collection in collections.values():
        assert "© GeoBasis-DE / BKG" in collection["attribution"]
        assert CRS_25832 in collection["crs"]
        minx, miny, maxx, maxy = collection["extent"]["spatial"]["bbox"][0]
        assert 6.0 < minx <= maxx < 8.5 and 51.0 < miny <= maxy < 52.0


@pytest.mark.parametrize("collection, count", [("communes", 53), ("districts", 15), ("sites", 57), ("fgz", 39),
                                               ("talentkolleg", 1), ("five_sites", 8), ("iga2027", 6),
                                               ("places", 3), ("five_locations", 5), ("portfolio", 53)])
def test_items_counts_and_valid_geojson(client, collection, count):
    response = client.get(f"/collections/{collection}/items", params={"limit": 1000})
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    FeatureCollection.model_validate(body)
    assert body["numberMatched"] == body["numberReturned"] == count
    for feature in body["features"]:
        assert feature["properties"]["source"]


def test_site_features_carry_source_and_precision(client):
    for feature in client.get("/collections/sites/items", params={"limit": 100}).json()["features"]:
        assert feature["properties"]["precision"] in ("address", "landmark")
        assert feature["properties"]["ags"] and feature["properties"]["commune"]


def test_paging_links_walk_all_items(client):
    seen, url, pages = [], "/collections/sites/items?limit=20", 0
    while url:
        body = client.get(url).json()
        seen += [f["id"] for f in body["features"]]
        links = {l["rel"]: l["href"] for l in body["links"]}
        if pages:
            assert "prev" in links
        url = links.get("next")
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 57


def test_filters_and_sortby(client):
    body = client.get("/collections/sites/items", params={"programme": "fgz", "ags": "05911000", "sortby": "-name"}).json()
    names = [f["properties"]["name"] for f in body["features"]]
    assert len(names) == 4 and names == sorted(names, reverse=True)
    kreis = client.get("/collections/communes/items", params={"district_code": "05978"}).json()
    assert kreis["numberMatched"] == 10
    ranked = client.get("/collections/portfolio/items", params={"sortby": "rank_funding_per_inhabitant", "limit": 1}).json()
    assert ranked["features"][0]["properties"]["name"] == "Marl"


def test_bbox_in_each_crs_selects_the_same_sites(client):
    # Around Kokerei Hansa, Dortmund-Huckarde: two IGA components.
    lonlat = client.get("/collections/sites/items", params={"bbox": "7.40,51.535,7.43,51.55"}).json()
    latlon = client.get("/collections/sites/items", params={"bbox": "51.535,7.40,51.55,7.43", "bbox-crs": CRS_4326}).json()
    ids = sorted(f["id"] for f in lonlat["features"])
    assert ids == ["iga-02", "iga-03"]
    assert sorted(f["id"] for f in latlon["features"]) == ids
    utm = client.get("/collections/sites/items", params={"bbox": "388000,5709000,392000,5713000", "bbox-crs": CRS_25832}).json()
    assert sorted(f["id"] for f in utm["features"]) == ids


def test_output_crs_and_axis_order(client):
    crs84 = client.get("/collections/sites/items/iga-02").json()["geometry"]["coordinates"]
    assert crs84 == [7.412167, 51.540694]
    response = client.get("/collections/sites/items/iga-02", params={"crs": CRS_4326})
    assert response.json()["geometry"]["coordinates"] == [51.540694, 7.412167]
    assert response.headers["content-crs"] == f"<{CRS_4326}>"
    for uri, code in ((CRS_25832, "EPSG:25832"), (CRS_3857, "EPSG:3857")):
        x, y = client.get("/collections/sites/items/iga-02", params={"crs": uri}).json()["geometry"]["coordinates"]
        expected = Transformer.from_crs("EPSG:4326", code, always_xy=True).transform(7.412167, 51.540694)
        assert (x, y) == pytest.approx(expected, abs=0.01)


def test_single_feature_and_stable_ids(client):
    response = client.get("/collections/communes/items/05117000")
    feature = response.json()
    Feature.model_validate({k: v for k, v in feature.items() if k != "links"})
    assert feature["id"] == "05117000" and feature["properties"]["name"] == "Mülheim an der Ruhr"
    assert {l["rel"] for l in feature["links"]} == {"self", "collection"}


def test_content_negotiation(client):
    assert client.get("/collections", headers={"Accept": "text/html"}).headers["content-type"].startswith("text/html")
    assert client.get("/collections", headers={"Accept": "application/json"}).headers["content-type"] == "application/json"
    html = client.get("/collections/sites/items", params={"f": "html"}).text
    assert "© GeoBasis-DE / BKG" in html and "<table>" in html
    assert client.get("/collections/sites/items", headers={"Accept": "application/geo+json"}).headers["content-type"] == "application/geo+json"


def test_five_locations_as_areas(client):
    features = {f["id"]: f for f in client.get("/collections/five_locations/items").json()["features"]}
    assert set(features) == {"05112000", "05513000", "05915000", "05916000", "05978"}
    unna = features["05978"]["properties"]
    assert unna["kind"] == "district" and len(unna["member_communes"].split(";")) == 10
    assert unna["programme_total_eur"] == 662_000_000
