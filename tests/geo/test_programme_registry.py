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


def _programme_rows() -> list[dict]:
    from geo.settings import data_dir

    with (data_dir() / "programmes" / "programmes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_registry_lists_the_programmes_in_display_order_with_their_texts_and_columns():
    import pandas as pd

    from geo.programme_registry import ProgrammeRegistry

    rows = _programme_rows()
    registry = ProgrammeRegistry.from_frame(pd.DataFrame(rows))
    expected = sorted(rows, key=lambda row: (int(row["order"]), row["id"]))
    assert registry.ids == [row["id"] for row in expected]
    # programmes.csv lists the 5-Standorte before the IGA, but the IGA's `order` is lower.
    assert registry.ids.index("iga2027") < registry.ids.index("five_sites")
    assert len(registry) == len(rows) and list(registry) == list(registry.programmes)
    assert registry.site_columns == {row["id"]: f"sites_{row['id']}" for row in expected}
    assert list(registry.site_columns) == registry.ids
    for row in rows:
        programme = registry.get(row["id"])
        assert (programme.id, programme.order, programme.colour, programme.name_de, programme.name_en,
                programme.label_de, programme.label_en) == (
            row["id"], int(row["order"]), row["colour"], row["name_de"], row["name_en"], row["label_de"], row["label_en"])


def test_a_programme_without_short_labels_is_labelled_by_its_name_and_equal_orders_go_by_id():
    import pandas as pd

    from geo.programme_registry import ProgrammeRegistry

    rows = _programme_rows()
    first = min(rows, key=lambda row: int(row["order"]))
    # A curator adds a programme with the same order as the first one and leaves the short labels empty.
    added = {**PROGRAMME, "id": "aaa_" + first["id"], "order": first["order"], "label_de": "", "label_en": ""}
    registry = ProgrammeRegistry.from_frame(pd.DataFrame([*rows, added]))
    assert registry.ids[:2] == [added["id"], first["id"]]
    programme = registry.get(added["id"])
    assert (programme.label_de, programme.label_en) == (PROGRAMME["name_de"], PROGRAMME["name_en"])
    assert registry.get(first["id"]).label_de == first["label_de"]
