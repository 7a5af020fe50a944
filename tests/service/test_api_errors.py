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
    ("/reverse?lat=0.8&lon=100", 404, "outside the Ruhr area"),  # beyond UTM 32N: no projection, no commune
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
    ("/gemeinden?x=1", 400, "unknown query parameter"),
    ("/kreise/Atlantis", 404, "no place"),
    ("/gemeinden/05913000/nothing.csv", 404, "no download"),
    ("/kreise/05978/nothing.csv", 404, "no download"),
    ("/planung.csv?level=land", 400, "level"),
    ("/karte?x=1", 400, "unknown query parameter"),
    # Hardening (issue 8): Web Mercator beyond its extent, repeated parameters, documents with
    # unknown parameters, symbols as a place name, npm package files that pages never load.
    (f"{ITEMS}?bbox=1e308,0,1e308,1&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857", 400, "extent"),
    (f"{ITEMS}?bbox=-2e7,-3e7,2e7,2e7&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857", 400, "extent"),
    (f"{ITEMS}?ags=05911000&ags=05913000", 400, "more than once: ags"),
    (f"{ITEMS}?f=json&f=html", 400, "more than once: f"),
    ("/nearby?lat=51.5&lon=7.2&lat=51.6", 400, "more than once: lat"),
    ("/api?unknown=1", 400, "unknown query parameter"),
    ("/api.html?unknown=1", 400, "unknown query parameter"),
    ("/communes/%C2%A9", 404, "no place"),
    ("/gemeinden/%C2%A9", 404, "no place"),
    ("/static/vendor/swagger-ui/index.html", 404, "not found"),
    ("/static/vendor/swagger-ui/package.json", 404, "not found"),
    ("/static/vendor/leaflet/leaflet.js.map", 404, "not found"),
    ("/static/vendor/leaflet/../../../pyproject.toml", 404, "not found"),
    ("/conformance?f=xml", 400, "f"),
    ("/healthz?verbose=1", 400, "unknown query parameter"),
    ("/readyz?verbose=1", 400, "unknown query parameter"),
    ("/metrics", 404, "not found"),  # the test client is not on an allowed network
    ("/collections?limit=5", 400, "unknown query parameter"),
    ("/collections/communes?f=csv", 400, "f"),
    ("/collections/communes/items/05911000?crs=EPSG:9999", 400, "crs"),
    # Part 3 filters (issue 14): syntax, unknown property, wrong type, unsupported operator, bad CRS
    # or language, deep nesting (the parser would crash the process), and datetime.
    (f"{ITEMS}?filter=name%20%3D%3D", 400, "syntax error at line:column 1:7"),
    (f"{ITEMS}?filter=name%20=%20'x'%20AND", 400, "syntax error"),
    (f"{ITEMS}?filter=colour%20=%20'red'", 400, "'colour' is not a queryable"),
    (f"{ITEMS}?filter=year%20%3E%202020", 400, "'year' holds text"),
    ("/collections/communes/items?filter=population%20=%20'many'", 400, "'population' holds a number"),
    ("/collections/communes/items?filter=population%20LIKE%20'1%25'", 400, "LIKE needs a text property"),
    ("/collections/communes/items?filter=kreisfrei%20%3E%20true", 400, "true or false"),
    (f"{ITEMS}?filter=S_CONTAINS(geometry,%20POINT(7%2051))", 400, "'s_contains' is not supported"),
    (f"{ITEMS}?filter=CASEI(name)%20=%20'x'", 400, "'casei' is not supported"),
    (f"{ITEMS}?filter=S_INTERSECTS(geometry,%20POINT(700000%205700000))", 400, "filter-crs"),
    (f"{ITEMS}?filter=S_INTERSECTS(geometry,%20BBOX(8,51,7,52))", 400, "unusable geometry"),
    (f"{ITEMS}?filter=name%20IN%20('a',%201)", 400, "'name' holds text"),
    (f"{ITEMS}?filter=" + "(" * 2000 + "name%20=%20'x'" + ")" * 2000, 400, "nested more than"),
    (f"{ITEMS}?filter=" + "NOT%20" * 1000 + "name%20=%20'x'", 400, "nested more than"),
    (f"{ITEMS}?filter=%7B%22op%22:%22=%22%7D&filter-lang=cql2-json", 400, "CQL2 JSON"),
    (f"{ITEMS}?filter=%5B1%5D&filter-lang=cql2-json", 400, "must be an object"),
    (f"{ITEMS}?filter=%7Bnope&filter-lang=cql2-json", 400, "not JSON"),
    (f"{ITEMS}?filter=%7B%22op%22:%22=%22,%22args%22:[%7B%22property%22:%22a%22%7D,1]%7D", 400, "filter-lang=cql2-json"),
    (f"{ITEMS}?filter=name%20=%20'x'&filter-lang=ecql", 400, "filter-lang"),
    (f"{ITEMS}?filter=name%20=%20'x'&filter-crs=EPSG:31467", 400, "filter-crs"),
    (f"{ITEMS}?filter=", 400, "empty"),
    (f"{ITEMS}?programme=fgzz", 400, "unknown programme 'fgzz'"),
    (f"{ITEMS}?bbox-crs=AAA", 400, "bbox-crs: unsupported CRS"),
    (f"{ITEMS}?datetime=2027", 400, "RFC 3339"),
    (f"{ITEMS}?datetime=../..", 400, "RFC 3339"),
    (f"{ITEMS}?datetime=2022-01-01/2021-01-01", 400, "starts after it ends"),
    (f"{ITEMS}?datetime=2021-02-30", 400, "RFC 3339"),
    ("/collections/nowhere/queryables", 404, "no collection"),
    *[(f"/collections/{collection}/items?filter=colour%20=%20'red'", 400, "not a queryable")
      for collection in ("communes", "districts", "fgz", "talentkolleg", "five_sites", "iga2027", "places",
                         "five_locations", "portfolio")],
    *[(f"/collections/{collection}/queryables?f=xml", 400, "f")
      for collection in ("communes", "districts", "sites", "fgz", "talentkolleg", "five_sites", "iga2027", "places",
                         "five_locations", "portfolio")],
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


def test_every_documented_path_has_a_bad_input_row(client):
    """A new endpoint without a row in the table above fails here."""
    import re

    covered = [url.split("?")[0] for url, _, _ in BAD_REQUESTS]
    for path in client.get("/api").json()["paths"]:
        pattern = re.compile("^" + re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(path)) + "$")
        assert any(pattern.match(url) for url in covered), f"no bad-input row for {path}"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/collections", "/collections/sites/items", "/nearby", "/summaries"])
def test_read_only_api_answers_405_with_allow(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.headers["content-type"] == "application/problem+json"
