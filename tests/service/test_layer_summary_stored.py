"""A layer's summary comes from the sums made at upload (layer_summaries), and is the same as the one
summed from its features, which layers stored before the sums were kept still get."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, update

from store.schema import layer_data, layer_summaries
from tests.service.edit_helpers import bearer, open_api
from tests.store.helpers import DORTMUND

POINTS = ("massnahmen.csv", "Maßnahme;Breite;Länge;Betrag\nSpielplatz;51,4818;7,2162;1.250,50\n"
                            "Radweg;51,5141;7,4668;300\nLeer;51,45;7,01;\nParis;48,8566;2,3522;1\n".encode())


def _geojson(kind: str) -> bytes:
    """Test shapes, not data: one across the Bochum/Dortmund border, one in Essen; numbers, an empty
    number and a yes/no column (which counts as a number column of a stored layer)."""
    shapes = [[(7.30, 51.49), (7.36, 51.49), (7.36, 51.52), (7.30, 51.52), (7.30, 51.49)],
              [(7.00, 51.44), (7.02, 51.44), (7.02, 51.46), (7.00, 51.46), (7.00, 51.44)]]
    geometry = (lambda ring: {"type": "Polygon", "coordinates": [ring]}) if kind == "Polygon" else \
        (lambda ring: {"type": "LineString", "coordinates": ring[:3]})
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"euro": euro, "gefoerdert": funded, "name": f"Gebiet {n}"},
         "geometry": geometry(ring)}
        for n, (ring, euro, funded) in enumerate(zip(shapes, [1000.5, None], [True, False]))]}).encode()


@pytest.fixture
def api(repo, tmp_path):
    client, store = open_api(repo, tmp_path)
    with client:
        yield client, store, bearer(store.add_account("paula", "editor", [DORTMUND]))
    store.close()


def _answers(client, headers, layer: int) -> tuple:
    summary = client.get(f"/layers/{layer}/summary", headers=headers)
    table = client.get(f"/layers/{layer}/summary", headers=headers, params={"f": "csv"})
    classed = client.get(f"/layers/{layer}/choropleth", headers=headers, params={"level": "kreise"})
    assert summary.status_code == table.status_code == classed.status_code == 200, summary.text
    body = summary.json()
    del body["layer"]
    return body, table.text, {k: v for k, v in classed.json().items() if k != "layer"}


@pytest.mark.parametrize("name, content", [POINTS, ("gebiete.geojson", _geojson("Polygon")),
                                           ("wege.geojson", _geojson("LineString"))])
def test_the_stored_sums_answer_as_the_features_would(api, name, content):
    client, store, paula = api
    kept, older = (client.post("/layers", headers=paula, files={"file": (name, content)},
                               data={"title": "Ebene"}).json()["id"] for _ in range(2))
    with store.engine.begin() as connection:  # `older` as stored before the sums were kept
        assert connection.execute(delete(layer_summaries).where(layer_summaries.c.layer_id == older)).rowcount == 1
    stored = _answers(client, paula, kept)
    assert stored == _answers(client, paula, older)
    assert [u["code"] for u in stored[0]["units"]][-1] == "ruhr" and stored[0]["numeric"]
    with store.engine.begin() as connection:  # the summary does not even read the features
        connection.execute(update(layer_data).where(layer_data.c.layer_id == kept).values(features=b"broken"))
    assert _answers(client, paula, kept) == stored
