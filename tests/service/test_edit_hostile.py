"""Hostile text through the write API: stored verbatim or refused with 400 naming the field, never a
500, and always served back escaped on the HTML pages."""
from __future__ import annotations

import pytest

from tests.hostile import PAYLOAD
from tests.service.edit_helpers import Api, bearer, open_api, site_feature
from tests.store.helpers import DORTMUND, counts

SQL = "Robert'); DROP TABLE sites; -- \" OR 1=1"
SCRIPT = "<script>window.__xss=1</script>"
LONGEST = "ß" * 10_000
STORABLE = {"sql": SQL, "script": SCRIPT, "img": PAYLOAD, "longest": LONGEST, "lines": "Zeile 1\nZeile\t2"}
REFUSED = {"too long": "x" * 10_001, "NUL": "a\x00b", "escape": "a\x1b[31mb", "bell": "\x07", "DEL": "a\x7fb"}
FREE_TEXT = ("name", "address", "notes", "coordinate_source")
STRUCTURED = ("report_line", "programme", "communes", "precision", "identification", "level", "status", "year", "source")


@pytest.fixture(scope="module")
def api(repo, tmp_path_factory):
    client, store = open_api(repo, tmp_path_factory.mktemp("hostile-writes"))
    with client:
        yield Api(client, store, bearer(store.add_account("kurt", "curator")), {})
    store.close()


@pytest.mark.parametrize("sample", list(STORABLE))
def test_free_text_is_stored_verbatim_and_served_escaped(api, sample):
    text = STORABLE[sample]
    key = f"hostile-{sample}"
    feature = site_feature(key, reason=text, **{field: text for field in FREE_TEXT})
    response = api.client.post("/collections/sites/items", json=feature, headers=api.curator)
    assert response.status_code == 201, response.text
    stored = api.store.get("sites", key).values
    assert all(stored[field] == text for field in FREE_TEXT)
    assert api.store.history("sites", key)[-1].reason == text
    assert api.item("sites", key).json()["properties"]["name"] == text
    for url in (f"/collections/sites/items/{key}?f=html", "/collections/sites/items?f=html&limit=1000"):
        html = api.client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html
    if sample in ("script", "img"):
        assert "&lt;" in api.client.get(f"/collections/sites/items/{key}?f=html").text
        page = api.client.get(f"/gemeinden/{DORTMUND}").text
        assert text not in page


@pytest.mark.parametrize("sample", list(REFUSED))
@pytest.mark.parametrize("field", FREE_TEXT + ("reason",))
def test_unstorable_text_is_a_400_naming_the_field(api, sample, field):
    before = counts(api.store)
    feature = site_feature(f"refused-{field}", **({} if field == "reason" else {field: REFUSED[sample]}))
    if field == "reason":
        feature["reason"] = REFUSED[sample]
    response = api.client.post("/collections/sites/items", json=feature, headers=api.curator)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert field in {e["field"] for e in response.json()["errors"]}
    assert counts(api.store) == before


@pytest.mark.parametrize("field", STRUCTURED)
def test_hostile_values_in_structured_fields_are_refused_or_verbatim(api, field):
    key = f"hostile-{field}"
    response = api.client.post("/collections/sites/items", json=site_feature(key, **{field: SCRIPT}), headers=api.curator)
    assert response.status_code in (201, 400), response.text
    if response.status_code == 400:
        assert field in {e["field"] for e in response.json()["errors"]}, response.json()
    else:
        assert api.store.get("sites", key).values[field] == SCRIPT
        assert "<script>window" not in api.client.get(f"/collections/sites/items/{key}?f=html").text


def test_hostile_ids_and_paths_never_reach_sql(api):
    for key in ("x' OR '1'='1", "../../etc/passwd", "%00", SCRIPT):
        response = api.client.patch(f"/collections/sites/items/{key}", json={"properties": {}, "reason": "x"},
                                    headers={**api.curator, "If-Match": '"1"'})
        assert response.status_code == 404, (key, response.text)
        assert "<script>" not in response.text or response.headers["content-type"] == "application/problem+json"
    assert api.client.get("/collections/sites/items", params={"limit": 1}).status_code == 200
