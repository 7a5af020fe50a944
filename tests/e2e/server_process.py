"""`ruhrkarte serve` as a real process on a free loopback port, stopped by the test that started it."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

from tests.cli_helpers import ruhrkarte_executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(self, env: dict[str, str] | None = None, args: tuple[str, ...] = ()):
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.args = args
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.status, response.read()

    def __enter__(self) -> "ServerProcess":
        self.process = subprocess.Popen([ruhrkarte_executable(), "serve", "--port", str(self.port), *self.args],
                                        env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server ended at start: {self.process.stderr.read().decode()}")
            try:
                self.get("/conformance", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start within 90 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
