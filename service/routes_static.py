"""Static files: our own script and styles, and exactly the vendor files the pages load."""
from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from maps.assets import OWN_STATIC, vendor_files


class AllowListedFiles(StaticFiles):
    """StaticFiles (conditional GET, ranges, one ETag) over an explicit list; anything else is a 404."""

    def __init__(self, files: dict[str, Path]):
        super().__init__(directory=None, check_dir=False)
        self.files = files

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        found = self.files.get(path.replace(os.sep, "/"))
        return (str(found), os.stat(found)) if found is not None else ("", None)


def install_static(app: FastAPI, node_modules: Path) -> None:
    app.mount("/static/vendor", AllowListedFiles(vendor_files(node_modules)), name="vendor")
    app.mount("/static/app", StaticFiles(directory=OWN_STATIC), name="app-static")
