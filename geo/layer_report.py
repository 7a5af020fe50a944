"""A read layer placed on the communes, and the report an upload answers with."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.boundaries import Region
from geo.geocoder import Geocoder
from geo.layer_files import COMMUNE, LayerFile
from geo.overlay import PART_COLUMNS, POINT, Parts, inside_share, place_lonlat_points, place_points, place_shapes


def place_layer(layer: LayerFile, region: Region, geocoder: Geocoder) -> Parts:
    """Each row's parts per commune: a commune table's rows whole to their commune, points by the
    geocoder, lines and polygons cut by the boundaries."""
    if layer.kind == COMMUNE:
        count = len(layer.communes or [])
        frame = pd.DataFrame({"feature": np.arange(count), "ags": layer.communes or [], "measure": 1.0,
                              "feature_share": 1.0, "commune_share": 0.0})
        return Parts(frame[PART_COLUMNS])
    if layer.kind == POINT and layer.point_xy is None and layer.point_lonlat is not None:
        return place_lonlat_points(geocoder, *layer.point_lonlat)
    if layer.kind == POINT:
        return place_points(geocoder, *layer.xy())
    return place_shapes(region.communes, layer.geometries, layer.kind)


@dataclass(frozen=True)
class UploadReport:
    rows_read: int
    features: int                           # usable rows
    placed_per_commune: dict[str, int]      # AGS -> features with a part there
    outside: np.ndarray                     # lines of usable rows wholly outside the Ruhr area (int64)
    rejected: list[tuple[int, str]]         # (line, reason)
    repaired: list[tuple[int, str]]

    def as_json(self) -> dict:
        return {"rows_read": self.rows_read, "features": self.features,
                "placed_per_commune": self.placed_per_commune, "outside_count": len(self.outside),
                "outside_lines": self.outside[:100].tolist(),
                "rejected_count": len(self.rejected),
                "rejected": [{"line": line, "reason": reason} for line, reason in self.rejected[:100]],
                "repaired": [{"line": line, "note": note} for line, note in self.repaired[:100]]}


def report_of(layer: LayerFile, parts: Parts) -> UploadReport:
    frame = parts.frame
    # Features counted once per commune; one part per feature (points) needs no de-duplication.
    once = frame if parts.one_per_feature() else frame.drop_duplicates(["feature", "ags"])
    per_commune = once["ags"].value_counts(sort=False).sort_index()
    shares = inside_share(parts, len(layer.lines))
    outside = layer.line_numbers()[shares == 0]  # an array: a million Python ints would take a while
    return UploadReport(layer.rows_read, len(layer.lines), {str(k): int(v) for k, v in per_commune.items()},
                        outside, list(layer.rejected), list(layer.notes))


def columns_of(values: pd.DataFrame) -> list[dict]:
    """Each column's name and type: `number` (summed in a layer's summary and grid), `boolean` (a yes/no
    field: counted as no amount, as geo/layer_summary.numeric_columns has it) or `text`."""
    return [{"name": str(c), "type": _column_type(values[c])} for c in values.columns]


def _column_type(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    return "number" if pd.api.types.is_numeric_dtype(column) else "text"
