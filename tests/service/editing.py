"""The editing pages on a temporary SQLite store: accounts with passwords, signing in through the
form as a browser would, and reading the CSRF token and the form version out of a page."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html import unescape
from pathlib import Path

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

    def client(self, address: str = "192.0.2.1", base_url: str = "http://127.0.0.1") -> TestClient:
        """A new browser at a client address: its own cookie jar."""
        return TestClient(self.app, base_url=base_url, follow_redirects=False, client=(address, 50000))


def seeded_folder(repo, folder: Path) -> Path:
    """A state folder with a seeded SQLite store and the accounts (Argon2id is slow: done once per module)."""
    store = open_settings_store(load_settings(state_dir=folder), repo)
    for name, (role, communes) in ACCOUNTS.items():
        store.add_account(name, role, communes)
        store.set_password(name, PASSWORD)
    store.close()
    return folder


def open_editing(repo, template: Path, folder: Path, **settings) -> Editing:
    """The app on a copy of the template's store (the follower polls rarely: only catch_up makes a change visible)."""
    shutil.copytree(template, folder, dirs_exist_ok=True)
    config = load_settings(state_dir=folder, follow_interval_s=60, **settings)
    store = open_settings_store(config, repo)
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
    assert sign_in(client, name).status_code == 303
    return client


def csrf(client: TestClient) -> str:
    return hidden_value(client.get("/bearbeiten").text, "csrf")
