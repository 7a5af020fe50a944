"""The planners' upload page and the browser session on /layers: a signed-in account uploads with its
CSRF token (with and without script), gets its report, shares and deletes with forms; the public
and other accounts never see a private layer (404 on every endpoint the pages use); the layer's
measures are classed exactly as the planners' page classes its own."""
from __future__ import annotations

import re

import numpy as np
import pytest

from maps.planung_classes import classify, colours
from tests.service.editing import csrf, hidden_value, signed_in

CSV = "Maßnahme;Breite;Länge;Betrag\nSpielplatz;51,4818;7,2162;1.250,50\nRadweg;51,5141;7,4668;300\nKaputt;x;7;1\n"
BOCHUM, DORTMUND, ESSEN = "05911000", "05913000", "05113000"
ORIGIN = {"Origin": "http://127.0.0.1"}


def _files(title: str = "Spielplätze", content: str = CSV) -> tuple[dict, dict]:
    return {"file": ("massnahmen.csv", content.encode(), "text/csv")}, {"title": title}


def _session_upload(client, token: str | None, headers=ORIGIN, **kwargs):
    files, data = _files(**kwargs)
    if token is not None:
        data["csrf"] = token
    return client.post("/layers", files=files, data=data, headers=headers)


@pytest.fixture
def dora(editing):
    return signed_in(editing, "dora")


def test_a_signed_in_browser_uploads_with_its_csrf_token(editing, dora):
    response = _session_upload(dora, csrf(dora))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["owner"] == "dora" and body["report"]["placed_per_commune"] == {BOCHUM: 1, DORTMUND: 1}
    assert response.headers["cache-control"] == "private, no-store"
    listed = dora.get("/layers").json()
    assert [layer["id"] for layer in listed["layers"]] == [body["id"]]
    assert listed["account"] == {"name": "dora", "may_upload": True}


@pytest.mark.parametrize("token, headers", [(None, ORIGIN), ("falsch", ORIGIN), ("page", {"Origin": "http://evil.example"})],
                         ids=["no-token", "wrong-token", "other-origin"])
def test_a_session_upload_without_its_token_or_from_elsewhere_is_refused(editing, dora, token, headers):
    refused = _session_upload(dora, csrf(dora) if token == "page" else token, headers=headers)
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert "CSRF" in refused.json()["detail"]
    assert dora.get("/layers").json()["layers"] == []


def test_an_anonymous_upload_is_refused_and_the_page_sends_to_the_sign_in(editing):
    anonymous = editing.client()
    response = _session_upload(anonymous, None)
    assert response.status_code == 401 and "WWW-Authenticate" in response.headers
    assert anonymous.get("/layers").json() == {"layers": [], "account": None}
    page = anonymous.get("/ebenen")
    assert page.status_code == 303 and page.headers["location"] == "/anmelden"


def test_the_form_without_script_uploads_and_shows_the_report(editing, dora):
    page = dora.get("/ebenen")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'enctype="multipart/form-data"' in page.text and 'data-api="/layers"' in page.text
    files, data = _files()
    done = dora.post("/ebenen", files=files, data={**data, "csrf": hidden_value(page.text, "csrf")}, headers=ORIGIN)
    assert done.status_code == 303
    layer = int(re.fullmatch(r"/ebenen/(\d+)\?hinweis=hochgeladen", done.headers["location"]).group(1))
    report = dora.get(done.headers["location"]).text
    assert "Spielplätze" in report and "Gelesene Zeilen" in report and "Bochum" in report and "Dortmund" in report
    assert re.search(r"<td[^>]*>4</td><td[^>]*>Breite fehlt", report)  # the rejected line 4 with its reason, in German
    assert f'href="/planung#ebene={layer}"' in report
    broken = dora.post("/ebenen", files={"file": ("a.csv", b"a,b\n1,2\n", "text/csv")},
                       data={"title": "x", "csrf": hidden_value(page.text, "csrf")}, headers=ORIGIN)
    assert broken.status_code == 400 and "Nicht hochgeladen" in broken.text and "keine Koordinatenspalten" in broken.text
    refused = dora.post("/ebenen", files=files, data=data, headers=ORIGIN)  # no token
    assert refused.status_code == 403 and "Formular abgelehnt" in refused.text


def test_sharing_and_deleting_through_the_forms(editing, dora):
    layer = _session_upload(dora, csrf(dora)).json()["id"]
    bodo = signed_in(editing, "bodo")
    assert bodo.get(f"/layers/{layer}").status_code == 404
    token = csrf(dora)
    shared = dora.post(f"/ebenen/{layer}/freigabe", data={"csrf": token, "shared_with": "bodo"}, headers=ORIGIN)
    assert shared.status_code == 303
    assert bodo.get(f"/layers/{layer}").json()["shared_with"] == ["bodo"]
    assert editing.client().get(f"/layers/{layer}").status_code == 404   # shared, not public
    dora.post(f"/ebenen/{layer}/freigabe", data={"csrf": token, "public": "1", "shared_with": "bodo"}, headers=ORIGIN)
    assert editing.client().get(f"/layers/{layer}").json()["public"] is True
    not_owner = bodo.post(f"/ebenen/{layer}/loeschen", data={"csrf": csrf(bodo)}, headers=ORIGIN)
    assert not_owner.status_code == 403
    assert dora.post(f"/ebenen/{layer}/loeschen", data={"csrf": "falsch"}, headers=ORIGIN).status_code == 403
    assert dora.get(f"/layers/{layer}").status_code == 200
    assert dora.post(f"/ebenen/{layer}/loeschen", data={"csrf": token}, headers=ORIGIN).status_code == 303
    assert dora.get(f"/layers/{layer}").status_code == 404


def test_another_accounts_private_layer_is_a_404_on_every_endpoint_the_pages_use(editing, dora):
    layer = _session_upload(dora, csrf(dora)).json()["id"]
    bodo, anonymous = signed_in(editing, "bodo"), editing.client()
    reads = [f"/layers/{layer}", f"/layers/{layer}/summary", f"/layers/{layer}/summary?f=csv",
             f"/layers/{layer}/choropleth", f"/layers/{layer}/map?bbox=6.5,51.2,8,51.8&zoom=9",
             f"/collections/layer-{layer}/items", f"/ebenen/{layer}"]
    for path in reads:
        assert dora.get(path).status_code == 200, path
        assert bodo.get(path).status_code == 404, path
    for path in reads[:-1]:
        assert anonymous.get(path).status_code == 404, path
    for action in ("freigabe", "loeschen"):
        answer = bodo.post(f"/ebenen/{layer}/{action}", data={"csrf": csrf(bodo), "public": "1"}, headers=ORIGIN)
        assert answer.status_code == 404, action
    assert layer not in [entry["id"] for entry in bodo.get("/layers").json()["layers"]]
    assert dora.get(f"/layers/{layer}").json()["public"] is False


def test_the_layers_measures_are_classed_as_the_planners_page_classes_its_own(editing, dora):
    layer = _session_upload(dora, csrf(dora)).json()["id"]
    body = dora.get(f"/layers/{layer}/choropleth", params={"measure": "layer:sum:Betrag", "k": "3"}).json()
    assert body["label"] == "Betrag: Summe" and body["level"] == "gemeinden" and len(body["units"]) == 53
    units = {unit["code"]: unit for unit in body["units"]}
    assert units[BOCHUM]["value"] == 1250.5 and units[DORTMUND]["value"] == 300.0 and units[ESSEN]["value"] == 0.0
    assert units[BOCHUM]["value_text"] == "1.250,50"
    values = np.array([unit["value"] for unit in body["units"]])
    classes, labels = classify(values, "layer:sum:Betrag", "natural_breaks", 3)
    assert [unit["class"] for unit in body["units"]] == classes.tolist()
    assert body["classes"] == [{"colour": c, "label": label} for c, label in zip(colours(labels), labels)]
    assert [c["label"] for c in body["classes"]] == ["keine", "300,00", "1.250,50"]  # few values: one class each
    assert {m["id"] for m in body["measures"]} == {"layer:features", "layer:sum:Betrag", "layer:per_1000:Betrag"}
    counts = dora.get(f"/layers/{layer}/choropleth", params={"level": "kreise"}).json()
    districts = {unit["code"]: unit["value"] for unit in counts["units"]}
    assert len(districts) == 15 and districts["05913"] == 1 and districts["05911"] == 1 and districts["05978"] == 0
    english = dora.get(f"/layers/{layer}/choropleth", params={"measure": "layer:per_1000:Betrag", "lang": "en"}).json()
    assert english["label"] == "Betrag per 1,000 inhabitants" and english["classes"][0]["label"] == "none"
    for bad in ({"measure": "sites_total"}, {"k": "9"}, {"level": "land"}, {"farbe": "rot"}):
        assert dora.get(f"/layers/{layer}/choropleth", params=bad).status_code == 400, bad


def test_the_cached_planung_page_never_holds_a_layer(editing, dora):
    """/planung is rendered once per key and cached for everyone: the layers come from the private
    endpoints in the reader's browser, never from the page."""
    _session_upload(dora, csrf(dora), title="Geheime Maßnahmen")
    anonymous = editing.client()
    pages = [client.get("/planung") for client in (dora, anonymous)]
    for page in pages:
        assert page.status_code == 200 and "Geheime" not in page.text
        assert page.headers["cache-control"].startswith("public")
        assert 'id="rk-own"' in page.text and "/static/app/ruhrkarte-ebenen.js" in page.text
    assert pages[0].content == pages[1].content
    assert "Geheime Maßnahmen" in dora.get("/layers").text and "Geheime" not in anonymous.get("/layers").text
