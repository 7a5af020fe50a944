"""PostgreSQL restarted under a running service (store/engine.py make_engine): the next request after
the restart is served, not answered with the dead pooled connection's error. PostgreSQL only."""
from __future__ import annotations

from store.engine import make_engine
from tests.store.conftest import new_pg_database
from tests.store.pg_cluster import PG_BIN


def test_a_request_after_a_postgresql_restart_gets_a_fresh_connection(pg_cluster):
    engine = make_engine(pg_cluster.url(new_pg_database(pg_cluster)))
    try:
        with engine.connect() as connection:  # the pool now keeps this connection
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
        pg_cluster._run(str(PG_BIN / "pg_ctl"), "-D", str(pg_cluster.data), "-l", str(pg_cluster.root / "server.log"),
                        "-m", "fast", "-w", "restart")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT 2").scalar() == 2
    finally:
        engine.dispose()
