"""GeoJSON responses: ready-made feature strings (geo/feature_json.py) joined into a collection."""
from __future__ import annotations

import json


def feature_collection(features: list[str], number_matched: int, links: list[dict]) -> str:
    tail = json.dumps({"numberMatched": number_matched, "numberReturned": len(features), "links": links},
                      ensure_ascii=False)[1:]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]," + tail
