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


# Half the equator in EPSG:3857 metres: the whole extent of Web Mercator on both axes.
WEB_MERCATOR_LIMIT = 20037508.342789244
# lon/lat area where projecting into UTM 32N stays meaningful; the Ruhr lies well inside.
UTM_USABLE = (-16.0, 30.0, 40.0, 75.0)


def _bbox_numbers(text: str) -> list[float]:
    parts = text.split(",")
    if len(parts) not in (4, 6):
        raise InvalidInput(f"bbox needs 4 numbers (or 6 with heights), got {len(parts)}")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise InvalidInput(f"bbox must be numbers separated by commas, got {text[:100]!r}") from None
    if not all(math.isfinite(n) for n in numbers):
        raise InvalidInput("bbox numbers must be finite (no NaN or infinity)")
    # Six numbers carry heights (minx, miny, minz, maxx, maxy, maxz): the heights are ignored.
    return [numbers[0], numbers[1], numbers[3], numbers[4]] if len(numbers) == 6 else numbers


def _shape(minx: float, miny: float, maxx: float, maxy: float):
    """The box as a geometry; a flat box is the line or point it is, so it stays a valid query."""
    if minx == maxx and miny == maxy:
        return shapely.Point(minx, miny)
    if minx == maxx or miny == maxy:
        return shapely.LineString([(minx, miny), (maxx, maxy)])
    return shapely.box(minx, miny, maxx, maxy)


def parse_bbox(text: str, crs: ServedCrs):
    """'minx,miny,maxx,maxy' (or 6 numbers with heights) in `crs` -> geometry in EPSG:25832.

    Geographic and Web Mercator boxes become lon/lat boxes (exactly: both axes of 3857 are monotonic
    in lon and lat), are clipped to where UTM 32N is meaningful, then projected densely."""
    a1, a2, b1, b2 = _bbox_numbers(text)
    if crs.swap_axes:
        a1, a2, b1, b2 = a2, a1, b2, b1
    minx, miny, maxx, maxy = a1, a2, b1, b2
    if minx > maxx or miny > maxy:
        raise InvalidInput("bbox lower corner must not exceed the upper corner")
    if crs.code == UTM32N:
        return _shape(minx, miny, maxx, maxy)
    if crs.geographic and not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
        raise InvalidInput("bbox outside the valid range of longitude (-180..180) and latitude (-90..90)")
    if not crs.geographic:
        if max(abs(minx), abs(miny), abs(maxx), abs(maxy)) > WEB_MERCATOR_LIMIT + 1:
            raise InvalidInput(f"bbox outside the extent of {crs.code} (±{WEB_MERCATOR_LIMIT:.2f} m on both axes)")
        # Within the tolerated metre beyond the antimeridian x is the edge (projected, it would wrap around).
        minx, maxx = np.clip([minx, maxx], -WEB_MERCATOR_LIMIT, WEB_MERCATOR_LIMIT)
        (minx, maxx), (miny, maxy) = transformer(crs.code, "OGC:CRS84").transform([minx, maxx], [miny, maxy])
    lo_x, lo_y, hi_x, hi_y = UTM_USABLE
    minx, miny, maxx, maxy = max(minx, lo_x), max(miny, lo_y), min(maxx, hi_x), min(maxy, hi_y)
    if minx > maxx or miny > maxy:
        return shapely.Polygon()  # nothing of the box lies where our data could be
    shape = _shape(minx, miny, maxx, maxy)
    project = transformer("OGC:CRS84", UTM32N)
    # 16 points a side: a projected edge then deviates by centimetres, not metres, at Ruhr scale.
    extent = max(maxx - minx, maxy - miny)
    if extent > 0:
        shape = shapely.segmentize(shape, max_segment_length=extent / 16)
    return shapely.transform(shape, lambda c: np.column_stack(project.transform(c[:, 0], c[:, 1])))


def lonlat_bbox(text: str) -> tuple[float, float, float, float]:
    """A CRS84 box 'minlon,minlat,maxlon,maxlat' as numbers, after every check parse_bbox makes
    (the layer map selects on longitude and latitude directly)."""
    parse_bbox(text, SUPPORTED[CRS84])
    min_lon, min_lat, max_lon, max_lat = _bbox_numbers(text)
    return min_lon, min_lat, max_lon, max_lat
