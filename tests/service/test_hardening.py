"""Issue 8 through the real app: spatial edge cases, headers, hosts, caching, echoed input."""
import re

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import load_settings

ITEMS = "/collections/communes/items"
MERCATOR = "http://www.opengis.net/def/crs/EPSG/0/3857"
EDGE = 20037508.34


def ids(client, **params) -> set[str]:
    response = client.get(ITEMS, params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return {f["id"] for f in response.json()["features"]}


@pytest.mark.parametrize("bbox", ["7,51,7,51", "0,0,0,0", "1e6,1e6,1e6,1e6", f"{EDGE},{EDGE},{EDGE},{EDGE}"])
def test_degenerate_mercator_box_is_a_point_query(client, bbox):
    assert ids(client, bbox=bbox, **{"bbox-crs": MERCATOR}) == set()


def test_whole_world_mercator_box_returns_every_commune(client):
    assert len(ids(client, bbox=f"{-EDGE},{-EDGE},{EDGE},{EDGE}", **{"bbox-crs": MERCATOR})) == 53
    assert len(ids(client, bbox="-1e7,-1e7,1e7,1e7", **{"bbox-crs": MERCATOR})) == 53


def test_point_box_finds_the_commune_it_lies_in(client):
    # Bochum town hall (51.4818 N, 7.2162 E) as a flat box in three CRSs.
    assert ids(client, bbox="7.2162,51.4818,7.2162,51.4818") == {"05911000"}
    assert ids(client, bbox="51.4818,7.2162,51.4818,7.2162",
               **{"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/4326"}) == {"05911000"}
    assert ids(client, bbox="803310,6711350,803310,6711350", **{"bbox-crs": MERCATOR}) == {"05911000"}


def test_flat_box_is_a_line_query(client):
    # A north-south line through Bochum and Herne at 7.2162 E.
    found = ids(client, bbox="7.2162,51.45,7.2162,51.56")
    assert {"05911000", "05916000"} <= found and len(found) < 10


def test_security_headers_on_json_and_pages(client):
    for url in ("/collections", "/karte", "/gemeinden/05913000", "/planung", "/api.html", "/?f=html", "/nowhere"):
        headers = client.get(url).headers
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["x-frame-options"] == "DENY", url
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", url
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_page_policy_allows_exactly_its_inline_scripts(client):
    import base64
    import hashlib

    response = client.get("/karte")
    policy = response.headers["content-security-policy"]
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert scripts
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert client.get("/collections").headers["content-security-policy"].startswith("default-src 'none'")


def test_foreign_host_is_refused_and_never_linked(client):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert "evil.example" not in response.text


def test_configured_public_url_names_every_link(repo):
    app = create_app(repo, load_settings(public_url="https://karte.example.org/"))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        links = [link["href"] for link in client.get("/").json()["links"]]
        assert links and all(href.startswith("https://karte.example.org/") for href in links)
        assert client.get("/", headers={"Host": "karte.example.org"}).status_code == 200
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_static_files_carry_one_etag_and_revalidate(client):
    response = client.get("/static/vendor/leaflet/leaflet.js")
    assert response.status_code == 200
    assert len(response.headers.get_list("etag")) == 1
    again = client.get("/static/vendor/leaflet/leaflet.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url, status", [("/collections/nowhere", 404), (f"{ITEMS}?bbox=1,2", 400),
                                         ("/static/vendor/swagger-ui/index.html", 404)])
def test_304_only_replaces_a_200(client, url, status):
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == status


def test_a_200_is_revalidated_by_its_etag(client):
    first = client.get(ITEMS, params={"limit": 2})
    assert client.get(ITEMS, params={"limit": 2}, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert client.get(ITEMS, params={"limit": 3}, headers={"If-None-Match": first.headers["etag"]}).status_code == 200


def test_only_files_the_pages_load_are_served(client):
    for url in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/markercluster/MarkerCluster.css",
                "/static/vendor/leaflet/images/marker-icon.png", "/static/app/ruhrkarte.js"):
        assert client.get(url).status_code == 200, url
    for url in ("/static/vendor/swagger-ui/", "/static/vendor/swagger-ui/swagger-ui-bundle.js.map",
                "/static/vendor/leaflet/leaflet-src.js", "/static/vendor/markercluster/WhereAreTheJavascriptFiles.txt"):
        assert client.get(url).status_code == 404, url


def test_a_huge_path_is_not_echoed(client):
    response = client.get("/collections/" + "x" * 60_000)
    assert response.status_code == 404
    assert len(response.content) < 2_000


def test_max_limit_setting_caps_every_page(repo):
    app = create_app(repo, load_settings(max_limit=10))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        body = client.get(ITEMS, params={"limit": 1000}).json()
        assert body["numberReturned"] == 10 and body["numberMatched"] == 53
        assert any(link["rel"] == "next" and "limit=10" in link["href"] for link in body["links"])


def test_nearby_on_another_continent_is_an_empty_answer(client):
    body = client.get("/nearby", params={"lat": 0.8, "lon": 100, "limit": 100}).json()
    assert body["commune"] is None and body["sites"] == [] and body["commune_level_sites"] == []
