"""Point folium's script and style lists at copies Ruhrkarte serves itself (no CDN, no network).

The libraries come from the npm registry at install time (package.json, `make`); the service
serves them under a base URL, and `ruhrkarte maps build` copies them next to the pages.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from branca.element import Element

from geo.settings import PACKAGE_ROOT
from geo.errors import DataError

# folium asset name -> path below the vendor base (None: not used by our pages, dropped)
LOCAL = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
    "jquery": None, "bootstrap": None, "awesome_markers": None, "bootstrap_css": None, "glyphicons_css": None,
    "awesome_markers_font_css": None, "awesome_markers_css": None, "awesome_rotate_css": None,
}
# vendor sub-folder -> folder inside node_modules
VENDOR_FOLDERS = {"leaflet": "leaflet/dist", "markercluster": "leaflet.markercluster/dist"}
OWN_STATIC = Path(__file__).parent / "static"


def node_modules() -> Path:
    """RUHRKARTE_NODE_MODULES, or node_modules/ beside the packages (filled by `npm ci`)."""
    return Path(os.environ.get("RUHRKARTE_NODE_MODULES", PACKAGE_ROOT / "node_modules"))


def vendor_folders() -> dict[str, Path]:
    """Vendor sub-folder -> installed folder; DataError naming the fix when npm has not run."""
    folders = {name: node_modules() / path for name, path in VENDOR_FOLDERS.items()}
    missing = [str(p) for p in folders.values() if not p.is_dir()]
    if missing:
        raise DataError(f"map libraries not installed ({', '.join(missing)}); run `npm ci` (make does)")
    return folders


def localize(element: Element, vendor_base: str) -> None:
    """Replace every CDN asset in the tree by its local URL; an unknown asset is an error, not a leak."""
    for attribute in ("default_js", "default_css"):
        assets = getattr(element, attribute, None)
        if not assets:
            continue
        local = []
        for name, url in assets:
            if name not in LOCAL:
                raise DataError(f"folium asset {name!r} ({url}) has no local copy")
            if LOCAL[name]:
                local.append((name, f"{vendor_base}/{LOCAL[name]}"))
        setattr(element, attribute, local)
    for child in element._children.values():
        localize(child, vendor_base)


def copy_assets(target: Path) -> None:
    """Copy the vendor libraries and our own script into target/ for a static publication."""
    for name, folder in vendor_folders().items():
        shutil.copytree(folder, target / "vendor" / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.map", "*-src.js", "*.esm.js"))
    shutil.copytree(OWN_STATIC, target / "static", dirs_exist_ok=True)
