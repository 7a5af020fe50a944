"""Editing benchmark: 4 concurrent editors write to the living data while a real `ruhrkarte serve
--workers 2` serves it; how long a write takes, and how long until every worker serves it.

For each backend (a SQLite state folder; a throw-away PostgreSQL/PostGIS cluster as in the tests):
  1. start the server (2 workers) on an empty database: it creates and seeds it;
  2. create a curator account with the CLI (`ruhrkarte users add … --role curator`) and take its token;
  3. burst: 4 editor threads, each on its own site, read it once and PUT it back changed, again and
     again, each time with the version of their last write (If-Match: the ETag the PUT answered;
     the store API: the row read again), back to back: the write latency under contention (write_p*);
  4. paced: the same editors, each waiting after its write until every worker of the server
     serves the new data version (read from /metrics, which reports each worker's version), and
     the site answers with the new name: the visibility latency (visible_p*).

Writes go through the HTTP write API (OGC API - Features Part 4: GET the feature and its ETag with
the curator's bearer token, PUT it back with If-Match). A published write is answered once it is
committed; a GET with credentials is served the store's current state on any worker, so stale_412
counts the PUTs that still met an older ETag. `--via store` sends the same writes through the store API in this process
(authenticated with the same token): the write itself, without the rebuild.

    .venv/bin/python bench/edit.py [--writes 40] [--backend sqlite|postgresql|both] [--via http|store]
"""
from __future__ import annotations

import argparse
import gc
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.boundaries import load_region  # noqa: E402
from geo.geocoder import Geocoder  # noqa: E402
from geo.settings import COMMITTED_DATA  # noqa: E402
from store import Put, open_store  # noqa: E402
from store.store import Store  # noqa: E402

EDITORS = 4

# How often a paced editor asks whether its write is served everywhere: the visibility is measured
# to within this, and four editors asking every 10 ms (/metrics collects every worker's figures)
# were themselves most of the server's load while the writes were timed.
POLL_S = 0.05
STALE = [0]  # PUTs answered 412 because the GET before them reached a worker that had not caught up
SOURCE = "https://www.dortmund.de/familiengrundschulzentren"
RUHRKARTE = str(Path(sys.executable).parent / "ruhrkarte")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@contextmanager
def serving(env: dict[str, str]):
    """`ruhrkarte serve --workers 2` on a free port, ready (every worker up) when this yields."""
    port = free_port()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([RUHRKARTE, "serve", "--port", str(port), "--workers", "2"],
                               env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while len(worker_versions(base)) < 2:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise SystemExit(f"server did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def worker_versions(base: str) -> dict[str, int]:
    """pid -> data version served, for every live worker (empty while the server starts)."""
    try:
        _, body = get(base + "/metrics")
    except OSError:
        return {}
    return {line.split('"')[1]: int(float(line.rsplit(" ", 1)[1])) for line in body.decode().splitlines()
            if line.startswith('ruhrkarte_data_version{pid="')}


def served_everywhere(base: str, version: int) -> None:
    """Wait until every worker serves data version `version` (30 s at most)."""
    deadline = time.monotonic() + 30
    while True:
        versions = worker_versions(base)
        if len(versions) == 2 and min(versions.values()) >= version:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"data version {version} not served by every worker after 30 s: {versions}")
        time.sleep(POLL_S)


def curator_token(env: dict[str, str]) -> str:
    done = subprocess.run([RUHRKARTE, "users", "add", "bench-kuratorin", "--role", "curator"], env={**os.environ, **env},
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1]


class StoreEditor:
    """One editor writing through the store API in this process (--via store)."""

    def __init__(self, store: Store, token: str, key: str, base: str):
        self.store = store
        self.principal = store.authenticate(token)
        assert self.principal is not None and self.principal.role == "curator"
        self.key = key

    def read(self):
        return self.store.get("sites", self.key)

    def write(self, record, name: str) -> int:
        """PUT with the version read; returns the new data version."""
        result = self.store.apply(Put("sites", self.key, {**record.values, "name": name}, record.version,
                                      "Benchmark", SOURCE), self.principal)
        return result.data_version


class HttpEditor:
    """One editor writing through the HTTP write API of the server (--via http), as an editing client
    does: GET the feature once (with its token), then keep changing it with the ETag each PUT answers,
    on one kept-alive HTTP/1.1 connection (as a browser or QGIS keeps it), opened again if the server closed it."""

    def __init__(self, store: Store, token: str, key: str, base: str):
        self.key = key
        self.address = urllib.parse.urlsplit(base)
        self.path = f"/collections/sites/items/{key}"
        self.token = token
        self.connection: http.client.HTTPConnection | None = None
        self.kept: tuple[str, dict] | None = None  # the ETag and feature of this editor's last write

    def _request(self, method: str, body: bytes | None = None, headers: dict[str, str] | None = None):
        """The answer's status, headers and body; one retry on a fresh connection if the kept one was closed."""
        headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=60)
            try:
                self.connection.request(method, self.path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            if response.status >= 400:
                raise urllib.error.HTTPError(self.path, response.status, response.reason, response.headers, None)
            return response.headers, data

    def read(self) -> tuple[str, dict]:
        if self.kept is not None:
            return self.kept
        headers, data = self._request("GET")
        return headers["ETag"], json.loads(data)

    def forget(self) -> None:
        self.kept = None

    def write(self, record: tuple[str, dict], name: str) -> int:
        etag, feature = record
        feature = {**feature, "properties": {**feature["properties"], "name": name}, "reason": "Benchmark"}
        headers, data = self._request("PUT", json.dumps(feature).encode(), {
            "Content-Type": "application/geo+json", "If-Match": etag})
        self.kept = (headers["ETag"], feature)
        return json.loads(data)["dataVersion"]


def run_editors(editors: list, writes: int, base: str | None) -> tuple[list[float], list[float]]:
    """Each editor writes `writes` times; with `base`, it waits until every worker serves its write."""
    write_ms: list[float] = []
    visible_ms: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    stale = STALE

    def edit(editor, number: int) -> None:
        try:
            for i in range(writes):
                name = f"Benchmark {number}-{i}"
                while True:
                    record = editor.read()
                    began = time.perf_counter()
                    try:
                        version = editor.write(record, name)
                        break
                    except urllib.error.HTTPError as error:
                        # 412: the version was not the latest (counted: it should not happen, each
                        # editor owns its site); read again, as a client does.
                        if error.code != 412:
                            raise
                        getattr(editor, "forget", lambda: None)()
                        with lock:
                            stale[0] += 1
                        time.sleep(0.02)
                acknowledged = time.perf_counter()
                with lock:
                    write_ms.append((acknowledged - began) * 1000)
                if base is None:
                    continue
                while True:
                    versions = worker_versions(base)
                    if len(versions) == 2 and min(versions.values()) >= version:
                        _, body = get(f"{base}/collections/sites/items/{editor.key}")
                        if json.loads(body)["properties"]["name"] == name or min(versions.values()) > version:
                            break
                    if time.perf_counter() - acknowledged > 30:
                        raise RuntimeError(f"write {name} not visible after 30 s")
                    time.sleep(POLL_S)
                with lock:
                    visible_ms.append((time.perf_counter() - acknowledged) * 1000)
        except BaseException as error:  # noqa: BLE001  (reported after the threads end)
            failures.append(error)

    threads = [threading.Thread(target=edit, args=(editor, n)) for n, editor in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return write_ms, visible_ms


def bench(backend: str, url: str | None, env: dict[str, str], writes: int, via: str, region, geocoder) -> str:
    with serving(env) as base:
        token = curator_token(env)
        store = open_store(url or f"sqlite:///{Path(env['RUHRKARTE_STATE_DIR']) / 'ruhrkarte.sqlite'}",
                           COMMITTED_DATA, region, geocoder)
        frame = store.published_dataset().frames["sites.csv"]
        keys = list(frame[frame["precision"] != "commune"]["id"])[:EDITORS]
        editor = HttpEditor if via == "http" else StoreEditor
        editors = [editor(store, token, key, base) for key in keys]
        run_editors(editors, 3, None)  # warm-up: connections, caches
        served_everywhere(base, store.data_version())  # its rebuilds are done before the burst is timed
        # What start-up, seeding and an earlier backend left for the disk is written out now (on
        # PostgreSQL a CHECKPOINT first), not while the writes are timed (each write waits for the
        # disk: their wait would be counted here); and this process's own garbage collector must not
        # stop the editors' clocks (the boundaries, geocoder and store it holds are frozen out of its sight).
        if store.backend == "postgresql":  # PostgreSQL's own write-out of what seeding left (it is superuser here)
            with store.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("CHECKPOINT")
        os.sync()
        gc.collect()
        gc.freeze()
        STALE[0] = 0
        burst, _ = run_editors(editors, writes, None)
        paced_writes, visible = run_editors(editors, max(3, writes // 4), base)
        store.close()
    line = (f"RESULT backend={backend} write_p99_ms={percentile(burst, 0.99):.1f} "
            f"visible_p99_ms={percentile(visible, 0.99):.0f} write_p50_ms={statistics.median(burst):.1f} "
            f"visible_p50_ms={statistics.median(visible):.0f} paced_write_p99_ms={percentile(paced_writes, 0.99):.1f} "
            f"writes={len(burst)} visible_writes={len(visible)} editors={EDITORS} via={via} stale_412={STALE[0]}")
    print(line, flush=True)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=40, help="writes per editor in the burst")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--via", choices=("http", "store"), default="http", help="the write API or the store API")
    args = parser.parse_args()
    region = load_region(COMMITTED_DATA)
    geocoder = Geocoder(region.communes)
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="ruhrkarte-bench-state-") as state:
            bench("sqlite", None, {"RUHRKARTE_STATE_DIR": state}, args.writes, args.via, region, geocoder)
    if args.backend in ("postgresql", "both"):
        from tests.store.pg_cluster import Cluster  # the same throw-away cluster as the tests

        cluster = Cluster()
        try:
            cluster.start()
            # The test cluster runs without fsync; a benchmark of writes needs it on, as in production.
            cluster.sql("ALTER SYSTEM SET fsync = on")
            cluster.sql("SELECT pg_reload_conf()")
            cluster.sql("CREATE DATABASE bench")
            cluster.sql("CREATE EXTENSION IF NOT EXISTS postgis", database="bench")
            url = cluster.url("bench")
            with tempfile.TemporaryDirectory(prefix="ruhrkarte-bench-state-") as state:
                bench("postgresql", url, {"RUHRKARTE_DATABASE_URL": url, "RUHRKARTE_STATE_DIR": state},
                      args.writes, args.via, region, geocoder)
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
