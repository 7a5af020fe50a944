"""The store contract runs against both backends: SQLite files and a throw-away PostgreSQL cluster.

Each test gets its own database copied from a seeded template (a file copy for SQLite,
CREATE DATABASE … TEMPLATE for PostgreSQL), so seeding runs once per backend and session.
"""
from __future__ import annotations

import itertools
import signal
import shutil
from pathlib import Path

import pytest

from geo.boundaries import load_region
from geo.geocoder import Geocoder
from geo.settings import COMMITTED_DATA
from store import open_store
from store.store import Store
from tests.store.pg_cluster import Cluster, ClusterUnavailable

BACKENDS = ["sqlite", "postgresql"]
_numbers = itertools.count()


@pytest.fixture(scope="session")
def region():
    return load_region(COMMITTED_DATA)


@pytest.fixture(scope="session")
def geocoder(region):
    return Geocoder(region.communes)


@pytest.fixture(scope="session")
def pg_cluster():
    """Started once; stopped and removed at the end even when tests fail. Never skipped: a missing
    PostgreSQL fails the PostgreSQL half with the install command."""
    cluster, problem = None, ""
    try:
        cluster = Cluster()
        cluster.start()
    except ClusterUnavailable as error:
        problem = str(error)
    if problem:
        if cluster is not None:
            cluster.stop()
        pytest.fail(problem, pytrace=False)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a terminated test run still stops the cluster
    try:
        yield cluster
    finally:
        signal.signal(signal.SIGTERM, previous)
        cluster.stop()


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt("terminated")


def new_pg_database(cluster: Cluster, template: str | None = None) -> str:
    name = f"rk_{next(_numbers)}"
    cluster.sql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    if template is None:
        cluster.sql("CREATE EXTENSION IF NOT EXISTS postgis", database=name)
    return name


@pytest.fixture(scope="session")
def pg_template(pg_cluster, region, geocoder) -> str:
    name = new_pg_database(pg_cluster)
    open_store(pg_cluster.url(name), COMMITTED_DATA, region, geocoder).close()
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, region, geocoder) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite"
    open_store(f"sqlite:///{path}", COMMITTED_DATA, region, geocoder).close()
    return path


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path) -> str:
    """The URL of an empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.url(new_pg_database(cluster))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path, region, geocoder) -> Store:
    """A seeded store of each backend, private to the test."""
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.url(new_pg_database(cluster, request.getfixturevalue("pg_template")))
    opened = open_store(url, COMMITTED_DATA, region, geocoder)
    yield opened
    opened.close()
