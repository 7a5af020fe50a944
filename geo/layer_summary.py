"""A planner's layer summed per commune, per Kreis and for the region.

A feature's numbers are split over the communes it lies in by its share there (area for
polygons, length for lines; a point or a row of a commune table lies in one commune whole): the
usual areal weighting, stated in every summary as `weighting`. So the region's sum is the sum of
the numbers of what lies inside the Ruhr area, and no feature is counted twice. Every commune
appears, with zeros where the layer has nothing.
"""
from __future__ import annotations

import json
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


@dataclass(frozen=True)
class UnitSums:
    """The sums a summary is made of, per unit (level, code): features, length or area, and per
    numeric column its sum and weight; names and population are joined when the summary is asked for."""
    kind: str
    numeric: tuple[str, ...]
    rows: list[dict]
    kreis_of: dict[str, str]  # each commune's Kreis when the sums were made (an edition may move one)

    def as_json(self) -> str:
        return json.dumps({"kind": self.kind, "numeric": list(self.numeric), "rows": self.rows,
                           "kreis_of": self.kreis_of}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> UnitSums:
        stored = json.loads(text)
        return cls(stored["kind"], tuple(stored["numeric"]), stored["rows"], stored.get("kreis_of", {}))


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
    bins = unit + 1  # parts of no unit go to bin 0, which is dropped: no masked copies of the weights
    if one_part_each:  # one part per feature (points, commune tables): parts are features
        features = np.bincount(bins, minlength=count + 1)[1:]
    else:
        keep = unit >= 0
        feature = parts.frame["feature"].to_numpy(dtype=np.int64)
        pairs = np.unique(feature[keep] * count + unit[keep])
        features = np.bincount(pairs % count, minlength=count)
    result = {"features": features.astype(float)}

    def summed(weights: np.ndarray) -> np.ndarray:  # each bin adds its parts in order, as ever
        return np.bincount(bins, weights=weights, minlength=count + 1)[1:]

    if kind in (POLYGON, LINE):
        result["area_m2" if kind == POLYGON else "length_m"] = summed(parts.frame["measure"].to_numpy(dtype=float))
    for column, (sums, weights) in weighted.items():
        result[f"{column}_sum"] = summed(sums)
        result[f"{column}_weight"] = summed(weights)  # the mean's divisor: the shares of the features with a number
    return result


def unit_sums(region: Region, parts: Parts, values: pd.DataFrame, kind: str) -> UnitSums:
    """What the layer adds up to per unit: communes (all 53), then the Kreise with more than one
    commune, then the region; computed once at upload, so a summary is a small read, not the layer's."""
    numeric = numeric_columns(values)
    weighted = _weighted(parts, values, numeric)
    communes = region.communes.set_index("ags").sort_index()
    districts = communes["district_code"]
    kreise = _kreise(communes)
    # Each part's commune position; a part of an unknown AGS (-1) counts for the region only, as it always has.
    codes, distinct = pd.factorize(parts.frame["ags"])  # hashed once; only the few distinct AGS are looked up
    commune_of = np.append(communes.index.get_indexer(distinct), -1)[codes]  # code -1 (no AGS) takes the -1
    one_part_each = parts.one_per_feature()
    rows = []
    plans = [("commune", np.arange(len(communes)), list(communes.index), -1),
             ("district", pd.Index(kreise).get_indexer(districts), kreise, -1),
             ("region", np.zeros(len(communes), dtype=np.int64), [REGION_CODE], 0)]
    if one_part_each:  # features are parts: a Kreis or the region adds up its communes' sums, not the parts again
        elsewhere = len(communes)  # one more unit: the parts of no commune of the region (they count for it)
        per_commune = _unit_rows(parts, np.where(commune_of < 0, elsewhere, commune_of), elsewhere + 1, weighted,
                                 kind, True)
    for level, unit_of_commune, unit_codes, unknown in plans:
        unit = np.append(unit_of_commune, unknown).astype(np.int64)  # index -1 (no commune) takes `unknown`
        if one_part_each:
            kept = unit >= 0
            sums = {column: np.bincount(unit[kept], weights=value[kept], minlength=len(unit_codes))
                    for column, value in per_commune.items()}
        else:
            sums = _unit_rows(parts, unit[commune_of], len(unit_codes), weighted, kind, False)
        for position, code in enumerate(unit_codes):
            rows.append({"level": level, "code": str(code),
                         **{column: float(value[position]) for column, value in sums.items()}})
    return UnitSums(kind, numeric, rows, {str(ags): str(code) for ags, code in districts.items()})


def summary_of(region: Region, sums: UnitSums) -> LayerSummary | None:
    """The summary table of the stored sums, with names, population and area of `region` as they are
    now; None when the region's units, or the Kreis of a commune, are no longer those the sums were made for."""
    communes = region.communes.set_index("ags").sort_index()
    districts = communes["district_code"]
    kreise = _kreise(communes)
    units = [("commune", code) for code in communes.index] + [("district", code) for code in kreise] + \
        [("region", REGION_CODE)]
    if units != [(row["level"], row["code"]) for row in sums.rows] or \
            sums.kreis_of != {str(ags): str(code) for ags, code in districts.items()}:
        return None
    name, population, area = (communes[column].to_dict() for column in ("name", "population", "area_m2_computed"))
    for code in kreise:
        members = communes.loc[districts == code]
        name[code], population[code] = _district_name(communes, code), members["population"].sum()
        area[code] = members["area_m2_computed"].sum()
    name[REGION_CODE], population[REGION_CODE] = "Metropole Ruhr", communes["population"].sum()
    area[REGION_CODE] = communes["area_m2_computed"].sum()
    measure = {POLYGON: "area_m2", LINE: "length_m"}.get(sums.kind)
    table = []
    for stored in sums.rows:
        code = stored["code"]
        row = {"level": stored["level"], "code": code, "name": name[code], "population": int(population[code]),
               "features": stored["features"]}
        if measure:
            row[measure] = stored[measure]
        for column in sums.numeric:
            total, weight = stored[f"{column}_sum"], stored[f"{column}_weight"]
            row[f"{column}_sum"] = total
            row[f"{column}_mean"] = total / weight if weight > 0 else None  # nothing to average where empty
        if sums.kind == POLYGON:
            row["area_share"] = row["area_m2"] / float(area[code])
        for column in sums.numeric:
            row[f"{column}_per_{PER_INHABITANTS}"] = row[f"{column}_sum"] / row["population"] * PER_INHABITANTS
        table.append(row)
    rows = pd.DataFrame(table)
    rows["features"] = rows["features"].astype(int)
    return LayerSummary(rows, sums.numeric, WEIGHTING[sums.kind])


def summarise(region: Region, parts: Parts, values: pd.DataFrame, kind: str) -> LayerSummary:
    """The per-unit table: communes (all 53), then the Kreise with more than one commune, then the region."""
    summary = summary_of(region, unit_sums(region, parts, values, kind))
    assert summary is not None  # the sums were made for this very region
    return summary


def _kreise(communes: pd.DataFrame) -> list[str]:
    """District codes of the Kreise (a kreisfreie Stadt is already a commune row)."""
    counts = communes.groupby("district_code").size()
    return sorted(counts[counts > 1].index)


def _district_name(communes: pd.DataFrame, code: str) -> str:
    return str(communes.loc[communes["district_code"] == code, "district_name"].iloc[0])


def _floats(column: pd.Series) -> pd.Series:
    """A number column as float64 (anything else as NaN); float64 as it is, uncopied."""
    return column if column.dtype == np.float64 else pd.to_numeric(column, errors="coerce").astype(float)


def table_sums(region: Region, columns: list[dict], table: LayerTable) -> UnitSums:
    """The sums of a stored layer's compact table (geo/layer_table.py): its number columns summed."""
    numbers = [c["name"] for c in columns if c["type"] == "number"]
    values = pd.DataFrame({name: _floats(table.values[name]) for name in numbers}, index=range(len(table)), copy=False)
    return unit_sums(region, Parts(table.parts), values, table.kind)


def summarise_table(region: Region, columns: list[dict], table: LayerTable) -> LayerSummary:
    """The summary of a stored layer's compact table, computed from its features."""
    summary = summary_of(region, table_sums(region, columns, table))
    assert summary is not None  # the sums were made for this very region
    return summary
