"""Load the programme data set (data/programmes/), geocode its points and validate every row.

A row that cannot be trusted stops loading with a message naming file, line and id: a map that
silently drops or misplaces a school is worse than no map. The rules themselves live in
geo/programme_checks.py (on plain rows, shared with the store's check of a write); here the
checked files become the frames the read model is built from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.boundaries import Region
from geo.crs import lonlat_to_utm
from geo.data_files import read_csv
from geo.frame_rows import frame_rows
from geo.geocoder import Geocoder
from geo.programme_checks import DIGITS, FILES, PROGRAMME_ID, Problems, check_rows, number
from geo.programme_registry import ProgrammeRegistry
from geo.programme_rules import split_list

FOLDER = "programmes"
__all__ = ["FOLDER", "Problems", "ProgrammeData", "REQUIRED_COLUMNS", "load_programme_data", "read_programme_frames",
           "validate_programme_frames"]


@dataclass(frozen=True)
class ProgrammeData:
    programmes: pd.DataFrame     # one row per programme, indexed by id
    sites: pd.DataFrame          # + code_list, ags (geocoded, '' for commune-level), x, y, lon, lat
    five_locations: pd.DataFrame
    projects: pd.DataFrame       # + code_list
    funding: pd.DataFrame        # + scope_list, amount, counted_amount
    registry: ProgrammeRegistry  # the programmes in display order, with colours and labels


def _read(folder: Path, name: str, required: list[str]) -> pd.DataFrame:
    return read_csv(folder / name, required)


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
    points = check_rows({name: list(frame_rows(frames[name])) for name in FILES}, region, geocoder, problems)
    if strict:
        problems.raise_if_any()
    programmes, sites, five, projects, funding = (frames[name].copy() for name in FILES)
    sites["code_list"] = sites["communes"].map(split_list)
    sites["ags"] = pd.Series(points.ags, index=sites.index, dtype=str)
    x, y = lonlat_to_utm(points.lon, points.lat)
    sites["lon"], sites["lat"], sites["x"], sites["y"] = points.lon, points.lat, x, y
    projects["code_list"] = projects["communes"].map(split_list)
    funding["scope_list"] = funding["scope"].map(split_list)
    funding["amount"] = funding["amount_eur"].map(number)
    probable = funding["probable_amount_eur"].map(number)
    funding["counted_amount"] = probable.where(probable.notna(), funding["amount"])
    usable = np.array([bool(re.fullmatch(DIGITS, order) and re.fullmatch(PROGRAMME_ID, id_))
                       for order, id_ in zip(programmes["order"], programmes["id"])], dtype=bool)
    registry = ProgrammeRegistry.from_frame(programmes[usable])
    data = ProgrammeData(programmes.set_index("id", drop=False), sites, five, projects, funding, registry)
    return data, problems.items
