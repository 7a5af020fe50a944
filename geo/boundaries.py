"""Load the committed Ruhr boundaries and commune figures, and refuse broken data loudly."""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio.errors
import shapely

from geo.boundary_build import COMMUNES_FILE, DISTRICTS_FILE, PROVENANCE_FILE
from geo.crs import UTM32N, WGS84
from geo.data_files import decode, numbers, parse_json, read_bytes, read_csv, read_json, sha256
from geo.errors import DataError
from geo.ruhr import COMMUNE_COUNT, DISTRICT_COUNT, TOTAL_AREA_KM2, TOTAL_AREA_TOLERANCE_KM2

COMMUNE_FIGURES_FILE = "communes.csv"
# Rounding to 6 decimals can leave slivers of a few square metres along shared borders.
MAX_OVERLAP_M2 = 1.0
COMMUNE_PROPERTIES = ["ags", "name", "kind", "district_code", "district_name", "kreisfrei"]
DISTRICT_PROPERTIES = ["district_code", "name", "kind", "kreisfrei"]
FIGURE_COLUMNS = ["ags", "name", "population", "population_date", "population_source", "area_km2", "area_source"]
POLYGON_TYPES = ("Polygon", "MultiPolygon")
PYOGRIO_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FeatureError,
                  pyogrio.errors.FieldError, pyogrio.errors.GeometryError, pyogrio.errors.CRSError)


@dataclass(frozen=True)
class Region:
    """The 53 communes and 15 districts, in EPSG:25832."""

    communes: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame

    # Asked by the check of every write (geo/programme_checks.py): taken from the frames once, not
    # once per write (a column of a GeoDataFrame costs more than the rule that reads it).
    @cached_property
    def commune_names(self) -> dict[str, str]:
        """AGS -> commune name."""
        return dict(zip(self.communes["ags"], self.communes["name"]))

    @cached_property
    def codes(self) -> frozenset[str]:
        """Every commune AGS and Kreis code: the places a row may name."""
        return frozenset(self.communes["ags"]) | frozenset(self.districts["district_code"])


def _check_features(path: Path, collection: object, properties: list[str]) -> None:
    """Every feature has its properties and a polygon: name the first one that does not."""
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise DataError(f"{path}: not a GeoJSON FeatureCollection (no 'features' list)")
    key = properties[0]
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        label = f"{path} feature {number}"
        if not isinstance(props, dict):
            raise DataError(f"{label}: no properties")
        if props.get(key) not in (None, ""):
            label += f" ({key} {props[key]})"
        missing = [name for name in properties if props.get(name) in (None, "")]
        if missing:
            raise DataError(f"{label}: missing properties {missing}")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in POLYGON_TYPES:
            kind = geometry.get("type") if isinstance(geometry, dict) else geometry
            raise DataError(f"{label}: geometry is {kind!r}, expected a Polygon or MultiPolygon")


def _read_layer(path: Path, properties: list[str]) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise DataError(f"{path}: boundary file missing (run `ruhrkarte data rebuild-boundaries`)")
    raw = read_bytes(path)
    _check_features(path, parse_json(path, decode(path, raw)), properties)
    try:
        frame = gpd.read_file(io.BytesIO(raw), engine="pyogrio")
    except PYOGRIO_ERRORS as error:
        raise DataError(f"{path}: not readable as GeoJSON ({error})") from None
    unreadable = np.flatnonzero(frame.geometry.isna().to_numpy() | frame.geometry.is_empty.to_numpy())
    if unreadable.size:
        raise DataError(f"{path} feature {unreadable[0] + 1}: geometry unreadable or empty")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        frame = frame.set_crs(WGS84, allow_override=True)
    key = properties[0]
    frame[key] = frame[key].astype(str)
    return frame.to_crs(UTM32N).sort_values(key).reset_index(drop=True)


def _check_provenance(boundary_dir: Path) -> None:
    """PROVENANCE.json is only believed once its checksums match the boundary files' bytes."""
    path = boundary_dir / PROVENANCE_FILE
    provenance = read_json(path)
    outputs = provenance.get("outputs") if isinstance(provenance, dict) else None
    for name in (COMMUNES_FILE, DISTRICTS_FILE):
        expected = outputs.get(name) if isinstance(outputs, dict) else None
        if not isinstance(expected, str):
            raise DataError(f"{path}: no sha256 recorded for {name} under 'outputs'")
        actual = sha256(boundary_dir / name)
        if actual != expected:
            raise DataError(f"{boundary_dir / name}: sha256 {actual[:16]}… differs from {PROVENANCE_FILE} "
                            f"({expected[:16]}…); boundaries are written only by `ruhrkarte data rebuild-boundaries`")


def _check_polygons(frame: gpd.GeoDataFrame, key: str, expected: int, label: str) -> None:
    if len(frame) != expected:
        raise DataError(f"{label}: {len(frame)} features, expected {expected}")
    duplicated = frame[key][frame[key].duplicated()].tolist()
    if duplicated:
        raise DataError(f"{label}: duplicate {key} {duplicated}")
    kinds = set(frame.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise DataError(f"{label}: geometry types {sorted(kinds)}, expected polygons")
    invalid = frame.loc[~frame.is_valid, key].tolist()
    if invalid:
        raise DataError(f"{label}: invalid polygons {invalid}")


def _check_no_overlaps(frame: gpd.GeoDataFrame, key: str, label: str) -> None:
    left, right = frame.sindex.query(frame.geometry, predicate="intersects")
    pairs = left < right
    overlap = shapely.intersection(frame.geometry.values[left[pairs]], frame.geometry.values[right[pairs]])
    areas = shapely.area(overlap)
    bad = np.flatnonzero(areas > MAX_OVERLAP_M2)
    if bad.size:
        first = bad[0]
        a, b = frame[key].iloc[left[pairs][first]], frame[key].iloc[right[pairs][first]]
        raise DataError(f"{label}: {a} and {b} overlap by {areas[first]:.1f} m² ({bad.size} overlapping pairs)")


def _check_total_area(frame: gpd.GeoDataFrame, label: str) -> None:
    total = frame.area.sum() / 1e6
    if abs(total - TOTAL_AREA_KM2) > TOTAL_AREA_TOLERANCE_KM2:
        raise DataError(f"{label}: total area {total:.2f} km², expected {TOTAL_AREA_KM2} ± {TOTAL_AREA_TOLERANCE_KM2} km²")


def _read_figures(path: Path) -> pd.DataFrame:
    """communes.csv with numeric population and area; every AGS once."""
    if not path.is_file():
        raise DataError(f"{path}: commune figures missing")
    figures = read_csv(path, FIGURE_COLUMNS)
    repeated = figures[figures["ags"].duplicated()]
    if len(repeated):
        row = repeated.iloc[0]
        raise DataError(f"{path} line {row['line']} ({row['ags']}): duplicate ags")
    figures["population"] = numbers(figures, "population", path, "ags", integer=True)
    figures["area_km2"] = numbers(figures, "area_km2", path, "ags")
    return figures


def _join_figures(communes: gpd.GeoDataFrame, figures_path: Path) -> gpd.GeoDataFrame:
    """Attach population and area, each with its source, and insist the two tables agree."""
    figures = _read_figures(figures_path)
    missing = sorted(set(communes["ags"]) ^ set(figures["ags"]))
    if missing:
        raise DataError(f"{figures_path}: AGS not matching the boundaries: {missing}")
    merged = communes.merge(figures[FIGURE_COLUMNS], on="ags", suffixes=("", "_figures"))
    renamed = merged.loc[merged["name"] != merged["name_figures"], ["ags", "name", "name_figures"]]
    if len(renamed):
        row = renamed.iloc[0]
        raise DataError(f"{figures_path}: {row['ags']} is '{row['name_figures']}' there but '{row['name']}' in the boundaries")
    return merged.drop(columns="name_figures")


def load_region(data_dir: Path) -> Region:
    """Read and validate boundaries, figures and the boundaries' provenance; DataError naming what is wrong."""
    boundary_dir = data_dir / "boundaries"
    communes_path, districts_path = boundary_dir / COMMUNES_FILE, boundary_dir / DISTRICTS_FILE
    communes = _read_layer(communes_path, COMMUNE_PROPERTIES)
    districts = _read_layer(districts_path, DISTRICT_PROPERTIES)
    _check_polygons(communes, "ags", COMMUNE_COUNT, COMMUNES_FILE)
    _check_polygons(districts, "district_code", DISTRICT_COUNT, DISTRICTS_FILE)
    _check_no_overlaps(communes, "ags", COMMUNES_FILE)
    _check_total_area(communes, COMMUNES_FILE)
    unknown = sorted(set(communes["district_code"]) - set(districts["district_code"]))
    if unknown:
        raise DataError(f"{COMMUNES_FILE}: district codes without a district: {unknown}")
    figures_path = data_dir / COMMUNE_FIGURES_FILE
    communes = _join_figures(communes, figures_path)
    communes["area_m2_computed"] = communes.area
    _check_provenance(boundary_dir)
    return Region(communes=communes, districts=districts)
