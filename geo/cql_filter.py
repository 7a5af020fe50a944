"""OGC API - Features Part 3 filters, evaluated on a layer's rows.

The service parses CQL2 text or JSON (with the `cql2` library) into CQL2-JSON; this module turns
that tree into a boolean mask over the layer's frame with vectorised pandas/shapely operations.
Only the layer's queryables may be named; every unsupported operator, unknown property or type
mismatch is an InvalidInput that says which, so a client never gets a silently wrong selection.

Supported: and, or, not; =, <>, <, <=, >, >=; like (with % and _); in; between; isNull;
s_intersects with a bbox or a GeoJSON geometry in CRS84 (the spatial predicate of Basic Spatial).
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.crs import UTM32N, transformer
from geo.errors import InvalidInput

COMPARISONS = {"=": np.equal, "<>": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
               ">=": np.greater_equal}
# Deep trees cost stack and time; no real client sends more than a few dozen nodes.
MAX_DEPTH = 32


class FilterEvaluator:
    """Evaluate one CQL2-JSON tree against a frame whose columns include the queryables."""

    def __init__(self, frame: pd.DataFrame, queryables: dict[str, str], geometry_column: str = "geometry"):
        self.frame = frame
        self.queryables = queryables          # property name -> JSON type ("string", "number", "integer", "boolean")
        self.geometry_column = geometry_column

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
        values = [self._eval(arg, depth + 1) for arg in args]
        if op in COMPARISONS:
            column, literal = self._column_and_literal(op, values)
            return self._compare(column, literal, COMPARISONS[op])
        if op == "like":
            column, pattern = self._column_and_literal(op, values, str)
            regex = re.compile("^" + re.escape(pattern).replace("%", ".*").replace("_", ".") + "$", re.DOTALL)
            return column.astype("string").fillna("").str.match(regex).to_numpy(dtype=bool)
        if op == "in":
            column, options = values[0], values[1]
            if not isinstance(column, pd.Series) or not isinstance(options, list):
                raise InvalidInput("filter: IN needs a property and a list of values")
            return column.isin(options).to_numpy(dtype=bool)
        if op == "between":
            column = values[0]
            low, high = values[1], values[2]
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
        return np.asarray(self.frame.geometry.intersects(_shape_in_utm(shapes[0])), dtype=bool)


def _shape_in_utm(literal: dict):
    """A CQL2 bbox or GeoJSON geometry in CRS84 as a shapely geometry in EPSG:25832."""
    try:
        if "bbox" in literal:
            box = [float(v) for v in literal["bbox"]]
            box = box[:2] + box[3:5] if len(box) == 6 else box
            if len(box) != 4 or box[0] > box[2] or box[1] > box[3]:
                raise ValueError("bbox needs minx, miny, maxx, maxy with min <= max")
            shape = shapely.box(*box)
        else:
            shape = shapely.geometry.shape(literal)
        if not shape.is_valid:
            shape = shapely.make_valid(shape)
    except (ValueError, TypeError, KeyError, shapely.errors.GEOSException) as error:
        raise InvalidInput(f"filter: unusable geometry ({error})") from None
    minx, miny, maxx, maxy = shape.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise InvalidInput("filter: geometry coordinates must be CRS84 longitude and latitude")
    # Clip to where UTM 32N is meaningful (as bbox parsing does) before projecting.
    shape = shapely.intersection(shape, shapely.box(-16, 30, 40, 75))
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
