"""Point folium's script and style lists at copies Ruhrkarte serves itself (no CDN, no network).

The libraries come from the npm registry at install time (package.json, `make`); the service
serves them under a base URL, and `ruhrkarte maps build` copies them next to the pages.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from branca.element import Element

from geo.errors import SetupError

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
# vendor sub-folder -> (folder inside node_modules, the only files pages load from it). Nothing
# else of the npm packages is served or copied: no stock demo pages, package.json or source maps.
VENDOR_FILES = {
    "leaflet": ("leaflet/dist", ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                                 "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")),
    "markercluster": ("leaflet.markercluster/dist", ("leaflet.markercluster.js", "MarkerCluster.css",
                                                     "MarkerCluster.Default.css")),
    "swagger-ui": ("swagger-ui-dist", ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")),
}
OWN_STATIC = Path(__file__).parent / "static"


def vendor_files(node_modules: Path) -> dict[str, Path]:
    """'leaflet/leaflet.js' -> installed file, for every vendor file a page loads; SetupError when npm has not run."""
    files = {f"{name}/{file}": node_modules / folder / file
             for name, (folder, names) in VENDOR_FILES.items() for file in names}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise SetupError(f"map libraries not installed ({missing[0]}, …); run `npm ci` (make does)")
    return files


def localize(element: Element, vendor_base: str) -> None:
    """Replace every CDN asset in the tree by its local URL; an unknown asset is an error, not a leak."""
    for attribute in ("default_js", "default_css"):
        assets = getattr(element, attribute, None)
        if not assets:
            continue
        local = []
        for name, url in assets:
            if name not in LOCAL:
                raise SetupError(f"folium asset {name!r} ({url}) has no local copy")
            if LOCAL[name]:
                local.append((name, f"{vendor_base}/{LOCAL[name]}"))
        setattr(element, attribute, local)
    for child in element._children.values():
        localize(child, vendor_base)


def copy_assets(target: Path, node_modules: Path) -> None:
    """Copy the vendor files and our own script into target/ for a static publication."""
    for relative, source in vendor_files(node_modules).items():
        destination = target / "vendor" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    shutil.copytree(OWN_STATIC, target / "static", dirs_exist_ok=True)
