"""A planner's layer summed per commune, per Kreis and for the region.

A feature's numbers are split over the communes it lies in by its share there (area for
polygons, length for lines; a point or a row of a commune table lies in one commune whole): the
usual areal weighting, stated in every summary as `weighting`. So the region's sum is the sum of
the numbers of what lies inside the Ruhr area, and no feature is counted twice. Every commune
appears, with zeros where the layer has nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.boundaries import Region
from geo.layer_table import LayerTable
from geo.overlay import LINE, POINT, POLYGON, Parts

WEIGHTING = {POINT: "whole (a point lies in one commune)",
             LINE: "by length inside each commune",
             POLYGON: "by area inside each commune",
             "commune": "whole (one row per commune)"}
PER_INHABITANTS = 1_000
REGION_CODE = "ruhr"


@dataclass(frozen=True)
class LayerSummary:
    rows: pd.DataFrame       # one row per unit: level, code, name, district, population, features, measures...
    numeric: tuple[str, ...]  # the layer's numeric columns that were summed
    weighting: str


def numeric_columns(values: pd.DataFrame) -> tuple[str, ...]:
    """Columns that are numbers in every non-empty cell (the reader has already parsed decimal commas)."""
    return tuple(c for c in values.columns if pd.api.types.is_numeric_dtype(values[c]) and not
                 pd.api.types.is_bool_dtype(values[c]))


def _weighted(parts: Parts, values: pd.DataFrame, numeric: tuple[str, ...]) -> pd.DataFrame:
    frame = parts.frame.copy()
    for column in numeric:
        cells = values[column].to_numpy(dtype=float)[frame["feature"].to_numpy(dtype=int)]
        frame[f"{column}_sum"] = np.where(np.isnan(cells), 0.0, cells * frame["feature_share"])
        frame[f"{column}_weight"] = np.where(np.isnan(cells), 0.0, frame["feature_share"])
    return frame


def _unit_rows(weighted: pd.DataFrame, key: pd.Series, numeric: tuple[str, ...], kind: str) -> pd.DataFrame:
    """Sums per unit; features counted once per unit even when several of its parts lie there."""
    grouped = weighted.assign(unit=key).groupby("unit")
    # One part per feature (points, commune tables): counting parts is counting features, and much quicker.
    one_part_each = weighted["feature"].is_unique
    result = pd.DataFrame({"features": grouped.size() if one_part_each else grouped["feature"].nunique()})
    if kind == POLYGON:
        result["area_m2"] = grouped["measure"].sum()
    if kind == LINE:
        result["length_m"] = grouped["measure"].sum()
    for column in numeric:
        result[f"{column}_sum"] = grouped[f"{column}_sum"].sum()
        weight = grouped[f"{column}_weight"].sum()
        result[f"{column}_mean"] = result[f"{column}_sum"] / weight.where(weight > 0)
    return result


def summarise(region: Region, parts: Parts, values: pd.DataFrame, kind: str) -> LayerSummary:
    """The per-unit table: communes (all 53), then the Kreise with more than one commune, then the region."""
    numeric = numeric_columns(values)
    weighted = _weighted(parts, values, numeric)
    communes = region.communes.set_index("ags").sort_index()
    units = []
    districts = communes["district_code"]
    plans = [("commune", weighted["ags"], communes.index, lambda code: communes.loc[code, "name"],
              lambda code: communes.loc[code, "population"], lambda code: communes.loc[code, "area_m2_computed"]),
             ("district", weighted["ags"].map(districts), _kreise(communes), lambda code: _district_name(communes, code),
              lambda code: communes.loc[districts == code, "population"].sum(),
              lambda code: communes.loc[districts == code, "area_m2_computed"].sum()),
             ("region", pd.Series(REGION_CODE, index=weighted.index), [REGION_CODE], lambda code: "Metropole Ruhr",
              lambda code: communes["population"].sum(), lambda code: communes["area_m2_computed"].sum())]
    for level, key, codes, name, population, area in plans:
        sums = _unit_rows(weighted, key, numeric, kind).reindex(list(codes))
        for code in codes:
            row = {"level": level, "code": code, "name": name(code), "population": int(population(code))}
            row.update({column: _zero_filled(sums.loc[code, column], column) for column in sums.columns})
            if kind == POLYGON:
                row["area_share"] = row["area_m2"] / float(area(code))
            for column in numeric:
                row[f"{column}_per_{PER_INHABITANTS}"] = row[f"{column}_sum"] / row["population"] * PER_INHABITANTS
            units.append(row)
    rows = pd.DataFrame(units)
    rows["features"] = rows["features"].astype(int)
    return LayerSummary(rows, numeric, WEIGHTING[kind])


def _zero_filled(value, column: str):
    """A unit the layer does not touch has 0 features and sums, and no mean (there is nothing to average)."""
    if pd.isna(value):
        return None if column.endswith("_mean") else 0.0
    return float(value)


def _kreise(communes: pd.DataFrame) -> list[str]:
    """District codes of the Kreise (a kreisfreie Stadt is already a commune row)."""
    counts = communes.groupby("district_code").size()
    return sorted(counts[counts > 1].index)


def _district_name(communes: pd.DataFrame, code: str) -> str:
    return str(communes.loc[communes["district_code"] == code, "district_name"].iloc[0])


def summarise_table(region: Region, columns: list[dict], table: LayerTable) -> LayerSummary:
    """The summary of a stored layer's compact table (geo/layer_table.py): its number columns summed."""
    numbers = [c["name"] for c in columns if c["type"] == "number"]
    values = pd.DataFrame({name: pd.to_numeric(table.values[name], errors="coerce").astype(float) for name in numbers},
                          index=range(len(table)))
    return summarise(region, Parts(table.parts), values, table.kind)
