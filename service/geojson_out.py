"""GeoJSON responses: the read model's ready-made feature strings for a served CRS, joined."""
from __future__ import annotations

import json

from geo.read_model import ReadModel
from service.crs import ServedCrs


def features(model: ReadModel, layer_id: str, crs: ServedCrs) -> list[str]:
    """Every feature of a collection as a JSON string in crs (serialised once per read model)."""
    return model.features.features(layer_id, crs.code, crs.swap_axes, crs.decimals)


def feature_collection(features: list[str], number_matched: int, links: list[dict]) -> str:
    tail = json.dumps({"numberMatched": number_matched, "numberReturned": len(features), "links": links},
                      ensure_ascii=False)[1:]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]," + tail
