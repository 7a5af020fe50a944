"""Features serialised once per collection and CRS; a response joins ready-made JSON strings."""
from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import shapely

from geo.jsonable import plain
from geo.layers import Layer
from service.crs import ServedCrs


def _geometries(layer: Layer, crs: ServedCrs) -> list[str]:
    projected = layer.frame.geometry.to_crs(crs.code).values

    def shape(coords: np.ndarray) -> np.ndarray:
        coords = coords[:, ::-1] if crs.swap_axes else coords
        return np.round(coords, crs.decimals)

    return list(shapely.to_geojson(shapely.transform(np.asarray(projected), shape)))


class FeatureCache:
    """Per (collection, CRS): one JSON string per feature, built on first use."""

    def __init__(self, layers: dict[str, Layer]):
        self.layers = layers
        self._features = lru_cache(maxsize=None)(self._build)

    def _build(self, layer_id: str, crs_uri: str, crs: ServedCrs) -> list[str]:
        layer = self.layers[layer_id]
        geometries = _geometries(layer, crs)
        records = layer.frame[layer.properties].to_dict("records")
        out = []
        for fid, geometry, record in zip(layer.frame["fid"], geometries, records):
            props = json.dumps({k: plain(v) for k, v in record.items()}, ensure_ascii=False, allow_nan=False)
            out.append(f'{{"type":"Feature","id":{json.dumps(str(fid))},"geometry":{geometry},"properties":{props}}}')
        return out

    def features(self, layer_id: str, crs: ServedCrs) -> list[str]:
        return self._features(layer_id, crs.uri, crs)


def feature_collection(features: list[str], number_matched: int, links: list[dict]) -> str:
    tail = json.dumps({"numberMatched": number_matched, "numberReturned": len(features), "links": links},
                      ensure_ascii=False)[1:]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]," + tail
