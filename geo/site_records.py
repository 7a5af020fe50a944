"""Every programme site as one record, built once: nearby, search, layers, reports and pages all
project their fields from here, so a site reads the same wherever it appears.

One rule for missing values: an empty cell and a coordinate that is not published are None.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.frame_rows import frame_rows
from geo.place_names import PlaceNames
from geo.programme_registry import ProgrammeRegistry


@dataclass(frozen=True)
class SiteRecord:
    id: str
    programme: str
    programme_name: str
    name: str
    communes: str                 # the places the data names, as written ('05914000;05954')
    code_list: tuple[str, ...]
    ags: str | None               # geocoded commune, else the first commune named; None for a Kreis-level site
    commune: str | None
    district_code: str | None
    district: str | None
    address: str | None
    precision: str                # 'address' | 'landmark' | 'commune' (position not published)
    identification: str | None
    level: str | None
    status: str
    year: str | None
    source: str
    coordinate_source: str | None
    lon: float | None             # WGS84, 6 decimals; None when the position is not published
    lat: float | None
    x: float | None               # EPSG:25832 metres
    y: float | None

    @property
    def located(self) -> bool:
        return self.lon is not None

    def fields(self, names) -> dict:
        """The named fields as a plain dict, in the order given."""
        return {name: getattr(self, name) for name in names}  # (asdict deep-copied every field: a rebuild's 5 %)


def _text(value) -> str | None:
    return None if value is None or value == "" or (isinstance(value, float) and math.isnan(value)) else str(value)


def _number(value, digits: int | None = None) -> float | None:
    if value is None or value != value:
        return None
    return round(float(value), digits) if digits is not None else float(value)


def build_site_records(sites: pd.DataFrame, names: PlaceNames, registry: ProgrammeRegistry) -> tuple[SiteRecord, ...]:
    """One record per row of sites.csv, in file order."""
    records = []
    for s in frame_rows(sites):
        codes = tuple(s.code_list)
        home = s.ags or next((c for c in codes if c in names.communes), None)
        district_code = names.district_of[home] if home else (codes[0] if codes else None)
        records.append(SiteRecord(
            id=s.id, programme=s.programme, programme_name=registry.get(s.programme).name_de, name=s.name,
            communes=s.communes, code_list=codes, ags=home, commune=names.communes[home] if home else None,
            district_code=district_code, district=names.place(district_code) if district_code else None,
            address=_text(s.address), precision=s.precision, identification=_text(s.identification),
            level=_text(s.level), status=s.status, year=_text(s.year), source=s.source,
            coordinate_source=_text(s.coordinate_source), lon=_number(s.lon, 6), lat=_number(s.lat, 6),
            x=_number(s.x), y=_number(s.y)))
    return tuple(records)
