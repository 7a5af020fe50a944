"""OGC API - Features Part 3 filters, evaluated on a layer's rows.

`parse_filter` reads CQL2 text or JSON with the `cql2` library into CQL2-JSON; `FilterEvaluator`
turns that tree into a boolean mask over the layer's frame with vectorised pandas/shapely
operations. Only the layer's queryables may be named; every syntax error, unsupported operator,
unknown property or type mismatch is an InvalidInput that says which, so a client never gets a
silently wrong selection (and never a 500).

Supported: and, or, not; =, <>, <, <=, >, >=; like (with % and _); in; between; isNull;
s_intersects with a bbox or a geometry literal in the filter CRS (CRS84 unless told otherwise).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import cql2
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.crs import UTM32N, transformer
from geo.errors import InvalidInput

COMPARISONS = {"=": np.equal, "<>": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
               ">=": np.greater_equal}
MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
# Deep trees cost stack and time; no real client sends more than a few dozen nodes. The parser
# (Rust, recursive descent) overflows its stack and kills the process somewhere above 1,000 nested
# parentheses, so nesting is counted before the text ever reaches it.
MAX_DEPTH = 32
MAX_FILTER_CHARS = 8000
MAX_NESTING_TOKENS = 200
LANGUAGES = ("cql2-text", "cql2-json")
# GDAL up to 3.6 asks for the pre-release name of CQL2 text; its output is valid CQL2 text.
LANGUAGE_ALIASES = {"cql-text": "cql2-text"}


def _nesting(text: str) -> tuple[int, int]:
    """Deepest bracket nesting and the count of prefix operators (NOT, minus), outside quoted text."""
    unquoted = re.sub(r"'(?:[^']|'')*'?", "''", text)
    depth = deepest = 0
    for char in unquoted:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    prefixes = len(re.findall(r"(?i)\bnot\b", unquoted)) + unquoted.count("-")
    return deepest, prefixes


def _json_depth(node: Any) -> int:
    """Nesting of a parsed JSON value (iteratively: a deep value must not exhaust the stack here)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _syntax_message(error: Exception) -> str:
    """The parser's multi-line report as one line: where, and what it expected."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    where = next((line[3:].strip() for line in lines if line.startswith("-->")), "")
    expected = next((line[1:].strip() for line in lines if line.startswith("=")), lines[-1] if lines else "")
    return f"at line:column {where}: {expected}" if where else expected


def parse_filter(text: str, language: str | None = None) -> dict:
    """CQL2 text (the default language) or CQL2 JSON -> the CQL2-JSON tree the evaluator reads."""
    language = LANGUAGE_ALIASES.get(language or "cql2-text", language or "cql2-text")
    if language not in LANGUAGES:
        raise InvalidInput(f"filter-lang: {language[:60]!r} is not supported; one of {', '.join(LANGUAGES)}")
    if len(text) > MAX_FILTER_CHARS:
        raise InvalidInput(f"filter: longer than {MAX_FILTER_CHARS} characters")
    if not text.strip():
        raise InvalidInput("filter: empty; give a CQL2 expression such as name LIKE '%Schule%'")
    if language == "cql2-json":
        try:
            tree = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise InvalidInput(f"filter: not JSON ({str(error)[:120]})") from None
        if not isinstance(tree, (dict, bool)):
            raise InvalidInput("filter: CQL2 JSON must be an object such as {\"op\": \"=\", \"args\": [...]}")
        if _json_depth(tree) > 4 * MAX_DEPTH:
            raise InvalidInput(f"filter: nested more than {MAX_DEPTH} levels")
        text = json.dumps(tree)
    else:
        if text.lstrip().startswith("{"):
            raise InvalidInput("filter: this is JSON; give filter-lang=cql2-json with it")
        deepest, prefixes = _nesting(text)
        if deepest > MAX_DEPTH or prefixes > MAX_NESTING_TOKENS:
            raise InvalidInput(f"filter: nested more than {MAX_DEPTH} levels")
    try:
        return cql2.Expr(text).to_json()
    except Exception as error:  # the parser raises plain Exception (and ValidationError) for bad input
        kind = "CQL2 JSON" if language == "cql2-json" else "CQL2 text"
        raise InvalidInput(f"filter: {kind} syntax error {_syntax_message(error)}") from None


@dataclass(frozen=True)
class LiteralCrs:
    """The CRS of geometry literals in a filter (filter-crs): pyproj code and axis order."""
    code: str = "OGC:CRS84"
    lat_first: bool = False
    geographic: bool = True


CRS84_LITERALS = LiteralCrs()


@dataclass(frozen=True)
class CqlFilter:
    """A parsed filter and the CRS of its geometry literals: a value of the items query."""
    tree: Any
    literal_crs: LiteralCrs = CRS84_LITERALS

    def mask(self, frame: pd.DataFrame, properties: list[str]) -> np.ndarray:
        return FilterEvaluator(frame, queryable_types(frame, properties), literal_crs=self.literal_crs).mask(self.tree)


class FilterEvaluator:
    """Evaluate one CQL2-JSON tree against a frame whose columns include the queryables."""

    def __init__(self, frame: pd.DataFrame, queryables: dict[str, str], geometry_column: str = "geometry",
                 literal_crs: LiteralCrs = CRS84_LITERALS):
        self.frame = frame
        self.queryables = queryables          # property name -> JSON type ("string", "number", "integer", "boolean")
        self.geometry_column = geometry_column
        self.literal_crs = literal_crs

    def mask(self, node: Any) -> np.ndarray:
        try:
            return self._condition(node, -1)
        except InvalidInput:
            raise
        except (TypeError, ValueError, IndexError, KeyError, AttributeError) as error:
            raise InvalidInput(f"filter: malformed expression ({type(error).__name__})") from None

    def _eval(self, node: Any, depth: int):
        if depth > MAX_DEPTH:
            raise InvalidInput(f"filter: nested more than {MAX_DEPTH} levels")
        if isinstance(node, dict) and "op" in node:
            return self._operation(node["op"].lower(), node.get("args", []), depth)
        if isinstance(node, dict) and "property" in node:
            return self._property(node["property"])
        if isinstance(node, (bool, int, float, str)) or node is None:
            return node
        if isinstance(node, list):
            return [self._eval(item, depth + 1) for item in node]
        if isinstance(node, dict) and ("bbox" in node or "type" in node):
            return node
        raise InvalidInput(f"filter: unsupported expression {str(node)[:80]}")

    def _property(self, name: str):
        if name == self.geometry_column:
            return self.frame.geometry
        if name not in self.queryables:
            raise InvalidInput(f"filter: {name!r} is not a queryable; queryables: {', '.join(self.queryables)}")
        return self.frame[name]

    def _operation(self, op: str, args: list, depth: int) -> np.ndarray:
        if op in ("and", "or"):
            masks = [self._condition(arg, depth) for arg in args]
            return np.logical_and.reduce(masks) if op == "and" else np.logical_or.reduce(masks)
        if op == "not":
            return ~self._condition(args[0], depth)
        if not isinstance(args, list):
            raise InvalidInput(f"filter: the arguments of {op!r} must be a list")
        values = [self._eval(arg, depth + 1) for arg in args]
        if op in COMPARISONS:
            if len(values) == 2 and isinstance(values[1], pd.Series) and not isinstance(values[0], pd.Series):
                values, op = values[::-1], MIRRORED.get(op, op)  # 5 < population reads population > 5
            column, literal = self._column_and_literal(op, values)
            return self._compare(column, literal, COMPARISONS[op])
        if op == "like":
            column, pattern = self._column_and_literal(op, values, str)
            if self.queryables.get(str(column.name)) != "string":
                raise InvalidInput(f"filter: LIKE needs a text property; {column.name!r} is not text")
            regex = _like_regex(pattern)
            return column.astype("string").fillna("").str.match(regex).to_numpy(dtype=bool)
        if op == "in":
            if len(values) != 2 or not isinstance(values[0], pd.Series) or not isinstance(values[1], list):
                raise InvalidInput("filter: IN needs a property and a list of values")
            column, options = values
            masks = [self._compare(column, option, np.equal) for option in options]
            return np.logical_or.reduce(masks) if masks else np.zeros(len(self.frame), dtype=bool)
        if op == "between":
            if len(values) != 3:
                raise InvalidInput("filter: BETWEEN needs a property and two values")
            column, low, high = values
            if not isinstance(column, pd.Series) or self.queryables.get(str(column.name)) not in ("integer", "number"):
                raise InvalidInput("filter: BETWEEN needs a number property")
            return self._compare(column, low, np.greater_equal) & self._compare(column, high, np.less_equal)
        if op == "isnull":
            column = values[0]
            if not isinstance(column, pd.Series):
                raise InvalidInput("filter: IS NULL needs a property")
            return (column.isna() | (column.astype("string") == "")).to_numpy(dtype=bool)
        if op == "s_intersects":
            return self._intersects(values)
        raise InvalidInput(f"filter: the operator {op!r} is not supported; supported: and, or, not, "
                           "=, <>, <, <=, >, >=, like, in, between, isNull, s_intersects")

    def _condition(self, node: Any, depth: int) -> np.ndarray:
        value = self._eval(node, depth + 1)
        if isinstance(value, bool):  # TRUE / FALSE as a whole condition
            return np.full(len(self.frame), value)
        if not isinstance(value, np.ndarray) or value.dtype != bool:
            raise InvalidInput("filter: the expression must be a condition (true or false for each feature)")
        return value

    @staticmethod
    def _column_and_literal(op: str, values: list, kind: type | None = None):
        if len(values) != 2 or not isinstance(values[0], pd.Series) or isinstance(values[1], (pd.Series, np.ndarray)):
            raise InvalidInput(f"filter: {op} compares a property with a value")
        if kind is not None and not isinstance(values[1], kind):
            raise InvalidInput(f"filter: {op} needs a text pattern")
        return values[0], values[1]

    @staticmethod
    def _compare(column: pd.Series, literal, compare) -> np.ndarray:
        if isinstance(column, gpd.GeoSeries):
            raise InvalidInput("filter: the geometry is compared with S_INTERSECTS only")
        if pd.api.types.is_bool_dtype(column):
            if not isinstance(literal, bool) or compare not in (np.equal, np.not_equal):
                raise InvalidInput(f"filter: {column.name!r} is true or false; compare it with = or <> TRUE/FALSE")
            return np.asarray(compare(column.to_numpy(dtype=bool), literal), dtype=bool)
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        if numeric != isinstance(literal, (int, float)) or isinstance(literal, bool):
            kind = "a number" if numeric else "text"
            raise InvalidInput(f"filter: {column.name!r} holds {kind}; compared with {literal!r}")
        if numeric:
            return np.asarray(compare(column.to_numpy(dtype=float), float(literal)), dtype=bool) & column.notna().to_numpy()
        text = column.astype("string")
        return text.notna().to_numpy() & np.asarray(compare(text.fillna("").to_numpy(dtype=str), literal), dtype=bool)

    def _intersects(self, values: list) -> np.ndarray:
        shapes = [v for v in values if isinstance(v, dict)]
        if len(values) != 2 or len(shapes) != 1 or not any(isinstance(v, pd.Series) for v in values):
            raise InvalidInput("filter: S_INTERSECTS needs the geometry property and a bbox or geometry")
        if not all(isinstance(v, dict) or v.name == self.frame.geometry.name for v in values):
            raise InvalidInput(f"filter: S_INTERSECTS compares the geometry; the spatial queryable is {self.geometry_column!r}")
        return np.asarray(self.frame.geometry.intersects(_shape_in_utm(shapes[0], self.literal_crs)), dtype=bool)


def _like_regex(pattern: str) -> re.Pattern:
    """CQL2 LIKE: % any text, _ one character, a backslash makes the next character literal."""
    parts, escaped = [], False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
    if escaped:
        parts.append(re.escape("\\"))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


def _literal_shape(literal: dict, crs: LiteralCrs):
    """A CQL2 bbox or GeoJSON geometry as written, axes put in x/y order."""
    if "bbox" in literal:
        box = [float(v) for v in literal["bbox"]]
        box = box[:2] + box[3:5] if len(box) == 6 else box
        if len(box) != 4:
            raise ValueError("bbox needs minx, miny, maxx, maxy")
        if crs.lat_first:
            box = [box[1], box[0], box[3], box[2]]
        if box[0] > box[2] or box[1] > box[3]:
            raise ValueError("bbox lower corner must not exceed the upper corner")
        shape = shapely.box(*box)
    else:
        shape = shapely.geometry.shape(literal)
        if crs.lat_first:
            shape = shapely.transform(shape, lambda c: c[:, ::-1])
    if shape.is_empty or not np.isfinite(shapely.get_coordinates(shape)).all():
        raise ValueError("no finite coordinates")
    return shape if shape.is_valid else shapely.make_valid(shape)


def _shape_in_utm(literal: dict, crs: LiteralCrs = CRS84_LITERALS):
    """A CQL2 bbox or GeoJSON geometry in the filter CRS as a shapely geometry in EPSG:25832."""
    try:
        shape = _literal_shape(literal, crs)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, shapely.errors.GEOSException) as error:
        raise InvalidInput(f"filter: unusable geometry ({str(error)[:120]})") from None
    if crs.code == UTM32N:
        return shape
    if not crs.geographic:
        to_lonlat = transformer(crs.code, "OGC:CRS84")
        shape = shapely.transform(shape, lambda c: np.column_stack(to_lonlat.transform(c[:, 0], c[:, 1])))
        if not np.isfinite(shapely.get_coordinates(shape)).all():
            raise InvalidInput(f"filter: geometry outside the extent of {crs.code}")
    minx, miny, maxx, maxy = shape.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise InvalidInput("filter: geometry coordinates must be longitude and latitude in the filter-crs "
                           f"({crs.code}); metres need filter-crs")
    # Clip to where UTM 32N is meaningful (as bbox parsing does), then project with dense edges.
    shape = shapely.intersection(shape, shapely.box(-16, 30, 40, 75))
    extent = max(maxx - minx, maxy - miny)
    if extent > 0:
        shape = shapely.segmentize(shape, max_segment_length=extent / 16)
    project = transformer("OGC:CRS84", UTM32N)
    return shapely.transform(shape, lambda c: np.column_stack(project.transform(c[:, 0], c[:, 1])))


def queryable_types(frame: pd.DataFrame, names: list[str]) -> dict[str, str]:
    """JSON Schema type of each queryable column, for /queryables and for type checks."""
    types = {}
    for name in names:
        column = frame[name]
        if pd.api.types.is_bool_dtype(column):
            types[name] = "boolean"
        elif pd.api.types.is_integer_dtype(column):
            types[name] = "integer"
        elif pd.api.types.is_numeric_dtype(column):
            types[name] = "number"
        else:
            types[name] = "string"
    return types
