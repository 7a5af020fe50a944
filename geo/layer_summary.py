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


def _weighted(parts: Parts, values: pd.DataFrame, numeric: tuple[str, ...]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per numeric column and part: the part's share of the feature's number, and its weight (0 where empty)."""
    feature = parts.frame["feature"].to_numpy(dtype=np.int64)
    share = parts.frame["feature_share"].to_numpy(dtype=float)
    weighted = {}
    for column in numeric:
        cells = values[column].to_numpy(dtype=float)[feature]
        known = ~np.isnan(cells)
        weighted[column] = (np.where(known, cells * share, 0.0), np.where(known, share, 0.0))
    return weighted


def _unit_rows(parts: Parts, unit: np.ndarray, count: int, weighted: dict, kind: str,
               one_part_each: bool) -> dict[str, np.ndarray]:
    """Sums per unit (`unit`: each part's unit position, -1 for none), as arrays of `count` units;
    features counted once per unit even when several of its parts lie there. Plain numpy bincounts:
    a million parts are summed in milliseconds, where a groupby on the AGS text took most of a second."""
    keep = None if unit.min(initial=0) >= 0 else unit >= 0
    chosen = unit if keep is None else unit[keep]
    if one_part_each:  # one part per feature (points, commune tables): parts are features
        features = np.bincount(chosen, minlength=count)
    else:
        feature = parts.frame["feature"].to_numpy(dtype=np.int64)
        pairs = np.unique((feature if keep is None else feature[keep]) * count + chosen)
        features = np.bincount(pairs % count, minlength=count)
    result = {"features": features.astype(float)}

    def summed(weights: np.ndarray) -> np.ndarray:
        return np.bincount(chosen, weights=weights if keep is None else weights[keep], minlength=count)

    if kind in (POLYGON, LINE):
        result["area_m2" if kind == POLYGON else "length_m"] = summed(parts.frame["measure"].to_numpy(dtype=float))
    for column, (sums, weights) in weighted.items():
        result[f"{column}_sum"] = summed(sums)
        weight = summed(weights)
        with np.errstate(invalid="ignore", divide="ignore"):
            result[f"{column}_mean"] = np.where(weight > 0, result[f"{column}_sum"] / weight, np.nan)
    return result


def summarise(region: Region, parts: Parts, values: pd.DataFrame, kind: str) -> LayerSummary:
    """The per-unit table: communes (all 53), then the Kreise with more than one commune, then the region."""
    numeric = numeric_columns(values)
    weighted = _weighted(parts, values, numeric)
    communes = region.communes.set_index("ags").sort_index()
    districts = communes["district_code"]
    kreise = _kreise(communes)
    # Each part's commune position; a part of an unknown AGS (-1) counts for the region only, as it always has.
    codes, distinct = pd.factorize(parts.frame["ags"])  # hashed once; only the few distinct AGS are looked up
    commune_of = np.append(communes.index.get_indexer(distinct), -1)[codes]  # code -1 (no AGS) takes the -1
    one_part_each = parts.frame["feature"].is_unique
    units = []
    plans = [("commune", np.arange(len(communes)), list(communes.index), lambda code: communes.loc[code, "name"],
              lambda code: communes.loc[code, "population"], lambda code: communes.loc[code, "area_m2_computed"], -1),
             ("district", pd.Index(kreise).get_indexer(districts), kreise, lambda code: _district_name(communes, code),
              lambda code: communes.loc[districts == code, "population"].sum(),
              lambda code: communes.loc[districts == code, "area_m2_computed"].sum(), -1),
             ("region", np.zeros(len(communes), dtype=np.int64), [REGION_CODE], lambda code: "Metropole Ruhr",
              lambda code: communes["population"].sum(), lambda code: communes["area_m2_computed"].sum(), 0)]
    for level, unit_of_commune, codes, name, population, area, unknown in plans:
        unit = np.append(unit_of_commune, unknown).astype(np.int64)[commune_of]  # index -1 takes `unknown`
        sums = _unit_rows(parts, unit, len(codes), weighted, kind, one_part_each)
        for position, code in enumerate(codes):
            row = {"level": level, "code": code, "name": name(code), "population": int(population(code))}
            row.update({column: _zero_filled(value[position], column) for column, value in sums.items()})
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
