"""Features serialised once per collection and CRS: a response joins ready-made JSON strings.

Owned by the read model, so a new generation of the data brings a new, empty cache.
"""
from __future__ import annotations

import json
import threading
from typing import Mapping

import numpy as np
import shapely

from geo.jsonable import plain
from geo.layers import Layer


def _geometries(layer: Layer, crs_code: str, swap_axes: bool, decimals: int) -> list[str]:
    projected = layer.frame.geometry.to_crs(crs_code).values

    def shape(coords: np.ndarray) -> np.ndarray:
        coords = coords[:, ::-1] if swap_axes else coords
        return np.round(coords, decimals)

    return list(shapely.to_geojson(shapely.transform(np.asarray(projected), shape)))


class FeatureCache:
    """Per (collection, CRS): one JSON string per feature, built on first use."""

    def __init__(self, layers: Mapping[str, Layer]):
        self.layers = layers
        self._built: dict[tuple, list[str]] = {}
        self._lock = threading.Lock()

    def _build(self, layer_id: str, crs_code: str, swap_axes: bool, decimals: int) -> list[str]:
        layer = self.layers[layer_id]
        geometries = _geometries(layer, crs_code, swap_axes, decimals)
        records = layer.frame[layer.properties].to_dict("records")
        out = []
        for fid, geometry, record in zip(layer.frame["fid"], geometries, records):
            props = json.dumps({k: plain(v) for k, v in record.items()}, ensure_ascii=False, allow_nan=False)
            out.append(f'{{"type":"Feature","id":{json.dumps(str(fid))},"geometry":{geometry},"properties":{props}}}')
        return out

    def features(self, layer_id: str, crs_code: str, swap_axes: bool = False, decimals: int = 6) -> list[str]:
        key = (layer_id, crs_code, swap_axes, decimals)
        found = self._built.get(key)
        if found is None:
            with self._lock:  # built once, also when two threads ask at the same time
                found = self._built.get(key) or self._built.setdefault(key, self._build(*key))
        return found
