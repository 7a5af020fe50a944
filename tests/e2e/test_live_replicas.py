"""Real `ruhrkarte serve` processes follow the living data (issues 11 and 13): every worker of a
`--workers 2` server on SQLite, and two servers over one PostgreSQL database, serve a published
change without a restart.

Which worker answered is read from /metrics: with several workers every live worker process reports
the data version it serves (`ruhrkarte_data_version{pid="…"}`), so "both workers serve the new
state" is checked per process, not by chance of which one took a request.
"""
from __future__ import annotations

import csv
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from geo.boundaries import load_region
from geo.geocoder import Geocoder
from geo.settings import COMMITTED_DATA
from store import open_store
from tests.cli_helpers import run_cli
from tests.e2e.server_process import ServerProcess
from tests.store.conftest import new_pg_database, pg_cluster  # noqa: F401  (the throw-away cluster fixture)
from tests.store.helpers import DORTMUND, a_site, changed

# The goal, a change served everywhere within 2 s, is a benchmark figure (bench/edit.py,
# visible_p99_ms), not a timed test: on a 2-core machine shared with other jobs a read-model rebuild
# alone has taken 4-5 s. This bound only tells a server that follows from one that never does.
VISIBLE_WITHIN_S = 30.0
PUBLIC_HOST = "localhost"  # what a load balancer in front of several replicas passes on


def _get(server: ServerProcess, path: str) -> tuple[int, dict[str, str], bytes]:
    """A fresh connection each time, so the kernel hands requests to either worker."""
    request = urllib.request.Request(server.url + path, headers={"Host": PUBLIC_HOST})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _worker_versions(server: ServerProcess) -> dict[str, int]:
    """pid -> the store data version that worker serves."""
    _status, _headers, body = _get(server, "/metrics")
    versions = {}
    for line in body.decode().splitlines():
        if line.startswith('ruhrkarte_data_version{pid="'):
            pid = line.split('"')[1]
            versions[pid] = int(float(line.rsplit(" ", 1)[1]))
    return versions


def _name(server: ServerProcess, key: str) -> str:
    return json.loads(_get(server, f"/collections/sites/items/{key}")[2])["properties"]["name"]


def _within(check, seconds: float = VISIBLE_WITHIN_S) -> bool:
    """True once `check()` holds; checked until `seconds` after the change."""
    deadline = time.monotonic() + seconds
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.fixture(scope="module")
def geodata():
    region = load_region(COMMITTED_DATA)
    return region, Geocoder(region.communes)


def _served_by_all(server: ServerProcess, key: str, name: str, version: int, workers: int) -> bool:
    versions = _worker_versions(server)
    return (len(versions) == workers and set(versions.values()) == {version}
            and all(_name(server, key) == name for _ in range(10)))


def test_both_workers_serve_a_change_from_the_store_and_from_the_cli(tmp_path, geodata):
    with ServerProcess(args=("--workers", "2")) as server:
        state = Path(server.env["RUHRKARTE_STATE_DIR"])
        assert _within(lambda: len(_worker_versions(server)) == 2, 60)  # both workers up
        store = open_store(f"sqlite:///{state / 'ruhrkarte.sqlite'}", COMMITTED_DATA, *geodata)
        key = a_site(store, DORTMUND)

        changed(store, key, name="Über die Store-API")
        assert _within(lambda: _served_by_all(server, key, "Über die Store-API", 2, workers=2))

        edition = tmp_path / "edition"
        env = {"RUHRKARTE_STATE_DIR": str(state)}
        assert run_cli("data", "export", "--out", str(edition), env=env).returncode == 0
        rows = list(csv.DictReader((edition / "sites.csv").open(encoding="utf-8", newline="")))
        for row in rows:
            if row["id"] == key:
                row["name"] = "Über den Import"
        with (edition / "sites.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        imported = run_cli("data", "import", str(edition), "--reason", "neue Ausgabe", env=env)
        assert imported.returncode == 0, imported.stderr
        assert _within(lambda: _served_by_all(server, key, "Über den Import", 3, workers=2))
        store.close()


# -- two replicas over one PostgreSQL database ----------------------------------------------------------

def put_over_http(replica: ServerProcess, token: str, key: str, name: str) -> None:
    """GET the feature, PUT it back renamed with If-Match and the curator's token (OGC API Part 4)."""
    status, headers, body = _get(replica, f"/collections/sites/items/{key}")
    feature = json.loads(body)
    feature["properties"]["name"] = name
    feature["reason"] = "Umbenannt"
    request = urllib.request.Request(
        f"{replica.url}/collections/sites/items/{key}", method="PUT", data=json.dumps(feature).encode(),
        headers={"Host": PUBLIC_HOST, "Content-Type": "application/geo+json", "If-Match": headers["etag"],
                 "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200


def publish_rename(replica: ServerProcess, store, token: str, key: str, name: str) -> None:
    """Publish a change through `replica`'s HTTP write API. (Through the store instead, as before
    the write API landed: `changed(store, key, name=name)`.)"""
    put_over_http(replica, token, key, name)


@pytest.fixture
def replicas(pg_cluster, geodata):  # noqa: F811
    url = pg_cluster.url(new_pg_database(pg_cluster))
    env = {"RUHRKARTE_DATABASE_URL": url}
    with ServerProcess(env=env) as first, ServerProcess(env=env) as second:
        store = open_store(url, COMMITTED_DATA, *geodata)
        yield first, second, store
        store.close()


def test_two_replicas_over_one_postgresql_database(replicas):
    first, second, store = replicas
    for replica in (first, second):
        status, _headers, body = _get(replica, "/readyz")
        assert status == 200 and json.loads(body)["database"] == json.loads(body)["served"] == 1
    path = "/collections/sites/items?limit=5"
    etags = [_get(replica, path)[1]["etag"] for replica in (first, second)]
    assert etags[0] == etags[1]

    key = a_site(store, DORTMUND)
    token = store.add_account("kuratorin", "curator")
    publish_rename(first, store, token, key, "Von Replik eins")
    assert _within(lambda: _name(second, key) == "Von Replik eins")
    assert _within(lambda: _name(first, key) == "Von Replik eins")
    after = [_get(replica, path)[1]["etag"] for replica in (first, second)]
    assert after[0] == after[1] != etags[0]
    assert all(json.loads(_get(replica, "/readyz")[2])["served"] == 2 for replica in (first, second))
