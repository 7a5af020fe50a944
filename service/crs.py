"""OGC API - Features Part 2: the CRS we serve, and bbox parsing with full validation."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from geo.crs import UTM32N, transformer
from geo.errors import InvalidInput

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


@dataclass(frozen=True)
class ServedCrs:
    uri: str
    code: str            # for pyproj
    swap_axes: bool      # EPSG:4326 is latitude first
    decimals: int
    geographic: bool


SUPPORTED = {
    CRS84: ServedCrs(CRS84, "OGC:CRS84", False, 6, True),
    "http://www.opengis.net/def/crs/EPSG/0/4326": ServedCrs("http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326", True, 6, True),
    "http://www.opengis.net/def/crs/EPSG/0/25832": ServedCrs("http://www.opengis.net/def/crs/EPSG/0/25832", "EPSG:25832", False, 2, False),
    "http://www.opengis.net/def/crs/EPSG/0/3857": ServedCrs("http://www.opengis.net/def/crs/EPSG/0/3857", "EPSG:3857", False, 2, False),
}


def served_crs(uri: str | None, parameter: str) -> ServedCrs:
    if uri is None or uri == "":
        return SUPPORTED[CRS84]
    found = SUPPORTED.get(uri.strip().strip("[]"))
    if found is None:
        raise InvalidInput(f"{parameter}: unsupported CRS {uri!r}; supported: {', '.join(SUPPORTED)}")
    return found


def parse_bbox(text: str, crs: ServedCrs):
    """'minx,miny,maxx,maxy' (or 6 numbers with heights) in `crs` -> polygon in EPSG:25832."""
    parts = text.split(",")
    if len(parts) not in (4, 6):
        raise InvalidInput(f"bbox needs 4 numbers (or 6 with heights), got {len(parts)}")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise InvalidInput(f"bbox must be numbers separated by commas, got {text!r}") from None
    if not all(math.isfinite(n) for n in numbers):
        raise InvalidInput("bbox numbers must be finite (no NaN or infinity)")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    a1, a2, b1, b2 = numbers
    if crs.swap_axes:
        a1, a2, b1, b2 = a2, a1, b2, b1
    minx, miny, maxx, maxy = a1, a2, b1, b2
    if minx > maxx or miny > maxy:
        raise InvalidInput("bbox lower corner must not exceed the upper corner")
    if crs.geographic and not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
        raise InvalidInput("bbox outside the valid range of longitude (-180..180) and latitude (-90..90)")
    box = shapely.box(minx, miny, maxx, maxy)
    if crs.code == UTM32N:
        return box
    if crs.geographic:
        # Clip to the area where UTM 32N is meaningful before projecting.
        box = shapely.intersection(box, shapely.box(-16, 30, 40, 75))
        if box.is_empty:
            return box
    # Coordinates are lon/lat here whatever the axis order of the request.
    source = "OGC:CRS84" if crs.geographic else crs.code
    project = transformer(source, UTM32N)
    # 16 points a side: a projected edge then deviates by centimetres, not metres, at Ruhr scale.
    dense = shapely.segmentize(box, max_segment_length=(box.length / 64) or 1)
    return shapely.transform(dense, lambda c: np.column_stack(project.transform(c[:, 0], c[:, 1])))
