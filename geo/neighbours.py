"""Which communes border which: the context drawn lightly around a commune or Kreis on its page."""
from __future__ import annotations

from collections.abc import Collection

import geopandas as gpd


def neighbours(communes: gpd.GeoDataFrame, codes: Collection[str]) -> list[str]:
    """AGS of the communes that share a border with any of `codes` (full-resolution polygons), in AGS order."""
    inside = communes[communes["ags"].isin(codes)]
    if inside.empty:
        return []
    area = inside.geometry.union_all()
    touching = communes[~communes["ags"].isin(codes) & communes.geometry.intersects(area.buffer(1.0))]
    return sorted(touching["ags"])
