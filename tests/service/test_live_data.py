"""The service on the living data: a change published in the store is served by a running app
within 2 seconds (pages, OGC items, ETags), without a restart, and an older state never comes back."""
from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.live import open_settings_store
from service.settings import load_settings
from tests.store.helpers import BOCHUM, CURATOR, DORTMUND, DORTMUND_EDITOR, SOURCE, a_site, changed

VISIBLE_WITHIN_S = 2.0


@pytest.fixture
def live(repo, tmp_path):
    settings = load_settings(state_dir=tmp_path, follow_interval_s=0.05)
    store = open_settings_store(settings, repo)
    with TestClient(create_app(repo, settings, store), base_url="http://127.0.0.1") as client:
        yield client, store
    store.close()


def _eventually(check, within_s: float = VISIBLE_WITHIN_S):
    deadline = time.monotonic() + within_s
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.02)


def test_a_new_store_serves_what_the_committed_edition_serves(live, client):
    """Seeded from data/programmes on first start: the same features as the snapshot of the files."""
    live_client, store = live
    assert store.data_version() == 1
    for path in ("/collections/sites/items", "/collections/places/items", "/collections/portfolio/items"):
        served = live_client.get(path, params={"limit": 1000}).json()
        snapshot = client.get(path, params={"limit": 1000}).json()
        assert served["features"] == snapshot["features"] and served["numberMatched"] > 0


def test_a_published_change_is_served_within_two_seconds(live):
    client, store = live
    key = a_site(store, DORTMUND)
    before = client.get(f"/collections/sites/items/{key}")
    changed(store, key, name="Umbenannt im Betrieb")
    renamed = _eventually(lambda: client.get(f"/collections/sites/items/{key}").json()["properties"]["name"]
                          == "Umbenannt im Betrieb")
    assert renamed
    after = client.get(f"/collections/sites/items/{key}")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Umbenannt im Betrieb" in client.get(f"/communes/{DORTMUND}").text


def test_a_proposal_is_not_served(live):
    client, store = live
    key = a_site(store, DORTMUND)
    name = client.get(f"/collections/sites/items/{key}").json()["properties"]["name"]
    record = store.get("sites", key)
    from store import Put
    result = store.apply(Put("sites", key, {**record.values, "name": "Nur vorgeschlagen"}, record.version,
                             "Vorschlag", SOURCE), DORTMUND_EDITOR)
    assert result.status == "proposed"
    time.sleep(0.3)
    assert client.get(f"/collections/sites/items/{key}").json()["properties"]["name"] == name


def test_a_deleted_site_disappears(live):
    client, store = live
    key = a_site(store, BOCHUM)
    from tests.store.helpers import delete
    delete(store, key, CURATOR)
    assert _eventually(lambda: client.get(f"/collections/sites/items/{key}").status_code == 404)
