"""A planner's file read into one layer: its rows, their geometries in EPSG:25832 (or their communes,
for a table per commune), and every row that could not be used, with its line and reason.

Formats: CSV as people export it (the batch geocoder's rules for encodings, separators and decimal
commas; lat/lon in WGS84 or x/y in EPSG:25832, by column name or given), a table keyed by AGS or
commune name, GeoJSON and GeoPackage in any CRS. A layer holds one kind of geometry; a file that
mixes kinds is refused with the counts, so the planner can split it.
"""
from __future__ import annotations

import csv
import io
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio.errors
import shapely

from geo import columnar_csv
from geo.crs import UTM32N, lonlat_to_utm
from geo.csv_geocode import (
    HEADER_SCAN_CHARS,
    LAT_NAMES,
    LON_NAMES,
    UTF8_BOM,
    decode,
    detect_delimiter,
    find_column,
    parse_coordinate,
)
from geo.errors import InvalidInput, NotFound
from geo.gazetteer import Gazetteer
from geo.geocoder import lonlat_problems
from geo.numbers_de import parse_number_column
from geo.overlay import POINT, POLYGON, kind_of, repair_polygons

X_NAMES = ("x", "rechtswert", "ostwert", "easting", "utm_x", "x_utm", "x_25832")
Y_NAMES = ("y", "hochwert", "nordwert", "northing", "utm_y", "y_utm", "y_25832")
AGS_NAMES = ("ags", "gemeindeschluessel", "gemeindeschlüssel", "gkz", "ags8")
NAME_NAMES = ("gemeinde", "kommune", "commune", "stadt", "name")
COMMUNE = "commune"
GEO_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage"}
FIRST_DATA_LINE = 2  # CSV line of the first row after the header; GeoJSON/GeoPackage count features from 1


class LineNumbers(Sequence):
    """Line numbers kept as an int64 array: a list of a million Python ints takes a while to make and
    tens of megabytes. Reads and compares like the list of the same numbers."""

    def __init__(self, array: np.ndarray):
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, index):
        found = self.array[index]
        return int(found) if np.ndim(found) == 0 else found.tolist()

    def __iter__(self):
        return iter(self.array.tolist())

    def __eq__(self, other) -> bool:
        if isinstance(other, LineNumbers):
            return np.array_equal(self.array, other.array)
        return self.array.tolist() == list(other) if isinstance(other, (list, tuple)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LineNumbers({self.array.tolist()!r})" if len(self.array) <= 20 else f"LineNumbers(<{len(self)}>)"


@dataclass
class LayerFile:
    kind: str                                  # 'point', 'line', 'polygon' or 'commune'
    values: pd.DataFrame                       # one row per usable row: text columns and parsed numbers
    lines: Sequence[int]                       # each usable row's line (CSV) or feature number (1-based)
    geometries: np.ndarray | None              # EPSG:25832, one per row; None for a commune table or a plain CSV
    communes: list[str] | None = None          # AGS per row of a commune table
    rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)   # repaired geometries
    point_xy: tuple[np.ndarray, np.ndarray] | None = None  # a CSV's points as EPSG:25832 arrays (no shapely objects)
    point_lonlat: tuple[np.ndarray, np.ndarray] | None = None  # and as read, when the file gave lat/lon

    def xy(self) -> tuple[np.ndarray, np.ndarray]:
        """A point layer's EPSG:25832 x and y arrays (a million shapely points would take a second to make)."""
        if self.point_xy is not None:
            return self.point_xy
        if self.point_lonlat is not None:
            return lonlat_to_utm(*self.point_lonlat)
        return shapely.get_x(self.geometries), shapely.get_y(self.geometries)

    def line_numbers(self) -> np.ndarray:
        """`lines` as an int64 array (the plain CSV reader keeps them so)."""
        return self.lines.array if isinstance(self.lines, LineNumbers) else np.asarray(self.lines, dtype=np.int64)

    @property
    def rows_read(self) -> int:
        return len(self.lines) + len(self.rejected)


def read_layer_file(raw: bytes, filename: str, gazetteer: Gazetteer, lat: str | None = None, lon: str | None = None,
                    x: str | None = None, y: str | None = None, columnar: bool = True) -> LayerFile:
    """The layer in `raw` (the file's bytes); InvalidInput with what to fix when it cannot be a layer.
    columnar=False reads every CSV file row by row with the csv module: the reference the columnar
    reader of plain files is tested against."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in GEO_SUFFIXES:
        return _read_geo(raw, filename, GEO_SUFFIXES[suffix])
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(raw, filename, gazetteer, lat, lon, x, y, columnar)
    raise InvalidInput(f"{filename}: unknown file type; upload CSV, GeoJSON (.geojson) or GeoPackage (.gpkg)")


# -- CSV -----------------------------------------------------------------------------------------
def _read_csv(raw: bytes, filename: str, gazetteer: Gazetteer, lat, lon, x, y, columnar: bool) -> LayerFile:
    ascii_body = _ascii_body(raw) if columnar else None
    # An ASCII file is UTF-8 as it is: only its start is decoded to find the separator and the header.
    text = decode(raw, filename)[0] if ascii_body is None else ascii_body[:HEADER_SCAN_CHARS].decode("ascii")
    delimiter = detect_delimiter(text)
    first_row = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    if not any(cell.strip() for cell in first_row):
        raise InvalidInput(f"{filename}: the file is empty or has no header line")
    header = [cell.strip() for cell in first_row]
    _refuse_repeated_names(header, filename)
    columns = _coordinate_columns(header, lat, lon, x, y)
    if columns is not None and columnar:
        table = columnar_csv.plain_table(text if ascii_body is None else ascii_body, delimiter, len(header))
        if table is not None:  # a plain file: the columnar reader, with the same result
            return _plain_points(header, table, columns)
    if ascii_body is not None:
        text = ascii_body.decode("ascii")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    body = [(number, row) for number, row in enumerate(rows[1:], start=FIRST_DATA_LINE) if any(c.strip() for c in row)]
    if columns is None:
        return _commune_table(header, body, filename, gazetteer)
    kept, lines, points, rejected = [], [], [], []
    first, second, projected = columns
    for number, row in body:
        if len(row) != len(header):
            rejected.append((number, f"{len(row)} cells, the header has {len(header)}"))
            continue
        a, b = parse_coordinate(row[first]), parse_coordinate(row[second])
        problem = _point_problem(a, b, projected)
        if problem:
            rejected.append((number, problem))
            continue
        kept.append(row)
        lines.append(number)
        points.append((a, b))
    coordinates = np.array(points, dtype=float).reshape(-1, 2)
    if projected:
        xs, ys = coordinates[:, 0], coordinates[:, 1]
    else:  # (lat, lon) pairs
        xs, ys = lonlat_to_utm(coordinates[:, 1], coordinates[:, 0])
    values = _typed_values(header, kept, skip={header[first], header[second]})
    return LayerFile("point", values, lines, None, rejected=rejected, point_xy=(np.asarray(xs), np.asarray(ys)))


def _refuse_repeated_names(header: list[str], filename: str) -> None:
    """Two columns of one name would keep only the last one's values; unnamed columns (the empty
    cells Excel leaves after the last column) carry nothing and may repeat."""
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise InvalidInput(f"{filename}: the column {name!r} appears twice in the header; "
                               "give each column a name of its own")
        seen.add(name)


def _ascii_body(raw: bytes) -> bytes | None:
    """The file's bytes after a byte order mark when every one is ASCII, whose header line ends
    within HEADER_SCAN_CHARS and holds no quote (else None: the whole text is decoded as before)."""
    body = raw.removeprefix(UTF8_BOM)
    head = body[:HEADER_SCAN_CHARS]
    newline = head.find(b"\n")
    if newline < 0 or b'"' in head[:newline] or not body.isascii():
        return None
    return body


def _plain_points(header: list[str], table, columns: tuple[int, int, bool]) -> LayerFile:
    """The points of a plain file, column by column (geo/columnar_csv.py), as the careful reader gives them."""
    first, second, projected = columns
    a, b = columnar_csv.coordinates(table.column(first)), columnar_csv.coordinates(table.column(second))
    lines = np.arange(FIRST_DATA_LINE, FIRST_DATA_LINE + len(a))
    if projected:
        bad = np.flatnonzero(~(np.isfinite(a) & np.isfinite(b) & (a >= 100_000) & (a <= 900_000)
                               & (b >= 5_000_000) & (b <= 6_500_000)))
        rejected = [(int(lines[n]), _point_problem(a[n], b[n], True)) for n in bad]
    else:  # (lat, lon) columns; the reasons are looked up for the unusable rows only
        bad = np.flatnonzero(~(np.isfinite(a) & np.isfinite(b) & (np.abs(a) <= 90) & (np.abs(b) <= 180)))
        problems = lonlat_problems(b[bad], a[bad])
        rejected = [(int(line), str(problem)) for line, problem in zip(lines[bad], problems)]
    kept = np.ones(len(a), dtype=bool)
    kept[bad] = False
    skip = {header[first], header[second]}
    mask = pa.array(kept) if len(bad) else None
    values = {}
    for position, name in enumerate(header):
        if name in skip or not name:
            continue
        cells = table.column(position) if mask is None else table.column(position).filter(mask)
        parsed = columnar_csv.numbers(cells)
        values[name] = parsed if parsed is not None else columnar_csv.texts(cells)
    if len(bad):
        a, b, lines = a[kept], b[kept], lines[kept]
    # lat/lon are kept as read: the placing transforms only those that may lie in the Ruhr area
    return LayerFile("point", pd.DataFrame(values, index=range(len(a)), copy=False), LineNumbers(lines), None,
                     rejected=rejected, point_xy=(a, b) if projected else None,
                     point_lonlat=None if projected else (b, a))


def _coordinate_columns(header, lat, lon, x, y) -> tuple[int, int, bool] | None:
    """(first, second, projected): lat/lon columns, or x/y in EPSG:25832; None for a commune table."""
    if x or y:
        return find_column(header, x, X_NAMES, "x"), find_column(header, y, Y_NAMES, "y"), True
    if lat or lon:
        return find_column(header, lat, LAT_NAMES, "lat"), find_column(header, lon, LON_NAMES, "lon"), False
    folded = {h.lower() for h in header}
    if folded & set(LAT_NAMES) and folded & set(LON_NAMES):
        return find_column(header, None, LAT_NAMES, "lat"), find_column(header, None, LON_NAMES, "lon"), False
    if folded & set(X_NAMES) and folded & set(Y_NAMES):
        return find_column(header, None, X_NAMES, "x"), find_column(header, None, Y_NAMES, "y"), True
    return None


def _point_problem(a: float, b: float, projected: bool) -> str:
    if projected:
        if not (np.isfinite(a) and np.isfinite(b)):
            return "x or y missing or not a number"
        if not (100_000 <= a <= 900_000 and 5_000_000 <= b <= 6_500_000):  # the UTM zone 32 band of Germany
            return f"x={a:g}, y={b:g} is not an EPSG:25832 position in Germany"
        return ""
    return str(lonlat_problems(np.array([b]), np.array([a]))[0])


def _typed_values(header: list[str], rows: list[list[str]], skip: set[str]) -> pd.DataFrame:
    """The non-coordinate columns: numbers where every cell is one (German or English notation), else text."""
    values = {}
    for position, name in enumerate(header):
        if name in skip or not name:
            continue
        cells = [row[position] for row in rows]
        numbers = parse_number_column(cells)
        values[name] = numbers if numbers is not None else cells
    return pd.DataFrame(values, index=range(len(rows)))


def _commune_table(header, body, filename, gazetteer: Gazetteer) -> LayerFile:
    folded = [h.lower() for h in header]
    by_ags = next((folded.index(n) for n in AGS_NAMES if n in folded), None)
    by_name = next((folded.index(n) for n in NAME_NAMES if n in folded), None)
    if by_ags is None and by_name is None:
        raise InvalidInput(f"{filename}: no coordinate columns (lat/lon or x/y) and no commune column "
                           f"({', '.join(AGS_NAMES + NAME_NAMES)}); the columns are: {', '.join(header)}")
    key = by_ags if by_ags is not None else by_name
    kept, lines, communes, rejected = [], [], [], []
    for number, row in body:
        if len(row) != len(header):
            rejected.append((number, f"{len(row)} cells, the header has {len(header)}"))
            continue
        try:
            place = gazetteer.resolve(row[key].strip(), frozenset({"commune"}))
        except (NotFound, InvalidInput) as error:
            rejected.append((number, str(error)))
            continue
        kept.append(row)
        lines.append(number)
        communes.append(place.code)
    values = _typed_values(header, kept, skip={header[key]})
    return LayerFile(COMMUNE, values, lines, None, communes=communes, rejected=rejected)


# -- GeoJSON and GeoPackage ----------------------------------------------------------------------
def _read_geo(raw: bytes, filename: str, driver: str) -> LayerFile:
    try:
        with warnings.catch_warnings():  # GDAL notes that an in-memory GeoPackage has no '.gpkg' name
            warnings.filterwarnings("ignore", message=".*non conformant file extension")
            frame = gpd.read_file(io.BytesIO(raw))
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FeatureError,
            pyogrio.errors.FieldError, pyogrio.errors.GeometryError, pyogrio.errors.CRSError, ValueError) as error:
        raise InvalidInput(f"{filename}: not a readable {driver} file ({str(error)[:200]})") from None
    if frame.crs is None:
        if driver != "GeoJSON":
            raise InvalidInput(f"{filename}: the layer has no coordinate reference system; set one and export again")
        frame = frame.set_crs("OGC:CRS84")
    frame = frame.to_crs(UTM32N)
    kinds = [kind_of(g) for g in frame.geometry]
    found = Counter(k for k in kinds if k is not None)
    if len(found) > 1:
        counts = ", ".join(f"{kind} ({count})" for kind, count in found.most_common())
        raise InvalidInput(f"{filename}: the layer mixes {counts}; upload each kind as a layer of its own")
    if not found:
        raise InvalidInput(f"{filename}: no feature has a geometry")
    kind = next(iter(found))
    geometries = frame.geometry.to_numpy().copy()
    rejected = [(n + 1, "no geometry or an empty one") for n, k in enumerate(kinds) if k is None]
    notes: list[tuple[int, str]] = []
    usable = np.array([k is not None for k in kinds])
    if kind == POINT:  # a point goes whole to one commune; a multipoint may not lie in one
        for position in np.flatnonzero(usable):
            if geometries[position].geom_type == "MultiPoint":
                if len(geometries[position].geoms) == 1:
                    geometries[position] = geometries[position].geoms[0]
                else:
                    usable[position] = False
                    rejected.append((position + 1, "a multipoint of several points; upload each point as a feature"))
    if kind == POLYGON:
        repaired, repair_notes = repair_polygons(geometries)
        for position, note in repair_notes.items():
            (rejected if repaired[position] is None else notes).append((position + 1, note))
        usable &= np.array([g is not None for g in repaired])
        geometries = repaired
    values = pd.DataFrame(frame.drop(columns=frame.geometry.name)).loc[usable].reset_index(drop=True)
    lines = [n + 1 for n in np.flatnonzero(usable)]
    return LayerFile(kind, values, lines, np.asarray(geometries, dtype=object)[usable], rejected=sorted(rejected),
                     notes=notes)
