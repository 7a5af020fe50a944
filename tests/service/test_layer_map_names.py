"""`GET /layers/{id}/map` with a file whose columns are named like the map's own `kind` field: no column is
lost (the same rule as the OGC collection's, geo/user_layer.own_names)."""
from __future__ import annotations

from tests.service.edit_helpers import bearer, open_api
from tests.store.helpers import DORTMUND


def test_a_layer_with_kind_and_kind_upload_columns_shows_both_on_the_map(repo, tmp_path):
    # a layer exported from the map once (its 'kind' became 'kind_upload') and extended with a new 'kind'
    client, store = open_api(repo, tmp_path)
    with client:
        paula = bearer(store.add_account("paula", "editor", [DORTMUND]))
        rows = "name;lat;lon;kind;kind_upload\nSpielplatz;51.5178;7.4593;neu;alt\nKita;51.5100;7.4600;Bestand;alt\n"
        created = client.post("/layers", headers=paula, files={"file": ("punkte.csv", rows.encode(), "text/csv")},
                              data={"title": "Punkte"})
        assert created.status_code == 201, created.text
        view = client.get(f"/layers/{created.json()['id']}/map", headers=paula,
                          params={"bbox": "7.40,51.48,7.50,51.55", "zoom": 14})
        assert view.status_code == 200, view.text
        properties = [feature["properties"] for feature in view.json()["features"]]
    store.close()
    assert [p["kind"] for p in properties] == ["feature", "feature"]
    assert [(p["name"], p["kind_upload_2"], p["kind_upload"]) for p in properties] == [
        ("Spielplatz", "neu", "alt"), ("Kita", "Bestand", "alt")]
