"""Validation once: fixed value sets come from one source, are enums in /api and are refused in our words."""
import pytest

from maps.planung_classes import CLASS_COUNTS, SCHEMES
from service.crs import SUPPORTED

ITEMS = "/collections/sites/items"


@pytest.mark.parametrize("url, parameter, allowed", [
    (f"{ITEMS}?crs=EPSG:9999", "crs", list(SUPPORTED)),
    (f"{ITEMS}?bbox=1,2,3,4&bbox-crs=EPSG:9999", "bbox-crs", list(SUPPORTED)),
    ("/collections/sites/items/iga-02?crs=EPSG:9999", "crs", list(SUPPORTED)),
    (f"{ITEMS}?f=xml", "f", ["json", "html", "csv", "gpkg"]),
    ("/collections?f=xml", "f", ["json", "html"]),
    ("/summaries?f=pdf", "f", ["json", "csv", "html"]),
    ("/planung?scheme=kmeans", "scheme", list(SCHEMES)),
    ("/planung?k=12", "k", [str(k) for k in CLASS_COUNTS]),
    ("/planung?k=abc", "k", [str(k) for k in CLASS_COUNTS]),
])
def test_a_value_outside_the_set_is_named_with_the_allowed_values(client, url, parameter, allowed):
    response = client.get(url)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert detail.startswith(f"{parameter}: ") and "Input should" not in detail
    assert all(value in detail for value in allowed), detail


def test_allowed_values_pass(client):
    assert client.get("/planung?scheme=quantiles&k=3").status_code == 200
    crs = "http://www.opengis.net/def/crs/EPSG/0/25832"
    assert client.get(ITEMS, params={"crs": crs, "limit": 1}).headers["content-crs"] == f"<{crs}>"


def _parameter(document: dict, path: str, name: str) -> dict:
    return next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_the_api_document_lists_the_same_values_as_enums(client):
    document = client.get("/api").json()
    items = "/collections/{collection_id}/items"
    assert _parameter(document, items, "crs")["schema"]["enum"] == list(SUPPORTED)
    assert _parameter(document, items, "bbox-crs")["schema"]["enum"] == list(SUPPORTED)
    assert _parameter(document, items, "f")["schema"]["enum"] == ["json", "html", "csv", "gpkg"]
    assert _parameter(document, "/summaries", "f")["schema"]["enum"] == ["json", "csv", "html"]
    assert _parameter(document, "/planung", "scheme")["schema"]["enum"] == list(SCHEMES)
    k = _parameter(document, "/planung", "k")["schema"]
    assert k["enum"] == list(CLASS_COUNTS) and k["type"] == "integer" and k["default"] == 5
