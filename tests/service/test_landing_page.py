"""`/` for people and for programs: a page that says what Ruhrkarte is and for whom, with a commune
picker that works without JavaScript; the OGC landing document for API clients, unchanged."""
import re

from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import load_settings

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_api_clients_still_get_the_ogc_landing_document(client):
    body = client.get("/").json()
    assert body["title"] == "Ruhrkarte"
    assert {"service-desc", "conformance", "data"} <= {link["rel"] for link in body["links"]}
    assert client.get("/", headers={"Accept": "application/json"}).headers["content-type"] == "application/json"


def test_a_browser_learns_what_ruhrkarte_is_and_which_page_serves_whom(client):
    page = client.get("/", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "Ruhrkarte zeigt, wo die Programme der Ruhr-Konferenz" in text
    for audience, href in (("Für Bürgerinnen und Bürger", "/karte"), ("Für Planende", "/planung")):
        assert re.search(rf"{audience}</h3><p><a href=\"{href}\">", text), audience
    assert "Für Städte und Gemeinden" in text and "Für GIS-Nutzende" in text
    assert "© GeoBasis-DE / BKG" in text


def test_gis_users_get_the_url_to_add_in_qgis(client, repo):
    assert "<code>http://127.0.0.1/</code>" in client.get("/", headers=BROWSER).text  # the request's own base
    with TestClient(create_app(repo, load_settings(public_url="https://karte.example.org/")),
                    base_url="http://127.0.0.1") as public:
        text = public.get("/", headers=BROWSER).text
    assert "<code>https://karte.example.org/</code>" in text and "als Version „OGC API - Features“ wählen" in text


def test_the_commune_picker_lists_the_53_communes_by_kreis(client):
    text = client.get("/?f=html").text
    form = re.search(r'<form class="rk-picker" method="get" action="/">.*?</form>', text).group(0)
    options = re.findall(r'<option value="(\d{8})">([^<]+)</option>', form)
    assert len(options) == 53 and len({ags for ags, _ in options}) == 53
    groups = re.findall(r'<optgroup label="([^"]+)">', form)
    assert groups[0] == "Kreisfreie Städte" and len(groups) == 5
    assert set(groups[1:]) == {"Ennepe-Ruhr-Kreis", "Kreis Recklinghausen", "Kreis Unna", "Kreis Wesel"}
    assert '<label for="rk-gemeinde">Gemeinde wählen</label>' in form and 'name="gemeinde" required' in form


def test_the_picker_form_leads_to_the_commune_page_without_javascript(client):
    chosen = client.get("/", params={"gemeinde": "05914000"}, headers=BROWSER, follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/gemeinden/05914000"
    english = client.get("/", params={"gemeinde": "Hagen", "lang": "en"}, follow_redirects=False)
    assert english.headers["location"] == "/gemeinden/05914000?lang=en"
    assert client.get("/?gemeinde=05914000").url.path == "/gemeinden/05914000"


def test_a_wrong_choice_is_a_clear_error(client):
    assert "Gemeinde wählen" in client.get("/", params={"gemeinde": ""}, headers=BROWSER).text  # no choice: the page again
    assert client.get("/", params={"gemeinde": "Atlantis"}).status_code == 404
    kreis = client.get("/", params={"gemeinde": "Kreis Unna"})
    assert kreis.status_code == 404 and "Kreis" in kreis.json()["detail"]
