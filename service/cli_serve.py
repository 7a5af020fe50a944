"""`ruhrkarte serve`: validate the settings and the data, open (create, migrate, seed) the store,
then run the API with uvicorn."""
from __future__ import annotations

import argparse
import os
import tempfile

from sqlalchemy.engine import make_url

from service.app import create_app
from service.live import open_settings_store
from service.server import run_server
from service.settings import load_settings


def serve(repo, args: argparse.Namespace) -> int:
    """The data was loaded and validated before this runs: a data error never starts a server.

    The store is opened here once, before any worker starts, so that creating, migrating and seeding
    a new database never races between workers."""
    settings = load_settings(host=args.host, port=args.port, workers=args.workers)
    store = open_settings_store(settings, repo)
    shown = make_url(str(store.engine.url)).render_as_string(hide_password=True)
    print(f"Ruhrkarte on http://{settings.host}:{settings.port}/ (database {shown}, data version "
          f"{store.data_version()})", flush=True)
    if settings.workers > 1:
        store.close()
        # Each worker process reads the same settings from the environment, loads the data and follows
        # the store itself; the workers' metrics meet in one folder so /metrics counts for all of them.
        with tempfile.TemporaryDirectory(prefix="ruhrkarte-metrics-") as folder:
            os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", folder)
            run_server("service.app:app_factory", settings, factory=True)
    else:
        run_server(create_app(repo, settings, store), settings)
    return 0
