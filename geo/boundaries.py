"""Load the committed Ruhr boundaries and commune figures, and refuse broken data loudly."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundary_build import COMMUNES_FILE, DISTRICTS_FILE
from geo.crs import UTM32N, WGS84
from geo.errors import DataError
from geo.ruhr import COMMUNE_COUNT, DISTRICT_COUNT, TOTAL_AREA_KM2, TOTAL_AREA_TOLERANCE_KM2

COMMUNE_FIGURES_FILE = "communes.csv"
# Rounding to 6 decimals can leave slivers of a few square metres along shared borders.
MAX_OVERLAP_M2 = 1.0


@dataclass(frozen=True)
class Region:
    """The 53 communes and 15 districts, in EPSG:25832."""

    communes: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame


def _read_layer(path: Path, key: str) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise DataError(f"{path}: boundary file missing (run `ruhrkarte data rebuild-boundaries`)")
    frame = gpd.read_file(path, engine="pyogrio")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        frame = frame.set_crs(WGS84, allow_override=True)
    frame[key] = frame[key].astype(str)
    return frame.to_crs(UTM32N).sort_values(key).reset_index(drop=True)


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


def _join_figures(communes: gpd.GeoDataFrame, figures_path: Path) -> gpd.GeoDataFrame:
    """Attach population and area, each with its source, and insist the two tables agree."""
    if not figures_path.is_file():
        raise DataError(f"{figures_path}: commune figures missing")
    figures = pd.read_csv(figures_path, dtype={"ags": str, "district_code": str})
    missing = sorted(set(communes["ags"]) ^ set(figures["ags"]))
    if missing:
        raise DataError(f"{figures_path.name}: AGS not matching the boundaries: {missing}")
    merged = communes.merge(
        figures[["ags", "name", "population", "population_date", "population_source", "area_km2", "area_source"]],
        on="ags", suffixes=("", "_figures"),
    )
    renamed = merged.loc[merged["name"] != merged["name_figures"], ["ags", "name", "name_figures"]]
    if len(renamed):
        row = renamed.iloc[0]
        raise DataError(f"{figures_path.name}: {row['ags']} is '{row['name_figures']}' there but '{row['name']}' in the boundaries")
    if figures["population"].isna().any() or (figures["population"] <= 0).any():
        raise DataError(f"{figures_path.name}: every commune needs a positive population")
    return merged.drop(columns="name_figures")


def load_region(data_dir: Path) -> Region:
    """Read and validate boundaries and figures; raise DataError naming what is wrong."""
    boundary_dir = data_dir / "boundaries"
    communes_path, districts_path = boundary_dir / COMMUNES_FILE, boundary_dir / DISTRICTS_FILE
    communes = _read_layer(communes_path, "ags")
    districts = _read_layer(districts_path, "district_code")
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
    return Region(communes=communes, districts=districts)
