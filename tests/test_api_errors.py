"""A table of bad inputs: each gets the right 4xx as problem+json, never a 500 or a traceback."""
import pytest

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
ITEMS = "/collections/sites/items"

BAD_REQUESTS = [
    (f"{ITEMS}?bbox=7,51,8", 400, "4 numbers"),
    (f"{ITEMS}?bbox=7,51,8,52,1", 400, "4 numbers"),
    (f"{ITEMS}?bbox=a,b,c,d", 400, "must be numbers"),
    (f"{ITEMS}?bbox=nan,51,8,52", 400, "finite"),
    (f"{ITEMS}?bbox=7,51,inf,52", 400, "finite"),
    (f"{ITEMS}?bbox=8,51,7,52", 400, "lower corner"),
    (f"{ITEMS}?bbox=7,52,8,51", 400, "lower corner"),
    (f"{ITEMS}?bbox=7,-95,8,52", 400, "valid range"),
    (f"{ITEMS}?bbox=-190,51,8,52", 400, "valid range"),
    (f"{ITEMS}?bbox=", 400, "4 numbers"),
    (f"{ITEMS}?limit=-1", 400, "limit"),
    (f"{ITEMS}?limit=0", 400, "limit"),
    (f"{ITEMS}?limit=ten", 400, "limit"),
    (f"{ITEMS}?offset=-5", 400, "offset"),
    (f"{ITEMS}?crs=EPSG:9999", 400, "crs"),
    (f"{ITEMS}?bbox-crs=urn:ogc:def:crs:EPSG::31467&bbox=1,2,3,4", 400, "bbox-crs"),
    (f"{ITEMS}?f=xml", 400, "f"),
    (f"{ITEMS}?colour=red", 400, "unknown query parameter"),
    (f"{ITEMS}?sortby=height", 400, "not a property"),
    ("/collections/communes/items?programme=fgz", 400, "cannot be filtered by programme"),
    ("/collections/nowhere/items", 404, "no collection"),
    ("/collections/nowhere", 404, "no collection"),
    ("/collections/sites/items/no-such-site", 404, "no feature"),
    ("/collections/communes/items/99999999", 404, "no feature"),
    ("/nearby?lat=95&lon=7", 400, "lat"),
    ("/nearby?lat=51.5", 400, "lon"),
    ("/nearby?lat=51.5&lon=7.2&radius=60000", 400, "radius"),
    ("/nearby?lat=51.5&lon=7.2&radius=-1", 400, "radius"),
    ("/nearby?lat=51.5&lon=7.2&limit=-1", 400, "limit"),
    ("/nearby?lat=51.5&lon=7.2&programme=bogus", 400, "unknown programme"),
    ("/nearby?lat=nan&lon=7.2", 400, "lat"),
    ("/nearby?lat=51.5&lon=7.2&radius=inf", 400, "radius"),
    ("/reverse?lat=51.5&lon=-inf", 400, "lon"),
    ("/reverse?lat=51.2262&lon=6.7725", 404, "outside the Ruhr area"),
    ("/reverse?lat=abc&lon=7", 400, "lat"),
    ("/search", 400, "q"),
    ("/search?q=", 400, "q"),
    ("/communes/Dortmnd", 404, "closest matches: Dortmund"),
    ("/communes/Kreis%20Unna", 404, "is a Kreis, not a commune"),
    ("/communes/00000000", 404, "no commune or district"),
    ("/summaries?f=pdf", 400, "f"),
    ("/?f=yaml", 400, "f"),
    ("/no/such/page", 404, "Not Found"),
    ("/planung?measure=height", 400, "measure"),
    ("/planung?k=12", 400, "k"),
    ("/gemeinden/Atlantis", 404, "no place"),
    ("/karte?x=1", 400, "unknown query parameter"),
]


@pytest.mark.parametrize("url, status, text", BAD_REQUESTS)
def test_bad_input_gets_a_clear_problem(client, url, status, text):
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"]
    assert text.lower() in problem["detail"].lower()
    assert "Traceback" not in response.text


def test_at_least_thirty_bad_inputs_are_covered():
    assert len(BAD_REQUESTS) >= 30


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/collections", "/collections/sites/items", "/nearby", "/summaries"])
def test_read_only_api_answers_405_with_allow(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.headers["content-type"] == "application/problem+json"
