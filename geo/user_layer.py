"""A planner's stored layer as a feature collection, so the OGC API serves it like the built-in ones
(items, bbox, CQL2 filters, sorting, CRS, CSV and GeoPackage exports).

Feature ids are 1, 2, … in upload order. Each feature carries `communes`: the AGS of every commune
it has a part in (';'-separated). A table per commune is drawn with its commune's outline.
"""
from __future__ import annotations

from collections import defaultdict

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import Region
from geo.crs import UTM32N, WGS84
from geo.layers import Layer
from geo.ruhr import ATTRIBUTION

COLLECTION_PREFIX = "layer-"
RESERVED = ("fid", "communes", "geometry")  # names the collection itself uses
GEOMETRY_TYPES = {"point": "Point", "line": "LineString", "polygon": "Polygon", "commune": "Polygon"}


def collection_id(layer_id: int) -> str:
    return f"{COLLECTION_PREFIX}{layer_id}"


def own_names(names: list[str], reserved: tuple[str, ...] = RESERVED) -> dict[str, str]:
    """Each of a layer's column names as served beside our own fields (`reserved`): ours keep their meaning,
    so an upload's `fid` is served as `fid_upload` (`fid_upload_2`, … when the file has a column of that
    name too: no column is lost)."""
    taken = set(names) | set(reserved)  # names are unique (the readers refuse a repeated one)
    own = {}
    for name in names:
        renamed = name
        if name in reserved:
            renamed, number = f"{name}_upload", 2
            while renamed in taken:
                renamed, number = f"{name}_upload_{number}", number + 1
        own[name] = renamed
    return own


def user_collection(layer_id: int, title: str, owner: str, kind: str, columns: list[dict],
                    features: list[tuple], parts: list[tuple], region: Region) -> Layer:
    """features: (line, GeoJSON geometry | None, ags | None, properties) as store/layer_rows gives them."""
    names = [c["name"] for c in columns]
    own = own_names(names)
    where: dict[int, list[str]] = defaultdict(list)
    for feature, ags, *_ in parts:
        where[feature].append(ags)
    rows = [{**{own[name]: properties.get(name) for name in names}, "communes": ";".join(where.get(n, [])),
             "fid": str(n + 1)} for n, (_, _, _, properties) in enumerate(features)]
    frame = pd.DataFrame(rows, columns=[*own.values(), "communes", "fid"])
    for column in columns:
        if column["type"] == "number":
            frame[own[column["name"]]] = pd.to_numeric(frame[own[column["name"]]], errors="coerce")
    if kind == "commune":
        outlines = region.communes.set_index("ags").geometry
        geometry = gpd.GeoSeries([outlines.get(f[2]) for f in features], crs=UTM32N)
    else:
        geometry = gpd.GeoSeries([shapely.geometry.shape(f[1]) for f in features], crs=WGS84).to_crs(UTM32N)
    served = gpd.GeoDataFrame(frame, geometry=geometry.values, crs=UTM32N)
    return Layer(collection_id(layer_id), title, f"A planner's own layer ({kind}s), uploaded by {owner}.", served,
                 [*own.values(), "communes"], (), GEOMETRY_TYPES[kind], f"{owner}; boundaries {ATTRIBUTION}")
