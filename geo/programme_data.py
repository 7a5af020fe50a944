"""Load the programme data set (data/programmes/), geocode its points and validate every row.

A row that cannot be trusted stops loading with a message naming file, line and id: a map that
silently drops or misplaces a school is worse than no map.
"""
from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple

import numpy as np
import pandas as pd

from geo.boundaries import Region
from geo.crs import lonlat_to_utm
from geo.data_files import read_csv
from geo.errors import DataError
from geo.geocoder import Geocoder, lonlat_problems
from geo.programme_registry import ProgrammeRegistry
from geo.programme_rules import (
    BOOLEANS, FUNDERS, IDENTIFICATIONS, KINDS, MEASURES, PRECISIONS, STATUSES, WIDE_SCOPES, is_wide, split_list,
)

FOLDER = "programmes"
PROGRAMME_ID = r"[a-z][a-z0-9_]*"
# Numbers in the files (orders, pages, report lines) are ASCII digits: str.isdigit also takes "²" and
# other scripts' digits, and pandas' arrow and object strings disagree on hundreds of characters.
DIGITS = r"[0-9]+"


@dataclass(frozen=True)
class ProgrammeData:
    programmes: pd.DataFrame     # one row per programme, indexed by id
    sites: pd.DataFrame          # + code_list, ags (geocoded, '' for commune-level), x, y, lon, lat
    five_locations: pd.DataFrame
    projects: pd.DataFrame       # + code_list
    funding: pd.DataFrame        # + scope_list, amount, counted_amount
    registry: ProgrammeRegistry  # the programmes in display order, with colours and labels


class Problems:
    """Collects 'file line N (id): message' entries so a check can report all of them at once."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.entries: list[tuple[str, int, str, str]] = []  # (file, line, id, message) for callers that map them

    def add(self, file: str, line: int, key: str, message: str) -> None:
        self.items.append(f"{file} line {line} ({key or 'no id'}): {message}")
        self.entries.append((file, line, key, message))

    def raise_if_any(self) -> None:
        if self.items:
            shown = "\n  ".join(self.items[:20])
            more = f"\n  … and {len(self.items) - 20} more" if len(self.items) > 20 else ""
            raise DataError(f"{len(self.items)} problem(s) in the programme data:\n  {shown}{more}")


@lru_cache(maxsize=32)
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns)


def _rows(frame: pd.DataFrame) -> Iterator[NamedTuple]:
    """The frame's rows as named tuples of plain values (what itertuples gives, without the index).

    pandas' itertuples indexes every arrow-backed column on each call, which made checking one
    store write take over 100 ms; one conversion of the whole frame takes a fraction of that."""
    if frame.empty:
        return iter(())
    return map(_row_type(tuple(frame.columns))._make, frame.to_numpy(dtype=object).tolist())


def _read(folder: Path, name: str, required: list[str]) -> pd.DataFrame:
    return read_csv(folder / name, required)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return float("nan")
    return value if np.isfinite(value) else float("nan")


def _check_unique_ids(frame: pd.DataFrame, column: str, file: str, problems: Problems, allow_empty=False) -> None:
    seen: set[str] = set()
    for row in _rows(frame):
        key = getattr(row, column)
        if not key and not allow_empty:
            problems.add(file, row.line, key, f"{column} is empty")
        elif key and key in seen:
            problems.add(file, row.line, key, f"duplicate {column}")
        seen.add(key)


def _check_required(frame: pd.DataFrame, columns: list[str], key: str, file: str, problems: Problems) -> None:
    records = list(_rows(frame))
    for column in columns:
        for row in records:
            if not getattr(row, column).strip():
                problems.add(file, row.line, getattr(row, key), f"{column} is empty")


def _check_vocabulary(frame, column, allowed, key, file, problems, optional=False) -> None:
    for row in _rows(frame):
        value = getattr(row, column)
        if (value or not optional) and value not in allowed:
            problems.add(file, row.line, getattr(row, key), f"{column} {value!r} is not one of {', '.join(allowed)}")


def _check_codes(frame, column, known, key, file, problems, extra=()) -> None:
    for row in _rows(frame):
        for code in split_list(getattr(row, column)):
            if code not in known and code not in extra:
                problems.add(file, row.line, getattr(row, key), f"unknown commune or district code {code!r} in {column}")


def _geocode_sites(sites: pd.DataFrame, geocoder: Geocoder, region: Region, problems: Problems) -> None:
    """Assign every point its commune; it must be one the row declares (or lie in a declared Kreis).

    Row by row on plain values, not column operations: a write checks a single site, where each
    pandas operation cost more than the row itself (the loader's whole edition is as fast)."""
    records = list(_rows(sites))
    points = np.array([row.precision != "commune" for row in records], dtype=bool)
    lon = np.array([_number(row.lon) for row in records], dtype=float)
    lat = np.array([_number(row.lat) for row in records], dtype=float)
    reasons = lonlat_problems(lon, lat)
    names = dict(zip(region.communes["ags"], region.communes["name"]))
    for row, point in zip(records, points):
        if not point and (row.lat or row.lon):
            problems.add("sites.csv", row.line, row.id, "precision 'commune' must not carry coordinates (position unknown)")
    usable = points & (reasons == "")
    for index in np.flatnonzero(points & (reasons != "")):
        row = records[index]
        problems.add("sites.csv", row.line, row.id, f"bad coordinate: {reasons[index]} (lat {row.lat!r}, lon {row.lon!r})")
    positions = geocoder.locate_lonlat(lon[usable], lat[usable]) if usable.any() else np.array([], dtype=int)
    located = geocoder.ags_of(positions)
    ags_column = [""] * len(records)
    for index, ags in zip(np.flatnonzero(usable), located):
        row = records[index]
        declared = row.code_list
        if ags is None:
            problems.add("sites.csv", row.line, row.id, f"point ({row.lat}, {row.lon}) lies outside the Ruhr area")
        elif ags not in declared and ags[:5] not in declared:
            problems.add("sites.csv", row.line, row.id,
                         f"point lies in {names[ags]} ({ags}) but the row declares {', '.join(declared) or 'no commune'}")
        else:
            ags_column[index] = ags
    sites["ags"] = pd.Series(ags_column, index=sites.index, dtype=str)
    x, y = lonlat_to_utm(np.where(usable, lon, np.nan), np.where(usable, lat, np.nan))
    sites["lon"], sites["lat"], sites["x"], sites["y"] = np.where(usable, lon, np.nan), np.where(usable, lat, np.nan), x, y


def _check_programmes(programmes: pd.DataFrame, problems: Problems) -> None:
    """The registry's columns: ids usable in URLs and column names, a colour, a display order."""
    file = "programmes.csv"
    _check_unique_ids(programmes, "id", file, problems)
    _check_required(programmes, ["name_de", "name_en", "label_de", "label_en", "description_de", "source"], "id", file, problems)
    for row in _rows(programmes):
        if row.id and not re.fullmatch(PROGRAMME_ID, row.id):
            problems.add(file, row.line, row.id, "id must be lower-case letters, digits and '_' (it names URLs and columns)")
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", row.colour):
            problems.add(file, row.line, row.id, f"colour {row.colour!r} is not a colour like #1b9e77")
        if not re.fullmatch(DIGITS, row.order):
            problems.add(file, row.line, row.id, f"order {row.order!r} is not a whole number")
        if row.report_page and not re.fullmatch(DIGITS, row.report_page):
            problems.add(file, row.line, row.id, f"report_page {row.report_page!r} is not a page number")


def _check_funding(funding: pd.DataFrame, known: set[str], programmes: set[str], project_ids: set[str],
                   problems: Problems) -> None:
    file = "funding.csv"
    rows = list(_rows(funding))
    for row in rows:
        if row.project_id and row.project_id not in project_ids:
            problems.add(file, row.line, row.figure_id, f"unknown project_id {row.project_id!r}")
    figure_ids = {row.figure_id for row in rows}
    for row in rows:
        if row.part_of and row.part_of not in figure_ids:
            problems.add(file, row.line, row.figure_id, f"part_of names unknown figure {row.part_of!r}")
    _check_codes(funding, "scope", known, "figure_id", file, problems, extra=tuple(WIDE_SCOPES))
    _check_vocabulary(funding, "measure", MEASURES, "figure_id", file, problems)
    _check_vocabulary(funding, "shared", BOOLEANS, "figure_id", file, problems)
    _check_vocabulary(funding, "programme_total", BOOLEANS, "figure_id", file, problems)
    _check_vocabulary(funding, "programme", sorted(programmes), "figure_id", file, problems, optional=True)
    _check_vocabulary(funding, "kind", KINDS, "figure_id", file, problems)
    communes = {code for code in known if len(code) == 8}
    for row in _rows(funding):
        if row.host and (row.host not in communes or not is_wide(row.scope_list)):
            problems.add(file, row.line, row.figure_id,
                         f"host {row.host!r} must be the AGS of the commune that hosts a Ruhr-, NRW- or Germany-wide project")
        if row.kind == "own_share" and split_list(row.funder) != ["commune"]:
            problems.add(file, row.line, row.figure_id, "an own share (kind own_share) must have funder 'commune'")
        if row.qualifier and not row.qualifier_de and not row.qualifier.startswith("exact"):
            problems.add(file, row.line, row.figure_id, "qualifier_de (the report's German qualifier) is empty")
        if not re.fullmatch(DIGITS, row.report_line):
            problems.add(file, row.line, row.figure_id, f"report_line {row.report_line!r} is not a line number")
    for row in _rows(funding):
        if not (row.amount > 0):
            problems.add(file, row.line, row.figure_id, f"amount_eur {row.amount_eur!r} is not a positive number")
        if row.probable_amount_eur and not (_number(row.probable_amount_eur) > 0):
            problems.add(file, row.line, row.figure_id, f"probable_amount_eur {row.probable_amount_eur!r} is not a positive number")
        unknown = [f for f in split_list(row.funder) if f not in FUNDERS]
        if unknown or not row.funder:
            problems.add(file, row.line, row.figure_id, f"funder {row.funder!r}: each must be one of {', '.join(FUNDERS)}")
        units = len(row.scope_list) + len(split_list(row.scope_outside_ruhr))
        if not row.scope_list and not row.scope_outside_ruhr:
            problems.add(file, row.line, row.figure_id, "scope is empty")
        if (row.shared == "true") != (units > 1):
            problems.add(file, row.line, row.figure_id, f"shared={row.shared} but the figure names {units} place(s)")


# Every file of the edition and the columns a row must have (the loader and the store share these).
REQUIRED_COLUMNS: dict[str, list[str]] = {
    "programmes.csv": ["id", "order", "colour", "label_de", "label_en", "name_de", "name_en", "handlungsfeld",
                       "ministry", "report_page", "description_de", "description_en", "source"],
    "sites.csv": ["id", "programme", "name", "communes", "address", "lat", "lon", "precision", "identification",
                  "level", "status", "year", "report_line", "source"],
    "five_locations.csv": ["location", "code", "kind", "source"],
    "projects.csv": ["project_id", "title", "communes", "communes_caption", "report_lines", "source"],
    "funding.csv": ["figure_id", "programme", "project_id", "title", "scope", "scope_outside_ruhr", "host", "shared",
                    "programme_total", "part_of", "kind", "amount_eur", "probable_amount_eur", "measure", "funder",
                    "period", "period_de", "qualifier", "qualifier_de", "report_line", "source"],
}


def read_programme_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The edition's files in `folder` (data/programmes/ or an export) as text frames (plus `line`), by file name."""
    return {name: _read(folder, name, required) for name, required in REQUIRED_COLUMNS.items()}


def load_programme_data(data_dir: Path, region: Region, geocoder: Geocoder, strict: bool = True) -> tuple[ProgrammeData, list[str]]:
    """Read, geocode and validate; with strict=True any problem raises DataError."""
    return validate_programme_frames(read_programme_frames(data_dir / FOLDER), region, geocoder, strict)


def validate_programme_frames(frames: dict[str, pd.DataFrame], region: Region, geocoder: Geocoder, strict: bool = True,
                              problems: Problems | None = None) -> tuple[ProgrammeData, list[str]]:
    """Geocode and validate text frames (from the files or from the store) into ProgrammeData.

    The frames are copied, never changed. Pass `problems` to read the entries (file, line, id) afterwards.
    """
    problems = problems if problems is not None else Problems()
    programmes, sites, five, projects, funding = (
        frames[name].copy() for name in ("programmes.csv", "sites.csv", "five_locations.csv", "projects.csv", "funding.csv"))
    known = set(region.communes["ags"]) | set(region.districts["district_code"])
    programme_ids = set(programmes["id"])

    _check_programmes(programmes, problems)

    _check_unique_ids(sites, "id", "sites.csv", problems)
    _check_required(sites, ["name", "communes", "source"], "id", "sites.csv", problems)
    _check_vocabulary(sites, "programme", sorted(programme_ids), "id", "sites.csv", problems)
    _check_vocabulary(sites, "precision", PRECISIONS, "id", "sites.csv", problems)
    _check_vocabulary(sites, "status", STATUSES, "id", "sites.csv", problems)
    _check_vocabulary(sites, "identification", IDENTIFICATIONS, "id", "sites.csv", problems, optional=True)
    site_rows = list(_rows(sites))
    for row in site_rows:
        if row.programme == "fgz" and not row.identification:
            problems.add("sites.csv", row.line, row.id, "a Familiengrundschulzentrum needs its identification level")
    _check_codes(sites, "communes", known, "id", "sites.csv", problems)
    for row in site_rows:
        if row.report_line and not re.fullmatch(DIGITS, row.report_line):
            problems.add("sites.csv", row.line, row.id, f"report_line {row.report_line!r} is not a line number")
    sites["code_list"] = sites["communes"].map(split_list)
    _geocode_sites(sites, geocoder, region, problems)

    _check_codes(five, "code", known, "location", "five_locations.csv", problems)
    _check_required(five, ["source"], "location", "five_locations.csv", problems)

    _check_unique_ids(projects, "project_id", "projects.csv", problems, allow_empty=True)
    _check_required(projects, ["title", "source"], "project_id", "projects.csv", problems)
    _check_codes(projects, "communes", known, "project_id", "projects.csv", problems)
    projects["code_list"] = projects["communes"].map(split_list)
    for row in _rows(projects):
        if not set(split_list(row.communes_caption)) <= set(row.code_list):
            problems.add("projects.csv", row.line, row.project_id, "communes_caption names a commune missing from communes")

    _check_unique_ids(funding, "figure_id", "funding.csv", problems)
    _check_required(funding, ["title", "source"], "figure_id", "funding.csv", problems)
    for row in _rows(funding):
        if row.period and not row.period_de:
            problems.add("funding.csv", row.line, row.figure_id, "period_de (German period for the pages) is empty")
    funding["scope_list"] = funding["scope"].map(split_list)
    funding["amount"] = funding["amount_eur"].map(_number)
    probable = funding["probable_amount_eur"].map(_number)
    funding["counted_amount"] = probable.where(probable.notna(), funding["amount"])
    _check_funding(funding, known, programme_ids, set(projects["project_id"]) - {""}, problems)

    if strict:
        problems.raise_if_any()
    usable = np.array([bool(re.fullmatch(DIGITS, order) and re.fullmatch(PROGRAMME_ID, id_))
                       for order, id_ in zip(programmes["order"], programmes["id"])], dtype=bool)
    registry = ProgrammeRegistry.from_frame(programmes[usable])
    data = ProgrammeData(programmes.set_index("id", drop=False), sites, five, projects, funding, registry)
    return data, problems.items
