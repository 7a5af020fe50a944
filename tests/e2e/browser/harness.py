"""The real server on loopback and Debian's Chromium: shared by the browser tests and bench/pages.py."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn

from geo.repository import load_repository
from service.app import create_app
from service.live import open_settings_store
from service.settings import load_settings

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Debian's chromium is not installed; `make test` installs it (apt-get install chromium)")
    return path


class LiveServer:
    """uvicorn in a thread on a free loopback port, around data loaded from data_dir; with a
    state_dir, on the living data of a store there (SQLite, created and seeded on first use)."""

    def __init__(self, data_dir: Path | None = None, state_dir: Path | None = None, settings=None):
        """settings: e.g. a tile URL for the background-map test; state_dir: the living data."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        repo = load_repository(data_dir)
        self.store = None
        if state_dir is None:
            app = create_app(repo, settings)
        else:
            settings = settings or load_settings(state_dir=state_dir, follow_interval_s=0.2)
            self.store = open_settings_store(settings, repo)
            app = create_app(repo, settings, self.store)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        if self.store is not None:
            self.store.close()


def sign_in(page, server: LiveServer, name: str = "dora", password: str = "") -> None:
    """Sign in through /anmelden as a person would (the accounts of tests/service/editing.py)."""
    from tests.service.editing import PASSWORD

    page.goto(server.url + "/anmelden")
    page.fill("#name", name)
    page.fill("#passwort", password or PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(server.url + "/bearbeiten")
