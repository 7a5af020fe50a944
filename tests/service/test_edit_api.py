"""The write API (OGC API - Features Part 4) on a temporary SQLite store: every status it answers,
proposals and the published state, and the item ETag as the row version."""
from __future__ import annotations

import json

import pytest

from tests.service.edit_helpers import Api, bearer, site_feature
from tests.store.helpers import BOCHUM, DORTMUND, a_site, counts

GEOJSON = {"Content-Type": "application/geo+json"}


def _put(api: Api, collection: str, key: str, headers: dict, etag: str | None, **changes):
    feature = api.item(collection, key).json()
    feature["properties"].update(changes)
    feature["reason"] = "Korrektur"
    return api.client.put(f"/collections/{collection}/items/{key}", json=feature,
                          headers={**headers, **({"If-Match": etag} if etag else {})})


def test_a_curator_creates_a_site_published_at_once(api):
    created = api.client.post("/collections/sites/items", json=site_feature("do-neu-1"), headers=api.curator)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "http://127.0.0.1/collections/sites/items/do-neu-1"
    assert created.headers["etag"] == '"1"' and created.json()["status"] == "published"
    # Read your write: a reader with credentials is served the store's current state at once, while
    # anonymous readers are served from memory (this app's follower is not running: it stays behind).
    assert api.item("sites", "do-neu-1", headers={}).status_code == 404
    served = api.item("sites", "do-neu-1")
    assert served.status_code == 200 and served.json()["properties"]["name"] == "Neuer Standort"
    assert served.headers["etag"] == created.headers["etag"]
    assert served.json()["properties"]["commune"] == "Dortmund"
    assert api.item("talentkolleg", "do-neu-1").status_code == 200


def test_a_programme_collection_is_a_view_of_the_sites(api):
    posted = api.client.post("/collections/fgz/items", json=site_feature("do-neu-2", programme="", identification="confirmed", level="Familiengrundschulzentrum"), headers=api.curator)
    assert posted.status_code == 201, posted.text
    assert api.item("fgz", "do-neu-2").json()["properties"]["programme"] == "fgz"
    assert api.item("talentkolleg", "do-neu-2").status_code == 404
    refused = api.client.post("/collections/fgz/items", json=site_feature("do-neu-3"), headers=api.curator)
    assert refused.status_code == 400 and [e["field"] for e in refused.json()["errors"]] == ["programme"]
    stranger = a_site(api.store, BOCHUM)
    programme = api.store.get("sites", stranger).values["programme"]
    other = next(p for p in ("fgz", "talentkolleg") if p != programme)
    gone = api.client.delete(f"/collections/{other}/items/{stranger}", params={"reason": "x"},
                             headers={**api.curator, "If-Match": '"1"'})
    assert gone.status_code == 404


def test_replace_and_patch_need_if_match_and_publish_with_a_new_etag(api):
    key = a_site(api.store, DORTMUND)
    etag = api.etag("sites", key)
    assert etag == f'"{api.store.get("sites", key).version}"'
    assert _put(api, "sites", key, api.curator, None, name="Ohne Vorbedingung").status_code == 428
    replaced = _put(api, "sites", key, api.curator, etag, name="Neu benannt")
    assert replaced.status_code == 200, replaced.text
    assert api.item("sites", key).json()["properties"]["name"] == "Neu benannt"
    new_etag = replaced.headers["etag"]
    assert new_etag != etag and api.etag("sites", key) == new_etag
    stale = api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": "Alt"}, "reason": "x"},
                             headers={**api.curator, "If-Match": etag})
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    patched = api.client.patch(f"/collections/sites/items/{key}",
                               json={"properties": {"status": "planned", "notes": None}, "reason": "Umbau"},
                               headers={**api.curator, "If-Match": new_etag, "Content-Type": "application/merge-patch+json"})
    assert patched.status_code == 200, patched.text
    row = api.store.get("sites", key).values
    assert row["status"] == "planned" and row["name"] == "Neu benannt" and row["notes"] == ""
    assert api.store.history("sites", key)[-1].reason == "Umbau"


def test_a_round_trip_of_the_served_feature_changes_nothing_but_what_was_edited(api):
    key = a_site(api.store, DORTMUND)
    before = api.store.get("sites", key).values
    assert _put(api, "sites", key, api.curator, api.etag("sites", key), name="Nur der Name").status_code == 200
    after = api.store.get("sites", key).values
    assert {c for c in before if before[c] != after[c]} == {"name"}


def test_a_curator_deletes_with_a_reason(api):
    key = a_site(api.store, BOCHUM)
    etag = api.etag("sites", key)
    missing_reason = api.client.delete(f"/collections/sites/items/{key}", headers={**api.curator, "If-Match": etag})
    assert missing_reason.status_code == 400 and missing_reason.json()["errors"][0]["field"] == "reason"
    deleted = api.client.delete(f"/collections/sites/items/{key}", params={"reason": "geschlossen"},
                                headers={**api.curator, "If-Match": etag})
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.item("sites", key).status_code == 404
    assert api.store.history("sites", key)[-1].action == "delete"


def test_an_editors_write_is_a_proposal_the_public_does_not_see(api):
    key = a_site(api.store, DORTMUND)
    name = api.item("sites", key).json()["properties"]["name"]
    proposed = _put(api, "sites", key, api.editor, api.etag("sites", key), name="Vorgeschlagen")
    assert proposed.status_code == 202, proposed.text
    change = proposed.json()["change"]
    assert proposed.headers["location"] == f"http://127.0.0.1/changes/{change}"
    api.settle()  # the worker serves the store's current state to everyone: a proposal is not in it
    assert api.item("sites", key, headers={}).json()["properties"]["name"] == name
    created = api.client.post("/collections/sites/items", json=site_feature("do-vorschlag"), headers=api.editor)
    api.settle()
    assert created.status_code == 202 and api.item("sites", "do-vorschlag", headers={}).status_code == 404
    assert api.client.get("/changes").status_code == 401
    mine = api.client.get(f"/changes/{change}", headers=api.editor)
    assert mine.status_code == 200 and mine.json()["diff"] == [{"field": "name", "before": name, "after": "Vorgeschlagen"}]


def test_unauthenticated_writes_are_401_with_a_challenge(api):
    key = a_site(api.store, DORTMUND)
    for response in (api.client.post("/collections/sites/items", json=site_feature("x-1")),
                     api.client.delete(f"/collections/sites/items/{key}", params={"reason": "x"}),
                     api.client.post("/collections/sites/items", json=site_feature("x-1"),
                                     headers=bearer("not-a-token")),
                     api.client.post("/collections/sites/items", json=site_feature("x-1"),
                                     headers={"Authorization": "Basic a3VydDpnZWhlaW0="})):
        assert response.status_code == 401 and response.headers["www-authenticate"].startswith('Bearer realm="ruhrkarte"')
        assert response.headers["content-type"] == "application/problem+json"
    assert api.client.get(f"/collections/sites/items/{key}").status_code == 200


def test_a_revoked_token_is_refused(api):
    token = api.store.add_account("rita", "curator")
    api.store.revoke_account("rita")
    assert api.client.post("/collections/sites/items", json=site_feature("x-2"), headers=bearer(token)).status_code == 401


def test_a_dortmund_editor_on_a_bochum_site_is_403(api):
    key = a_site(api.store, BOCHUM)
    before = counts(api.store)
    response = _put(api, "sites", key, api.editor, api.etag("sites", key), name="Übernommen")
    assert response.status_code == 403 and response.headers["content-type"] == "application/problem+json"
    moved = api.client.post("/collections/sites/items", json=site_feature("do-in-bochum", communes=BOCHUM),
                            headers=api.editor)
    assert moved.status_code == 403
    assert counts(api.store) == before


def test_a_hidden_feature_answers_like_one_that_never_existed(api):
    key = a_site(api.store, BOCHUM)
    etag = api.etag("sites", key)
    api.client.delete(f"/collections/sites/items/{key}", params={"reason": "geschlossen"},
                      headers={**api.curator, "If-Match": etag})
    hidden = api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": "x"}, "reason": "x"},
                              headers={**api.curator, "If-Match": '"2"'})
    never = api.client.patch("/collections/sites/items/nie-da", json={"properties": {"name": "x"}, "reason": "x"},
                             headers={**api.curator, "If-Match": '"2"'})
    assert hidden.status_code == never.status_code == 404
    strip = lambda body: {k: str(v).replace(key, "ID").replace("nie-da", "ID") for k, v in body.items()}  # noqa: E731
    assert strip(hidden.json()) == strip(never.json())
    assert (api.client.get(f"/collections/sites/items/{key}/history").json()["detail"].replace(key, "ID")
            == api.client.get("/collections/sites/items/nie-da/history").json()["detail"].replace("nie-da", "ID"))


def test_a_bad_write_names_every_failing_field_and_stores_nothing(api):
    before = counts(api.store)
    feature = site_feature("do-falsch", status="erfunden", year=[2025], reason="")
    feature["properties"]["colour"] = "red"
    feature["geometry"] = {"type": "Point", "coordinates": [7.2162, 51.4818]}   # Bochum, declared Dortmund
    response = api.client.post("/collections/sites/items", json=feature, headers=api.curator)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert {"year", "colour", "reason"} <= {e["field"] for e in response.json()["errors"]}
    fixed = site_feature("do-falsch", status="erfunden")
    fixed["geometry"] = {"type": "Point", "coordinates": [7.2162, 51.4818]}
    response = api.client.post("/collections/sites/items", json=fixed, headers=api.curator)
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert "status" in fields and "lat,lon" in fields, response.json()
    assert counts(api.store) == before


@pytest.mark.parametrize("body, headers, status", [
    (b"{}", {"Content-Type": "text/plain"}, 415),
    (b"{}", {}, 415),
    (b"{" + b" " * 300_000 + b"}", GEOJSON, 413),
    (b"not json", GEOJSON, 400),
    (b"[1, 2]", GEOJSON, 400),
])
def test_body_type_size_and_syntax(api, body, headers, status):
    before = counts(api.store)
    response = api.client.post("/collections/sites/items", content=body, headers={**api.curator, **headers})
    assert response.status_code == status and response.headers["content-type"] == "application/problem+json"
    assert counts(api.store) == before


def test_read_only_collections_answer_405_with_allow(api):
    response = api.client.post("/collections/communes/items", json=site_feature("x"), headers=api.curator)
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"
    assert api.client.post("/collections/nirgends/items", json=site_feature("x"), headers=api.curator).status_code == 404
    allowed = api.client.request("TRACE", f"/collections/sites/items/{a_site(api.store, DORTMUND)}")
    assert allowed.status_code == 405 and set(allowed.headers["allow"].split(", ")) == {"GET", "HEAD", "PUT", "PATCH", "DELETE"}


def test_funding_figures_are_features_without_geometry(api):
    key = api.store.published_dataset().frames["funding.csv"]["figure_id"].iloc[0]
    got = api.item("funding", key)
    assert got.status_code == 200 and got.json()["geometry"] is None and got.headers["etag"] == '"1"'
    feature = got.json()
    feature["properties"]["notes"] = "geprüft"
    feature["reason"] = "Nachweis ergänzt"
    changed = api.client.put(f"/collections/funding/items/{key}", json=feature,
                             headers={**api.curator, "If-Match": got.headers["etag"]})
    assert changed.status_code == 200, changed.text
    assert api.store.get("funding", key).values["notes"] == "geprüft"
    feature["properties"]["amount_eur"] = "viel"
    bad = api.client.put(f"/collections/funding/items/{key}", json=feature,
                         headers={**api.curator, "If-Match": changed.headers["etag"]})
    assert bad.status_code == 400 and "amount_eur" in {e["field"] for e in bad.json()["errors"]}
    with_point = {**feature, "geometry": {"type": "Point", "coordinates": [7.0, 51.5]}}
    refused = api.client.put(f"/collections/funding/items/{key}", json=with_point,
                             headers={**api.curator, "If-Match": changed.headers["etag"]})
    assert refused.status_code == 400 and "geometry" in {e["field"] for e in refused.json()["errors"]}


def test_projects_are_writable_and_an_editor_proposes_for_own_communes_only(api):
    frame = api.store.published_dataset().frames["projects.csv"]
    key = frame[frame["communes"] == DORTMUND]["project_id"]
    assert api.item("projects", "gibt-es-nicht").status_code == 404
    if len(key):
        got = api.item("projects", key.iloc[0])
        patch = api.client.patch(f"/collections/projects/items/{key.iloc[0]}",
                                 json={"properties": {"notes": "Vorschlag"}, "reason": "Ergänzung"},
                                 headers={**api.editor, "If-Match": got.headers["etag"]})
        assert patch.status_code == 202


def test_the_write_api_is_described(api):
    document = api.client.get("/api").json()
    assert {"post"} <= set(document["paths"]["/collections/{collection_id}/items"])
    assert {"put", "patch", "delete"} <= set(document["paths"]["/collections/{collection_id}/items/{feature_id}"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "post" in document["paths"]["/collections/sites/items"]
    assert "post" not in document["paths"]["/collections/communes/items"]
    put = document["paths"]["/collections/{collection_id}/items/{feature_id}"]["put"]
    assert {"200", "202", "400", "401", "403", "404", "412", "428"} <= set(put["responses"])
    assert any(p["name"] == "If-Match" for p in put["parameters"])
    conformance = api.client.get("/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete" in conformance


def test_cors_allows_writes_with_a_token_but_never_credentials(api):
    preflight = api.client.options("/collections/sites/items/x", headers={
        "Origin": "https://gemeinde.example", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, if-match, content-type"})
    assert preflight.status_code == 200
    assert "PUT" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    got = api.client.get("/collections/sites/items", headers={"Origin": "https://gemeinde.example"})
    assert got.headers["access-control-allow-origin"] == "*"


def test_a_snapshot_app_has_nothing_to_write(client):
    response = client.post("/collections/sites/items", json=site_feature("x"), headers=bearer("x"))
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"
    assert json.loads(response.text)["status"] == 405
    assert "/changes" not in client.get("/api").json()["paths"]
    assert not any("features-4" in c for c in client.get("/conformance").json()["conformsTo"])


def test_a_chunked_body_without_length_is_cut_at_the_limit(api):
    before = counts(api.store)

    def chunks():
        yield b'{"type": "Feature", "properties": {"name": "'
        for _ in range(400):
            yield b"x" * 1024
        yield b'"}}'

    response = api.client.post("/collections/sites/items", content=chunks(), headers={**api.curator, **GEOJSON})
    assert response.status_code == 413 and "content-length" not in response.request.headers
    assert counts(api.store) == before


def test_only_writable_features_carry_a_row_etag(api):
    assert api.etag("communes", DORTMUND).startswith('W/"')
    location = api.store.published_dataset().frames["five_locations.csv"]["code"].iloc[0]
    assert api.etag("five_locations", location).startswith('W/"')
    key = a_site(api.store, DORTMUND)
    assert api.client.get(f"/collections/sites/items/{key}", params={"crs": "http://www.opengis.net/def/crs/EPSG/0/25832"}
                          ).headers["etag"].startswith('W/"')
    assert api.client.get(f"/collections/sites/items/{key}", params={"f": "html"}).headers["etag"].startswith('W/"')
