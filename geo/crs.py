"""Coordinate reference systems: compute in ETRS89 / UTM 32N, serve WGS84."""
from functools import lru_cache

import numpy as np
from pyproj import Transformer

WGS84 = "EPSG:4326"
UTM32N = "EPSG:25832"


@lru_cache(maxsize=None)
def transformer(source: str, target: str) -> Transformer:
    """A cached always-xy transformer (building one costs milliseconds)."""
    return Transformer.from_crs(source, target, always_xy=True)


def lonlat_to_utm(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat arrays to EPSG:25832 easting/northing in metres."""
    x, y = transformer(WGS84, UTM32N).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x, float), np.asarray(y, float)


def utm_to_lonlat(x, y) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:25832 easting/northing to WGS84 lon/lat arrays."""
    lon, lat = transformer(UTM32N, WGS84).transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon, float), np.asarray(lat, float)
