"""Nothing lost: a real `ruhrkarte serve` is killed with SIGKILL during a burst of API writes from
several clients; after a restart on the same state folder every acknowledged (2xx) change is there
and the store is valid."""
from __future__ import annotations

import signal
import sqlite3
import threading

import httpx

from geo.settings import COMMITTED_DATA
from store import open_store
from tests.cli_helpers import run_cli
from tests.e2e.server_process import ServerProcess
from tests.store.helpers import BOCHUM, BOCHUM_POINT, DORTMUND, DORTMUND_POINT, SOURCE

ACKNOWLEDGED_BEFORE_KILL = 12
CLIENTS = (("do", DORTMUND, DORTMUND_POINT), ("bo", BOCHUM, BOCHUM_POINT), ("do2", DORTMUND, DORTMUND_POINT))


def _feature(key: str, ags: str, point: tuple[str, str]) -> dict:
    lat, lon = point
    return {"type": "Feature", "id": key, "reason": "Absturztest",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {"programme": "talentkolleg", "name": f"Standort {key}", "communes": ags,
                           "address": "Musterstraße 1", "precision": "landmark", "status": "active", "year": "2025",
                           "source": SOURCE}}


def test_acknowledged_api_writes_survive_kill_9(tmp_path, repo):
    region, geocoder = repo.region, repo.geocoder
    state = tmp_path / "state"
    env = {"RUHRKARTE_STATE_DIR": str(state)}
    created = run_cli("users", "add", "kim", "--role", "curator", env=env)
    assert created.returncode == 0, created.stderr
    headers = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    killed = threading.Event()

    with ServerProcess(env=env) as server:
        def burst(prefix: str, ags: str, point: tuple[str, str]) -> None:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                for n in range(1000):
                    if stop.is_set():
                        return
                    key = f"crash-{prefix}-{n}"
                    try:
                        response = client.post("/collections/sites/items", json=_feature(key, ags, point), headers=headers)
                    except httpx.HTTPError:
                        return   # the server is gone
                    assert response.status_code == 201 or killed.is_set(), response.text
                    if response.status_code == 201:
                        with lock:
                            acknowledged.append(key)
                            if len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL and not killed.is_set():
                                killed.set()
                                server.process.send_signal(signal.SIGKILL)  # other writes are in flight
                                server.process.wait()

        threads = [threading.Thread(target=burst, args=client) for client in CLIENTS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        stop.set()
        assert killed.is_set() and server.process.returncode == -signal.SIGKILL, server.output()

    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL
    database = state / "ruhrkarte.sqlite"
    check = sqlite3.connect(database)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    with ServerProcess(env=env) as again:
        for key in acknowledged:
            status, _ = again.get(f"/collections/sites/items/{key}")
            assert status == 200, key
    exported = run_cli("data", "export", "--out", str(tmp_path / "export"), env=env)
    assert exported.returncode == 0, exported.stderr
    sites = (tmp_path / "export" / "sites.csv").read_text(encoding="utf-8")
    assert all(f"\n{key}," in sites for key in acknowledged)
    store = open_store(f"sqlite:///{database}", COMMITTED_DATA, region, geocoder)
    try:  # the published state passes the loader's strict checks: nothing half-written
        data = store.published_dataset().programme_data(region, geocoder)
        assert set(acknowledged) <= set(data.sites["id"])
        for key in acknowledged:
            assert [r.action for r in store.history("sites", key)] == ["create"]
    finally:
        store.close()
