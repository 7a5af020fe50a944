"""The editing pages on a temporary SQLite store: accounts with passwords, signing in through the
form as a browser would, and reading the CSRF token and the form version out of a page."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from fastapi.testclient import TestClient

from service.app import create_app
from service.live import open_settings_store
from service.settings import load_settings
from store.store import Store
from tests.store.helpers import BOCHUM, DORTMUND

PASSWORD = "ein langes Passwort 123"
ACCOUNTS = {"dora": ("editor", [DORTMUND]), "bodo": ("editor", [BOCHUM]), "kurt": ("curator", [])}


@dataclass
class Editing:
    store: Store
    app: object
    settings: object

    def client(self) -> TestClient:
        """A new browser: its own cookie jar."""
        return TestClient(self.app, base_url="http://127.0.0.1", follow_redirects=False)


def open_editing(repo, folder, **settings) -> Editing:
    config = load_settings(state_dir=folder, follow_interval_s=60, **settings)
    store = open_settings_store(config, repo)
    for name, (role, communes) in ACCOUNTS.items():
        store.add_account(name, role, communes)
        store.set_password(name, PASSWORD)
    return Editing(store, create_app(repo, config, store), config)


def hidden_value(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden field {name!r} in the page"
    return unescape(found.group(1))


def sign_in(client: TestClient, name: str, password: str = PASSWORD):
    form = client.get("/anmelden")
    return client.post("/anmelden", data={"csrf": hidden_value(form.text, "csrf"), "name": name, "passwort": password})


def signed_in(editing: Editing, name: str) -> TestClient:
    client = editing.client()
    client.__enter__()
    assert sign_in(client, name).status_code == 303
    return client


def csrf(client: TestClient) -> str:
    return hidden_value(client.get("/bearbeiten").text, "csrf")
