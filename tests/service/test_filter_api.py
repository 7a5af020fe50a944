"""OGC API - Features Part 3 through the real app: queryables, filter in CQL2 text and JSON,
filter-crs, datetime, paging and links under a filter, conformance and the API description."""
import json

import pytest

from geo.layers import build_layers
from geo.temporal import start_years

ITEMS = "/collections/sites/items"
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
COLLECTIONS = ("communes", "districts", "sites", "fgz", "talentkolleg", "five_sites", "iga2027", "places",
               "five_locations", "portfolio")


@pytest.fixture(scope="module")
def layers(repo):
    return build_layers(repo)


def ids(client, url=ITEMS, **params) -> list[str]:
    response = client.get(url, params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return [feature["id"] for feature in response.json()["features"]]


def test_text_and_json_filters_select_what_pandas_selects(client, layers):
    frame = layers["sites"].frame
    expected = frame["fid"][(frame["programme"] == "fgz") & frame["name"].str.contains("Schule")].tolist()
    text = ids(client, filter="programme = 'fgz' AND name LIKE '%Schule%'")
    as_json = ids(client, **{"filter-lang": "cql2-json", "filter": json.dumps(
        {"op": "and", "args": [{"op": "=", "args": [{"property": "programme"}, "fgz"]},
                               {"op": "like", "args": [{"property": "name"}, "%Schule%"]}]})})
    assert text == as_json == expected and 0 < len(expected) < len(frame)


def test_numbers_booleans_between_in_and_null_on_communes(client, layers):
    frame = layers["communes"].frame
    assert ids(client, "/collections/communes/items", filter="population BETWEEN 100000 AND 200000 AND kreisfrei = TRUE") \
        == frame["ags"][frame["population"].between(100000, 200000) & frame["kreisfrei"]].tolist()
    assert ids(client, "/collections/communes/items", filter="district_code IN ('05954', '05978') AND NOT area_km2 > 50") \
        == frame["ags"][frame["district_code"].isin(["05954", "05978"]) & ~(frame["area_km2"] > 50)].tolist()
    sites = layers["sites"].frame
    assert ids(client, filter="address IS NULL") == sites["fid"][sites["address"].isna()].tolist()


def test_spatial_filter_in_crs84_and_in_the_filter_crs(client):
    bochum = ids(client, "/collections/communes/items", filter="S_INTERSECTS(geometry, POINT(7.2162 51.4818))")
    swapped = ids(client, "/collections/communes/items", filter="S_INTERSECTS(geometry, POINT(51.4818 7.2162))",
                  **{"filter-crs": EPSG_4326})
    assert bochum == swapped == ["05911000"]
    in_box = ids(client, filter="S_INTERSECTS(geometry, BBOX(7.1, 51.4, 7.35, 51.55))")
    by_bbox = ids(client, bbox="7.1,51.4,7.35,51.55")
    assert in_box == by_bbox and in_box


def test_the_filter_counts_pages_and_links_carry_it(client):
    everything = ids(client, filter="programme = 'fgz'")
    first = client.get(ITEMS, params={"filter": "programme = 'fgz'", "limit": 10}).json()
    assert first["numberMatched"] == len(everything) > 10 and first["numberReturned"] == 10
    following = next(link["href"] for link in first["links"] if link["rel"] == "next")
    assert "filter=programme" in following
    second = client.get(following.replace("http://127.0.0.1", "")).json()
    assert [f["id"] for f in first["features"] + second["features"]] == everything[:20]


def test_answers_to_different_filters_are_kept_apart(client):
    """The response cache keys on the query string: the second filter is not served the first answer."""
    first = client.get(ITEMS, params={"filter": "programme = 'fgz'"}).json()["numberMatched"]
    second = client.get(ITEMS, params={"filter": "programme = 'iga2027'"}).json()["numberMatched"]
    assert first != second
    assert client.get(ITEMS, params={"filter": "programme = 'fgz'"}).json()["numberMatched"] == first


def test_the_filter_works_with_the_other_formats(client):
    csv = client.get(ITEMS, params={"filter": "ags = '05911000'", "f": "csv"}).text
    assert len(csv.strip().splitlines()) == 1 + len(ids(client, filter="ags = '05911000'"))


def test_datetime_selects_sites_by_start_year(client, layers):
    frame = layers["sites"].frame
    starts = start_years(frame["year"])
    assert ids(client, datetime="2027-06-01T00:00:00Z") == frame["fid"][starts == 2027].tolist()
    assert ids(client, datetime="../2021-12-31") == frame["fid"][starts <= 2021].tolist()
    assert ids(client, "/collections/iga2027/items", datetime="2021-01-01/..") == \
        ids(client, "/collections/iga2027/items", filter="year IS NOT NULL")


def test_datetime_on_a_collection_without_time_matches_nothing(client):
    body = client.get("/collections/communes/items", params={"datetime": "2021-01-01/.."}).json()
    assert body["numberMatched"] == 0 and body["features"] == []
    collection = client.get("/collections/communes").json()
    assert "temporal" not in collection["extent"]
    assert client.get("/collections/sites").json()["extent"]["temporal"]["interval"][0][0].endswith("-01-01T00:00:00Z")


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_queryables_are_a_json_schema_of_the_properties(client, layers, collection):
    response = client.get(f"/collections/{collection}/queryables")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/schema+json")
    schema = response.json()
    assert schema["$schema"].startswith("https://json-schema.org/") and schema["type"] == "object"
    assert schema["$id"] == f"http://127.0.0.1/collections/{collection}/queryables"
    layer = layers[collection]
    assert list(schema["properties"]) == [*layer.properties, "geometry"]
    assert schema["properties"]["geometry"]["format"] == f"geometry-{layer.geometry_type.lower()}"
    links = client.get(f"/collections/{collection}").json()["links"]
    assert any(link["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/queryables"
               and link["href"].endswith(f"/collections/{collection}/queryables") for link in links)


def test_queryable_types_are_the_types_the_filter_checks(client):
    communes = client.get("/collections/communes/queryables").json()["properties"]
    assert (communes["population"]["type"], communes["area_km2"]["type"], communes["kreisfrei"]["type"],
            communes["ags"]["type"]) == ("integer", "number", "boolean", "string")
    for name, spec in communes.items():
        if spec.get("type") == "string":
            assert client.get("/collections/communes/items", params={"filter": f"{name} > 5"}).status_code == 400
        if spec.get("type") in ("integer", "number"):
            assert client.get("/collections/communes/items", params={"filter": f"{name} > 5"}).status_code == 200


def test_queryables_as_plain_json_and_html(client):
    response = client.get("/collections/sites/queryables", headers={"Accept": "application/json"})
    assert response.headers["content-type"].startswith("application/json")
    page = client.get("/collections/sites/queryables", params={"f": "html"})
    assert page.headers["content-type"].startswith("text/html") and "address" in page.text


def test_conformance_declares_part_3_and_cql2(client):
    conforms = set(client.get("/conformance").json()["conformsTo"])
    for suffix in ("ogcapi-features-3/1.0/conf/queryables", "ogcapi-features-3/1.0/conf/filter",
                   "ogcapi-features-3/1.0/conf/features-filter", "cql2/1.0/conf/cql2-text", "cql2/1.0/conf/cql2-json",
                   "cql2/1.0/conf/basic-cql2", "cql2/1.0/conf/advanced-comparison-operators",
                   "cql2/1.0/conf/basic-spatial-functions"):
        assert f"http://www.opengis.net/spec/{suffix}" in conforms


def test_the_api_states_each_collection_its_path_queryables_and_page_size(client, layers):
    paths = client.get("/api").json()["paths"]
    operation_ids = [operation["operationId"] for operations in paths.values() for operation in operations.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for collection in COLLECTIONS:
        operation = paths[f"/collections/{collection}/items"]["get"]
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert "collection_id" not in parameters
        assert parameters["limit"]["schema"]["default"] == 100 and parameters["limit"]["schema"]["maximum"] == 1000
        # GDAL up to 3.6 pushes -where down only when filter-lang offers "cql-text".
        assert {"cql2-text", "cql2-json", "cql-text"} <= set(parameters["filter-lang"]["schema"]["enum"])
        for name in layers[collection].properties:
            assert name in parameters["filter"]["description"]
        assert set(parameters) - {"f", "bbox", "bbox-crs", "crs", "limit", "offset", "sortby", "filter", "filter-lang",
                                  "filter-crs", "datetime", "lang"} == set(layers[collection].queryables)
        assert f"/collections/{collection}/queryables" in paths


def test_a_limit_above_the_maximum_is_capped_not_refused(client):
    body = client.get("/collections/sites/items", params={"limit": 5000}).json()
    assert body["numberReturned"] == body["numberMatched"] <= 1000
