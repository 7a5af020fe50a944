"""An app on a temporary SQLite store with a curator's and a Dortmund editor's API token."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from service.app import create_app
from service.live import open_settings_store
from service.settings import load_settings
from store.store import Store
from tests.store.helpers import DORTMUND, DORTMUND_POINT, SOURCE


@dataclass
class Api:
    client: TestClient
    store: Store
    curator: dict[str, str]   # request headers carrying the token
    editor: dict[str, str]    # a Dortmund editor

    def item(self, collection: str, key: str, headers: dict[str, str] | None = None):
        """The feature as a writing client reads it: with a token, so always the store's current
        state, whichever worker answers (pass `headers={}` to read as the public)."""
        return self.client.get(f"/collections/{collection}/items/{key}",
                               headers=self.curator if headers is None else headers)

    def etag(self, collection: str, key: str) -> str:
        return self.item(collection, key).headers["etag"]

    def settle(self) -> None:
        """Let this worker serve the store's current state to everyone: any request with credentials
        catches it up (the background follower does the same within moments in a served app)."""
        assert self.client.get("/collections", headers=self.curator).status_code == 200


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def open_api(repo, folder, **settings) -> tuple[TestClient, Store]:
    config = load_settings(state_dir=folder, follow_interval_s=0.05, **settings)
    store = open_settings_store(config, repo)
    return TestClient(create_app(repo, config, store), base_url="http://127.0.0.1"), store


def site_feature(key: str, point: tuple[str, str] = DORTMUND_POINT, reason: str = "neu eröffnet", **properties) -> dict:
    lat, lon = point
    return {"type": "Feature", "id": key, "reason": reason,
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {"programme": "talentkolleg", "name": "Neuer Standort", "communes": DORTMUND,
                           "address": "Musterstraße 1", "precision": "landmark", "identification": "", "level": "",
                           "status": "active", "year": "2025", "source": SOURCE, "coordinate_source": "", **properties}}
