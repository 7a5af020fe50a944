"""Planners' layers over HTTP: upload with a report, visibility by owner and sharing, limits, summary, delete."""
from __future__ import annotations

import csv
import gzip
import io

import pytest

from tests.service.edit_helpers import bearer, open_api
from tests.store.helpers import DORTMUND

CSV = "Maßnahme;Breite;Länge;Betrag\nSpielplatz;51,4818;7,2162;1.250,50\nRadweg;51,5141;7,4668;300\nKaputt;x;7;1\n"


@pytest.fixture
def api(repo, tmp_path):
    client, store = open_api(repo, tmp_path, layer_max_mb=1)
    with client:
        yield client, store, bearer(store.add_account("paula", "editor", [DORTMUND])), \
            bearer(store.add_account("otto", "editor", ["05911000"]))
    store.close()


def _upload(client, headers, content: bytes = CSV.encode(), name: str = "massnahmen.csv", title: str = "Spielplätze"):
    return client.post("/layers", headers=headers, files={"file": (name, content, "text/csv")}, data={"title": title})


def test_an_upload_answers_201_with_its_report_and_collection(api):
    client, _, paula, _ = api
    response = _upload(client, paula)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"].endswith(f"/layers/{body['id']}")
    assert body["collection"] == f"layer-{body['id']}" and body["kind"] == "point"
    report = body["report"]
    assert (report["rows_read"], report["features"], report["rejected_count"]) == (3, 2, 1)
    assert report["rejected"][0]["line"] == 4 and "latitude" in report["rejected"][0]["reason"]
    assert report["placed_per_commune"] == {"05911000": 1, "05913000": 1}
    assert response.headers["cache-control"] == "private, no-store"


def test_a_private_layer_is_a_404_for_others_until_shared(api):
    client, _, paula, otto = api
    layer = _upload(client, paula).json()["id"]
    for headers in (otto, {}):
        hidden = client.get(f"/layers/{layer}", headers=headers)
        missing = client.get(f"/layers/{layer + 99}", headers=headers)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json()["detail"].replace(str(layer), "N") == missing.json()["detail"].replace(str(layer + 99), "N")
    assert client.get("/layers", headers=otto).json()["layers"] == []
    assert client.patch(f"/layers/{layer}", headers=otto, json={"public": True}).status_code == 404
    assert client.patch(f"/layers/{layer}", headers=paula, json={"shared_with": ["otto"]}).status_code == 200
    assert client.get(f"/layers/{layer}", headers=otto).status_code == 200
    assert client.delete(f"/layers/{layer}", headers=otto).status_code == 403
    assert client.patch(f"/layers/{layer}", headers=paula, json={"public": True}).json()["public"] is True
    assert client.get(f"/layers/{layer}").json()["title"] == "Spielplätze"


def test_uploads_need_an_account(api):
    client, _, _, _ = api
    response = _upload(client, {})
    assert response.status_code == 401 and "WWW-Authenticate" in response.headers


def test_the_summary_per_commune_and_as_csv(api):
    client, _, paula, _ = api
    layer = _upload(client, paula).json()["id"]
    body = client.get(f"/layers/{layer}/summary", headers=paula).json()
    units = {unit["code"]: unit for unit in body["units"]}
    assert units["05911000"]["Betrag_sum"] == 1250.5 and units["ruhr"]["Betrag_sum"] == 1550.5
    assert units["05113000"]["features"] == 0 and body["weighting"].startswith("whole")
    table = client.get(f"/layers/{layer}/summary", headers=paula, params={"f": "csv"})
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(table.text))}
    assert float(rows["05913000"]["Betrag_sum"]) == 300.0
    assert client.get(f"/layers/{layer}/summary", headers=paula, params={"f": "xml"}).status_code == 400


def test_broken_and_oversized_uploads_store_nothing(api):
    client, store, paula, _ = api
    broken = _upload(client, paula, b"a,b\n1,2\n")
    assert broken.status_code == 400 and broken.headers["content-type"] == "application/problem+json"
    assert "no coordinate columns" in broken.json()["detail"]
    bomb = _upload(client, paula, gzip.compress(b"x" * (3 * 1024 * 1024)), name="bombe.csv.gz")
    assert bomb.status_code == 413 and "limit of 1 MB" in bomb.json()["detail"]
    huge = _upload(client, paula, b"x" * (2 * 1024 * 1024))
    assert huge.status_code == 413
    no_title = client.post("/layers", headers=paula, files={"file": ("a.csv", CSV.encode(), "text/csv")})
    assert no_title.status_code == 400
    assert client.get("/layers", headers=paula).json()["layers"] == []


def test_deleting_a_layer_removes_it(api):
    client, _, paula, _ = api
    layer = _upload(client, paula).json()["id"]
    assert client.delete(f"/layers/{layer}", headers=paula).status_code == 204
    assert client.get(f"/layers/{layer}", headers=paula).status_code == 404


def test_a_layer_made_private_again_is_never_served_from_a_cache(api):
    client, _, paula, _ = api
    layer = _upload(client, paula).json()["id"]
    client.patch(f"/layers/{layer}", headers=paula, json={"public": True})
    assert client.get(f"/layers/{layer}").status_code == 200
    assert client.get(f"/layers/{layer}").status_code == 200  # a second time, as a shared cache would have kept it
    client.patch(f"/layers/{layer}", headers=paula, json={"public": False})
    assert client.get(f"/layers/{layer}").status_code == 404


def _polygons() -> bytes:
    """Two squares: one on the Bochum/Dortmund border region, one in Essen (test shapes, not data)."""
    import json as _json
    squares = [(7.30, 51.49, 7.36, 51.52, "Grenzgebiet", 1000.0), (7.00, 51.44, 7.02, 51.46, "Essen-Süd", 10.0)]
    return _json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"gebiet": name, "euro": euro},
         "geometry": {"type": "Polygon", "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]]}}
        for a, b, c, d, name, euro in squares]}).encode()


def test_a_layer_is_an_ogc_collection_for_those_who_may_see_it(api):
    client, _, paula, otto = api
    layer = _upload(client, paula, _polygons(), name="gebiete.geojson", title="Fördergebiete").json()["id"]
    collection = client.get(f"/collections/layer-{layer}", headers=paula)
    assert collection.status_code == 200 and collection.json()["title"] == "Fördergebiete"
    assert collection.headers["cache-control"] == "private, no-store"
    items = client.get(f"/collections/layer-{layer}/items", headers=paula).json()
    assert [f["id"] for f in items["features"]] == ["1", "2"]
    assert items["features"][1]["properties"] == {"gebiet": "Essen-Süd", "euro": 10.0, "communes": "05113000"}
    assert items["features"][0]["geometry"]["type"] == "Polygon"
    filtered = client.get(f"/collections/layer-{layer}/items", headers=paula, params={"filter": "euro > 100"}).json()
    assert [f["properties"]["gebiet"] for f in filtered["features"]] == ["Grenzgebiet"]
    boxed = client.get(f"/collections/layer-{layer}/items", headers=paula, params={"bbox": "6.99,51.43,7.03,51.47"})
    assert [f["id"] for f in boxed.json()["features"]] == ["2"]
    one = client.get(f"/collections/layer-{layer}/items/2", headers=paula)
    assert one.json()["properties"]["gebiet"] == "Essen-Süd" and one.headers["cache-control"] == "private, no-store"
    assert client.get(f"/collections/layer-{layer}/queryables", headers=paula).json()["properties"]["euro"]["type"] \
        == "number"
    exported = client.get(f"/collections/layer-{layer}/items", headers=paula, params={"f": "csv"})
    assert exported.status_code == 200 and "Grenzgebiet" in exported.text
    for path in ("", "/items", "/items/1", "/queryables"):
        assert client.get(f"/collections/layer-{layer}{path}", headers=otto).status_code == 404
        assert client.get(f"/collections/layer-{layer}{path}").status_code == 404
    assert client.get(f"/collections/layer-{layer + 7}/items", headers=paula).status_code == 404


def test_a_polygon_layer_is_summed_by_area(api):
    client, _, paula, _ = api
    layer = _upload(client, paula, _polygons(), name="gebiete.geojson", title="Fördergebiete").json()["id"]
    units = {u["code"]: u for u in client.get(f"/layers/{layer}/summary", headers=paula).json()["units"]}
    assert units["05113000"]["features"] == 1 and units["05113000"]["euro_sum"] == pytest.approx(10.0)
    assert units["ruhr"]["euro_sum"] == pytest.approx(1010.0, rel=1e-6)  # both squares lie wholly in the Ruhr area
    assert 0 < units["05113000"]["area_share"] < 0.05
