"""`ruhrkarte serve`: validate the settings and the data, then run the API with uvicorn."""
from __future__ import annotations

import argparse
import os
import tempfile

from service.app import create_app
from service.server import run_server
from service.settings import load_settings


def serve(repo, args: argparse.Namespace) -> int:
    """The data was loaded and validated before this runs: a data error never starts a server."""
    settings = load_settings(host=args.host, port=args.port, workers=args.workers)
    print(f"Ruhrkarte on http://{settings.host}:{settings.port}/ (data version {repo.version})", flush=True)
    if settings.workers > 1:
        # Each worker process reads the same settings from the environment and loads the data itself;
        # the workers' metrics meet in one folder so /metrics counts for all of them.
        with tempfile.TemporaryDirectory(prefix="ruhrkarte-metrics-") as folder:
            os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", folder)
            run_server("service.app:app_factory", settings, factory=True)
    else:
        run_server(create_app(repo, settings), settings)
    return 0
