"""`ruhrkarte serve`: validate the data, then run the API with uvicorn."""
from __future__ import annotations

import argparse

import uvicorn

from service.app import create_app
from service.settings import Settings


def serve(repo, args: argparse.Namespace) -> int:
    """The data was loaded and validated before this runs: a data error never starts a server."""
    settings = Settings()
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    print(f"Ruhrkarte on http://{host}:{port}/ (data version {repo.version})")
    if workers > 1:
        uvicorn.run("service.app:app_factory", factory=True, host=host, port=port, workers=workers, log_level="warning")
    else:
        uvicorn.run(create_app(repo, settings), host=host, port=port, log_level="warning")
    return 0
