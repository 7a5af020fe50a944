"""A programme is data: a sixth programme added to a copy of the data reaches every list, with no code change."""
import csv

from fastapi.testclient import TestClient

from geo.repository import load_repository
from service.app import create_app
from tests.cli_helpers import run_cli

PROGRAMME = {"id": "sechstes", "order": "6", "colour": "#a6761d", "label_de": "Sechstes Programm: Orte",
             "label_en": "Sixth programme sites", "project_id": "", "name_de": "Sechstes Testprogramm",
             "name_en": "Sixth test programme", "handlungsfeld": "", "ministry": "", "report_page": "",
             "description_de": "Ein Programm nur für diesen Test.", "description_en": "A programme for this test only.",
             "source": "test fixture: one programme row and one site"}
# The published position of Essen's town hall (en.wikipedia "Essen City Hall": 51.45806 N, 7.01611 E).
SITE = {"id": "sechs-1", "programme": "sechstes", "name": "Testort am Rathaus Essen", "communes": "05113000",
        "address": "", "lat": "51.45806", "lon": "7.01611", "precision": "landmark", "identification": "",
        "level": "", "status": "active", "year": "", "source": "https://en.wikipedia.org/wiki/Essen_City_Hall",
        "coordinate_source": "en.wikipedia Essen City Hall", "notes": ""}


def _append(path, row: dict) -> None:
    with path.open(encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=columns, lineterminator="\n").writerow({c: row.get(c, "") for c in columns})


def test_a_sixth_programme_needs_only_data(data_copy):
    _append(data_copy / "programmes" / "programmes.csv", PROGRAMME)
    _append(data_copy / "programmes" / "sites.csv", SITE)
    assert run_cli("data", "seal", env={"RUHRKARTE_DATA_DIR": str(data_copy)}).returncode == 0  # as a curator would

    check = run_cli("data", "check", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert check.returncode == 0, check.stdout + check.stderr
    assert "sechstes" in check.stdout and "OK: no problems" in check.stdout

    client = TestClient(create_app(load_repository(data_copy)), base_url="http://127.0.0.1")
    summaries = client.get("/summaries").json()
    essen = next(c for c in summaries["communes"] if c["ags"] == "05113000")
    assert essen["sites_sechstes"] == 1 and summaries["region"]["sites_sechstes"] == 1
    assert essen["sites_total"] == sum(v for k, v in essen.items() if k.startswith("sites_") and k not in ("sites_total", "sites_commune_level"))
    assert "sites_sechstes" in client.get("/summaries", params={"f": "csv"}).text.splitlines()[0].split(",")

    collections = {c["id"]: c for c in client.get("/collections").json()["collections"]}
    assert collections["sechstes"]["title"] == "Sechstes Testprogramm"
    items = client.get("/collections/sechstes/items").json()
    assert [f["id"] for f in items["features"]] == ["sechs-1"]
    assert client.get("/collections/portfolio/items/05113000").json()["properties"]["sites_sechstes"] == 1
    assert client.get("/nearby", params={"lat": 51.458, "lon": 7.016, "programme": "sechstes"}).json()["sites"][0]["id"] == "sechs-1"

    karte = client.get("/karte").text
    assert '"sechstes":{"name":"Sechstes Testprogramm"' in karte and "#a6761d" in karte  # the legend's data
    planung = client.get("/planung").text
    assert '<option value="sites_sechstes">Sechstes Programm: Orte</option>' in planung
    assert client.get("/planung", params={"measure": "sites_sechstes"}).status_code == 200
    enum = next(p for p in client.get("/api").json()["paths"]["/planung"]["get"]["parameters"] if p["name"] == "measure")
    assert "sites_sechstes" in enum["schema"]["enum"]
    assert client.get("/gemeinden/05113000").status_code == 200


def test_an_unknown_measure_is_a_clear_400(client):
    response = client.get("/planung", params={"measure": "sites_unbekannt"})
    assert response.status_code == 400
    assert "unknown measure 'sites_unbekannt'" in response.json()["detail"] and "sites_fgz" in response.json()["detail"]
