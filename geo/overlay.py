"""Where a planner's own features lie: each feature's parts per commune, on the full-resolution boundaries.

Points go whole to one commune (the exact geocoder: the lower AGS on a shared border). Polygons
are cut by every commune they overlap (shapely intersection in EPSG:25832): the part's area, its
share of the feature's area, and its share of the commune's area. Lines are cut the same way and
measured by length. What lies outside the Ruhr area is not assigned, and the share inside says
how much of a feature that is.

Exactness: the parts are shapely's intersections of the feature with each commune polygon, so a
feature's parts sum to its area (length) inside the region up to the overlap slivers the boundary
loader allows (MAX_OVERLAP_M2, 1 m² along shared borders).
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.geocoder import Geocoder
from geo.grid_index import OUTSIDE

POINT, LINE, POLYGON = "point", "line", "polygon"
KIND_OF_TYPE = {"Point": POINT, "MultiPoint": POINT, "LineString": LINE, "MultiLineString": LINE,
                "LinearRing": LINE, "Polygon": POLYGON, "MultiPolygon": POLYGON}
PART_COLUMNS = ["feature", "ags", "measure", "feature_share", "commune_share"]


@dataclass(frozen=True)
class Parts:
    """One row per (feature, commune) part: `measure` is 1 for a point, m for a line, m² for a polygon;
    `feature_share` the part's share of the whole feature; `commune_share` the part's share of the
    commune's area (polygons only, else 0)."""

    frame: pd.DataFrame

    def one_per_feature(self) -> bool:
        """Whether no feature has two parts (points, commune tables). Their parts come in feature order,
        so strictly rising feature numbers answer it without hashing a million of them."""
        feature = self.frame["feature"].to_numpy()
        return bool(len(feature) < 2 or (np.diff(feature) > 0).all()) or self.frame["feature"].is_unique


def kind_of(geometry: shapely.Geometry | None) -> str | None:
    """'point', 'line' or 'polygon'; None for an empty geometry or a collection."""
    if geometry is None or geometry.is_empty:
        return None
    return KIND_OF_TYPE.get(geometry.geom_type)


def repair_polygons(geometries: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """Invalid polygons made valid (shapely.make_valid, keeping only their polygonal part); a
    polygon that has no area left is rejected. Returns the geometries (None where rejected) and
    a note per repaired or rejected position, so the upload report can say what happened."""
    geometries = np.asarray(geometries, dtype=object).copy()
    notes: dict[int, str] = {}
    invalid = np.flatnonzero(~shapely.is_valid(geometries) & ~shapely.is_missing(geometries))
    for position in invalid:
        reason = shapely.is_valid_reason(geometries[position])
        fixed = shapely.make_valid(geometries[position])
        polygonal = _polygonal_part(fixed)
        if polygonal is None or polygonal.area <= 0:
            geometries[position] = None
            notes[int(position)] = f"invalid polygon without area ({reason}): rejected"
        else:
            geometries[position] = polygonal
            notes[int(position)] = f"invalid polygon repaired ({reason})"
    return geometries, notes


def _polygonal_part(geometry: shapely.Geometry) -> shapely.Geometry | None:
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    if geometry.geom_type == "GeometryCollection":
        polygons = [g for g in geometry.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(polygons) if polygons else None
    return None


def place_points(geocoder: Geocoder, x: np.ndarray, y: np.ndarray) -> Parts:
    """Each point whole to its commune; points outside the Ruhr area get no part."""
    return _whole_parts(geocoder, geocoder.locate_xy(x, y))


def place_lonlat_points(geocoder: Geocoder, lon: np.ndarray, lat: np.ndarray) -> Parts:
    """place_points for WGS84 points (transformed only where they may lie in the Ruhr area)."""
    return _whole_parts(geocoder, geocoder.locate_lonlat(lon, lat))


def _whole_parts(geocoder: Geocoder, positions: np.ndarray) -> Parts:
    inside = np.flatnonzero(positions != OUTSIDE)
    # The AGS column taken from the 53 names in Arrow, in the type pandas gives text: a million Python
    # str objects would be converted one by one.
    names = pa.array(list(geocoder.ags), pa.string()).take(pa.array(positions[inside]))
    ags = pd.array(names, dtype=pd.Series(geocoder.ags[:1]).dtype)
    frame = pd.DataFrame({"feature": inside, "ags": ags, "measure": 1.0, "feature_share": 1.0, "commune_share": 0.0})
    return Parts(frame[PART_COLUMNS])


def place_shapes(communes: gpd.GeoDataFrame, geometries: np.ndarray, kind: str) -> Parts:
    """Lines (by length) or polygons (by area) cut by each commune they meet."""
    geometries = np.asarray(geometries, dtype=object)
    boundaries = communes.geometry.to_numpy()
    ags = communes["ags"].to_numpy(dtype=str)
    # Candidate pairs from the bounding-box tree, then 'intersects' to drop touching-only bboxes.
    feature, commune = shapely.STRtree(boundaries).query(geometries, predicate="intersects")
    pieces = shapely.intersection(geometries[feature], boundaries[commune])
    measure_of = shapely.area if kind == POLYGON else shapely.length
    measures = measure_of(pieces)
    totals = measure_of(geometries)
    keep = measures > 0  # a polygon touching a border along a line has no area there
    feature, commune, measures = feature[keep], commune[keep], measures[keep]
    frame = pd.DataFrame({
        "feature": feature, "ags": ags[commune], "measure": measures,
        "feature_share": measures / totals[feature],
        "commune_share": measures / shapely.area(boundaries[commune]) if kind == POLYGON else 0.0,
    }).sort_values(["feature", "ags"], kind="stable").reset_index(drop=True)
    return Parts(frame[PART_COLUMNS])


def inside_share(parts: Parts, count: int) -> np.ndarray:
    """Per feature, the share of it that lies in the Ruhr area (0 for a feature outside)."""
    summed = np.bincount(parts.frame["feature"].to_numpy(dtype=np.int64),
                         weights=parts.frame["feature_share"].to_numpy(dtype=float), minlength=count)
    return np.minimum(summed[:count], 1.0)
