"""A throw-away PostgreSQL 15 + PostGIS cluster in a temporary folder, run as the `postgres` user.

It listens only on a Unix socket inside that folder, so it never collides with another cluster
on the machine, and is stopped and removed whatever happens to the tests.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
INSTALL_HINT = ("PostgreSQL 15 with PostGIS is needed for the PostgreSQL half of the store contract: "
                "apt-get install -y postgresql postgresql-15-postgis-3 (make test installs them)")
PORT = 5432  # only names the socket file inside our own folder; no TCP listener is opened


class ClusterUnavailable(RuntimeError):
    pass


class Cluster:
    def __init__(self, tcp_port: int | None = None) -> None:
        """tcp_port: also listen on 127.0.0.1:tcp_port, for peers that cannot use a socket folder (bench/tipg_peer.py)."""
        self.tcp_port = tcp_port
        if not (PG_BIN / "initdb").exists() or not Path("/usr/share/postgresql/15/extension/postgis.control").exists():
            raise ClusterUnavailable(INSTALL_HINT)
        self.root = Path(tempfile.mkdtemp(prefix="rk-pg-"))
        self.data = self.root / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:  # initdb refuses to run as root: the cluster belongs to `postgres`
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterUnavailable(f"no 'postgres' system user; {INSTALL_HINT}") from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
        os.chmod(self.root, 0o755)
        self.started = False

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = (self.root / "server.log")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(f"{' '.join(command[:2])} failed: {result.stderr.strip()[-2000:]} {tail}")

    def start(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-N",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        listen = "127.0.0.1" if self.tcp_port else ""
        options = (f"-c listen_addresses='{listen}' -k {self.root} -p {self.tcp_port or PORT} -c fsync=off "
                   "-c max_connections=50")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "start")
        self.started = True

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.root}&port={self.tcp_port or PORT}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(host=str(self.root), port=self.tcp_port or PORT, user="postgres", dbname=database,
                             autocommit=True) as connection:
            connection.execute(statement)

    def stop(self) -> None:
        try:
            if self.started:
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
