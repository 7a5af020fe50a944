"""The write API on PostgreSQL/PostGIS (a throw-away cluster, as the store contract uses): publish,
propose and approve, and two curators racing with one ETag, where the database really runs them at once."""
from __future__ import annotations

import threading

import pytest

from tests.service.edit_helpers import Api, bearer, open_api, site_feature
from tests.store.helpers import BOCHUM, DORTMUND, a_site
from tests.store.pg_cluster import Cluster, ClusterUnavailable


@pytest.fixture(scope="module")
def cluster():
    try:
        started = Cluster()
        started.start()
    except ClusterUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    yield started
    started.stop()


@pytest.fixture
def api(repo, tmp_path, cluster, request):
    name = f"api_{request.node.name[:40].lower().replace('[', '_').replace(']', '')}"
    cluster.sql(f"CREATE DATABASE {name}")
    cluster.sql("CREATE EXTENSION IF NOT EXISTS postgis", database=name)
    client, store = open_api(repo, tmp_path, database_url=cluster.url(name))
    with client:
        yield Api(client, store, bearer(store.add_account("kurt", "curator")),
                  bearer(store.add_account("dora", "editor", [DORTMUND])))
    store.close()


def test_publish_propose_approve_on_postgresql(api):
    assert api.store.backend == "postgresql"
    created = api.client.post("/collections/sites/items", json=site_feature("pg-neu"), headers=api.curator)
    assert created.status_code == 201 and api.item("sites", "pg-neu").headers["etag"] == created.headers["etag"]
    proposed = api.client.patch("/collections/sites/items/pg-neu", json={"properties": {"name": "Von Dora"}, "reason": "r"},
                                headers={**api.editor, "If-Match": created.headers["etag"]})
    assert proposed.status_code == 202
    approved = api.client.post(f"/changes/{proposed.json()['change']}/approve", headers=api.curator)
    assert approved.status_code == 200 and api.item("sites", "pg-neu").json()["properties"]["name"] == "Von Dora"


def test_two_curators_with_one_etag_on_postgresql(api):
    key = a_site(api.store, BOCHUM)
    second = bearer(api.store.add_account("karla", "curator"))
    etag = api.etag("sites", key)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def write(headers: dict, name: str) -> None:
        barrier.wait()
        statuses.append(api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": name}, "reason": "r"},
                                         headers={**headers, "If-Match": etag}).status_code)

    threads = [threading.Thread(target=write, args=args) for args in ((api.curator, "A"), (second, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 412]
