"""tipg (FastAPI + asyncpg OGC API - Features server on PostGIS) as a peer in bench/api.py.

A throw-away PostGIS cluster (tests/store/pg_cluster.py) gets the same communes GeoJSON that
Ruhrkarte and pygeoapi serve, and the published sites of a Ruhrkarte store seeded from the same
committed edition; tipg runs from its own virtual environment (its FastAPI pin differs from
ours), one uvicorn process like the others:
    python -m venv .venv-tipg && .venv-tipg/bin/pip install tipg uvicorn      (make bench does this)
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from geo.boundaries import load_region
from geo.geocoder import Geocoder
from geo.settings import data_dir
from store import open_store
from tests.store.pg_cluster import Cluster

TIPG_PYTHON = Path(os.environ.get("TIPG_PYTHON", Path(__file__).resolve().parents[1] / ".venv-tipg/bin/python"))
DATABASE = "bench"


def load_communes(cluster: Cluster) -> None:
    """The communes GeoJSON as a PostGIS table with the AGS as primary key (tipg's feature id)."""
    import psycopg

    features = json.loads((data_dir() / "boundaries" / "communes.geojson").read_text(encoding="utf-8"))["features"]
    with psycopg.connect(host=str(cluster.root), port=cluster.tcp_port, user="postgres", dbname=DATABASE,
                         autocommit=True) as connection:
        connection.execute("CREATE TABLE communes (ags text PRIMARY KEY, name text, kind text, district_code text, "
                           "district_name text, kreisfrei boolean, geom geometry(Geometry, 4326))")
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO communes VALUES (%s, %s, %s, %s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))",
                [(f["properties"]["ags"], f["properties"]["name"], f["properties"]["kind"],
                  f["properties"]["district_code"], f["properties"]["district_name"], f["properties"]["kreisfrei"],
                  json.dumps(f["geometry"])) for f in features])
        connection.execute("CREATE INDEX ON communes USING gist (geom)")


@contextmanager
def tipg(server, free_port):
    """Yields tipg's base URL; `server` and `free_port` are bench/api.py's process helpers."""
    if not TIPG_PYTHON.exists():
        raise SystemExit(f"tipg is not installed at {TIPG_PYTHON}: python -m venv .venv-tipg && "
                         ".venv-tipg/bin/pip install tipg uvicorn (or set TIPG_PYTHON)")
    cluster = Cluster(tcp_port=free_port())
    cluster.start()
    try:
        cluster.sql(f"CREATE DATABASE {DATABASE}")
        cluster.sql("CREATE EXTENSION postgis", database=DATABASE)
        region = load_region(data_dir())
        open_store(cluster.url(DATABASE), data_dir(), region, Geocoder(region.communes)).close()
        load_communes(cluster)
        port = free_port()
        env = {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{cluster.tcp_port}/{DATABASE}",
               "TIPG_DB_SCHEMAS": '["public"]', "TIPG_MAX_FEATURES_PER_QUERY": "1000"}
        with server([str(TIPG_PYTHON), "-m", "uvicorn", "tipg.main:app", "--host", "127.0.0.1", "--port", str(port),
                     "--log-level", "warning"], f"http://127.0.0.1:{port}/collections/public.communes", env):
            yield f"http://127.0.0.1:{port}"
    finally:
        cluster.stop()


if __name__ == "__main__":  # a quick look: python -m bench.tipg_peer
    import httpx

    from bench.api import free_port as port_of, server as run

    with tipg(run, port_of) as base:
        print(httpx.get(base + "/collections").json()["collections"][0]["id"], file=sys.stderr)
        print(httpx.get(base + "/collections/public.communes/items?limit=10").status_code)
