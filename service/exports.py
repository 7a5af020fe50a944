"""Item exports beyond GeoJSON: CSV (WKT plus lon/lat for points) and GeoPackage."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pyogrio

from geo.layers import Layer
from service.crs import ServedCrs


def _selected(layer: Layer, positions: np.ndarray, crs: ServedCrs):
    """The rows with the feature id as `feature_id` (GeoPackage reserves the name `fid`)."""
    frame = layer.frame.iloc[positions][["fid", *layer.properties, "geometry"]].to_crs(crs.code)
    return frame.rename(columns={"fid": "feature_id"})


def items_csv(layer: Layer, positions: np.ndarray, crs: ServedCrs) -> str:
    frame = _selected(layer, positions, crs)
    out = frame.drop(columns="geometry").copy()
    if layer.geometry_type == "Point":
        lonlat = frame.geometry.to_crs("OGC:CRS84")
        out["lon"], out["lat"] = lonlat.x.round(6), lonlat.y.round(6)
    out["wkt"] = frame.geometry.to_wkt(rounding_precision=crs.decimals)
    return out.to_csv(index=False, lineterminator="\n")


def items_gpkg(layer: Layer, positions: np.ndarray, crs: ServedCrs) -> bytes:
    frame = _selected(layer, positions, crs)
    if crs.code == "OGC:CRS84":
        frame = frame.set_crs("EPSG:4326", allow_override=True)
    with tempfile.TemporaryDirectory(prefix="ruhrkarte-gpkg-") as folder:
        path = Path(folder) / f"{layer.id}.gpkg"
        pyogrio.write_dataframe(frame, path, layer=layer.id, driver="GPKG")
        return path.read_bytes()
