"""`ruhrkarte serve` as a real process on a free loopback port, stopped by the test that started it."""
from __future__ import annotations

import os
import socket
import subprocess
import tempfile
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
        # Its own embedded database unless the test names one: never the checkout's state/ folder.
        self.state = None
        if "RUHRKARTE_STATE_DIR" not in self.env and "RUHRKARTE_DATABASE_URL" not in self.env:
            self.state = tempfile.TemporaryDirectory(prefix="ruhrkarte-state-")
            self.env["RUHRKARTE_STATE_DIR"] = self.state.name
        self.args = args
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.status, response.read()

    def __enter__(self) -> "ServerProcess":
        # A file, not a pipe: a pipe nobody reads fills up and blocks the server's logging.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([ruhrkarte_executable(), "serve", "--port", str(self.port), *self.args],
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 240  # two workers loading the data on a busy 2-core machine take minutes
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server ended at start: {self.output()}")
            try:
                self.get("/conformance", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        output = self.output()
        self.__exit__()  # never leave a half-started server behind
        raise RuntimeError(f"server did not start within 240 s: {output[-2000:]}")

    def output(self) -> str:
        """Everything the server printed so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        if self.state is not None:
            self.state.cleanup()
