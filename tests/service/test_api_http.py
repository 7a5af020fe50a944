"""HTTP behaviour: caching, CORS, gzip, exports that read back."""
import csv
import io

import pyogrio


def test_etag_and_not_modified(client):
    first = client.get("/collections/sites/items")
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get("/collections/sites/items", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/collections/sites/items?limit=5")
    assert other.headers["etag"] != first.headers["etag"]


def test_cors_allows_any_origin_and_exposes_paging_headers(client):
    response = client.get("/collections", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]
    assert "access-control-allow-credentials" not in response.headers
    preflight = client.options("/collections", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200


def test_large_bodies_are_gzipped(client):
    response = client.get("/collections/communes/items", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"


def test_csv_export_with_wkt_and_lonlat(client):
    text = client.get("/collections/fgz/items", params={"f": "csv", "ags": "05911000"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[0]["wkt"].startswith("POINT") and float(rows[0]["lat"]) > 51


def test_geopackage_export_reads_back(client, tmp_path):
    response = client.get("/collections/portfolio/items", params={"f": "gpkg", "crs": "http://www.opengis.net/def/crs/EPSG/0/25832"})
    assert response.headers["content-type"] == "application/geopackage+sqlite3"
    path = tmp_path / "portfolio.gpkg"
    path.write_bytes(response.content)
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == 53 and frame.crs.to_epsg() == 25832
    assert abs(frame.area.sum() / 1e6 - 4437.8) < 1
    assert set(frame["feature_id"]) == set(frame["ags"])


def test_head_answers_like_get_without_a_body(client):
    get = client.get("/collections/sites/items")
    head = client.head("/collections/sites/items")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == "application/geo+json"


def test_etag_changes_with_any_data_file(data_copy):
    from geo.repository import data_version
    from geo.settings import data_dir

    assert data_version(data_copy) == data_version(data_dir())
    path = data_copy / "programmes" / "funding.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Ausbau der FernUniversität", "Ausbau der Fernuni"), encoding="utf-8")
    assert data_version(data_copy) != data_version(data_dir())
