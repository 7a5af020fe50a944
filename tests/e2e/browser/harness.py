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

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Debian's chromium is not installed; `make test` installs it (apt-get install chromium)")
    return path


class LiveServer:
    """uvicorn in a thread on a free loopback port, around data loaded from data_dir."""

    def __init__(self, data_dir: Path | None = None, settings=None):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        app = create_app(load_repository(data_dir), settings)
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
