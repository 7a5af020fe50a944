"""`GET /layers/{id}/map`: a view of a layer, its own features or clusters per zoom, checked against an
independent selection of the uploaded rows (shapely), with the rights of `GET /layers/{id}`."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from tests.service.edit_helpers import bearer, open_api
from tests.store.helpers import DORTMUND

ROWS = 20_000
REGION = "6.50005,51.20005,7.90005,51.80005"   # edges between the 5-decimal positions of the rows
DORTMUND_BOX = "7.40005,51.48005,7.48005,51.53005"


def _rows() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Seeded points over and around the Ruhr area (5 decimals), two values, some missing."""
    rng = np.random.default_rng(12)
    lon = np.round(rng.uniform(6.3, 8.1, ROWS), 5)
    lat = np.round(rng.uniform(51.1, 51.9, ROWS), 5)
    euro = np.round(rng.uniform(0, 5_000, ROWS), 2)
    area = np.round(rng.uniform(0, 90, ROWS), 1)
    area[::7] = np.nan
    return lon, lat, euro, area


def _csv() -> bytes:
    lon, lat, euro, area = _rows()
    lines = ["name;lat;lon;euro;flaeche;kind"]
    lines += [f"Punkt {n};{la:.5f};{lo:.5f};{e:.2f};{'' if np.isnan(a) else f'{a:.1f}'};x"
              for n, (lo, la, e, a) in enumerate(zip(lon, lat, euro, area))]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def layer(repo, tmp_path_factory):
    client, store = open_api(repo, tmp_path_factory.mktemp("layer-map"))
    with client:
        paula, otto = bearer(store.add_account("paula", "editor", [DORTMUND])), \
            bearer(store.add_account("otto", "editor", ["05911000"]))
        created = client.post("/layers", headers=paula, files={"file": ("punkte.csv", _csv(), "text/csv")},
                              data={"title": "Punkte"})
        assert created.status_code == 201, created.text
        yield client, created.json()["id"], paula, otto
    store.close()


def _inside(box: str) -> np.ndarray:
    lon, lat, _, _ = _rows()
    return shapely.intersects_xy(shapely.box(*map(float, box.split(","))), lon, lat)


def test_clusters_add_up_to_the_rows_in_the_box(layer):
    client, layer_id, paula, _ = layer
    for box, zoom in ((REGION, 8), (REGION, 11), ("6.90005,51.30005,7.60005,51.60005", 12)):
        response = client.get(f"/layers/{layer_id}/map", headers=paula, params={"bbox": box, "zoom": zoom})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/geo+json"
        assert response.headers["cache-control"] == "private, no-store"
        body = response.json()
        assert body["aggregated"] is True and body["zoom"] == zoom and "GeoBasis-DE / BKG" in body["attribution"]
        clusters = body["features"]
        assert {f["properties"]["kind"] for f in clusters} == {"cluster"} and len(clusters) <= 4_096
        inside = _inside(box)
        _, _, euro, area = _rows()
        assert sum(f["properties"]["count"] for f in clusters) == inside.sum() == body["numberMatched"]
        assert sum(f["properties"]["sum_euro"] for f in clusters) == pytest.approx(euro[inside].sum())
        assert sum(f["properties"]["sum_flaeche"] for f in clusters) == pytest.approx(np.nansum(area[inside]))
        west, south, east, north = map(float, box.split(","))
        for feature in clusters:
            lon, lat = feature["geometry"]["coordinates"]
            assert west <= lon <= east and south <= lat <= north


def test_a_finer_zoom_gives_more_and_smaller_clusters(layer):
    client, layer_id, paula, _ = layer
    counts = [len(client.get(f"/layers/{layer_id}/map", headers=paula,
                             params={"bbox": REGION, "zoom": zoom}).json()["features"]) for zoom in (7, 9, 11)]
    assert counts[0] < counts[1] < counts[2]


def test_few_features_come_as_themselves(layer):
    client, layer_id, paula, _ = layer
    body = client.get(f"/layers/{layer_id}/map", headers=paula, params={"bbox": DORTMUND_BOX, "zoom": 14}).json()
    inside = np.flatnonzero(_inside(DORTMUND_BOX))
    assert body["aggregated"] is False and 0 < len(inside) == body["numberReturned"]
    assert [f["id"] for f in body["features"]] == (inside + 1).tolist()
    first = body["features"][0]
    lon, lat, euro, _ = _rows()
    assert first["properties"]["kind"] == "feature" and first["properties"]["kind_upload"] == "x"
    assert first["properties"]["name"] == f"Punkt {inside[0]}" and first["properties"]["euro"] == euro[inside[0]]
    assert first["geometry"]["coordinates"] == pytest.approx([lon[inside[0]], lat[inside[0]]], abs=1e-7)


def test_others_get_the_404_of_a_missing_layer_until_it_is_shared_or_public(layer):
    client, layer_id, paula, otto = layer
    view = {"bbox": DORTMUND_BOX, "zoom": 14}
    for headers in (otto, {}):
        hidden = client.get(f"/layers/{layer_id}/map", headers=headers, params=view)
        missing = client.get(f"/layers/{layer_id + 99}/map", headers=headers, params=view)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.headers["content-type"] == "application/problem+json"
        assert hidden.json()["detail"].replace(str(layer_id), "N") == missing.json()["detail"].replace(str(layer_id + 99), "N")
    client.patch(f"/layers/{layer_id}", headers=paula, json={"shared_with": ["otto"]})
    assert client.get(f"/layers/{layer_id}/map", headers=otto, params=view).status_code == 200
    client.patch(f"/layers/{layer_id}", headers=paula, json={"public": True, "shared_with": []})
    public = client.get(f"/layers/{layer_id}/map", params=view)
    assert public.status_code == 200 and public.headers["cache-control"] == "public, no-cache"
    assert client.get(f"/layers/{layer_id}/map", params=view).status_code == 200  # as a shared cache would keep it
    assert client.get(f"/layers/{layer_id}/map", headers={"If-None-Match": public.headers["etag"]},
                      params=view).status_code == 304
    client.patch(f"/layers/{layer_id}", headers=paula, json={"public": False})
    assert client.get(f"/layers/{layer_id}/map", params=view).status_code == 404
    assert client.get(f"/layers/{layer_id}/map", headers=otto, params=view).status_code == 404


@pytest.mark.parametrize("query", [
    {"zoom": "10"}, {"bbox": REGION}, {"bbox": "7,51,8", "zoom": "10"}, {"bbox": "a,b,c,d", "zoom": "10"},
    {"bbox": "8,51,7,52", "zoom": "10"}, {"bbox": "7,51,8,95", "zoom": "10"}, {"bbox": REGION, "zoom": "-1"},
    {"bbox": REGION, "zoom": "25"}, {"bbox": REGION, "zoom": "zehn"}, {"bbox": REGION, "zoom": "10", "z": "1"},
])
def test_bad_parameters_are_a_400(layer, query):
    client, layer_id, paula, _ = layer
    response = client.get(f"/layers/{layer_id}/map", headers=paula, params=query)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
