"""The rules every row of the programme data set must keep, checked on plain rows.

The one home of the rules, for the loader (the committed files, geo/programme_data.py) and for a
write to the living data (store/validation.py), which checks the one changed row with the rows
its rules reach. Rows are named tuples of the files' text cells plus `line`; nothing here builds a
frame: on the single row of a write, every pandas operation cost more than the rule it served.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple

import numpy as np

from geo.boundaries import Region
from geo.errors import DataError
from geo.frame_rows import row_type
from geo.geocoder import Geocoder, lonlat_problems
from geo.programme_rules import (
    BOOLEANS, FUNDERS, IDENTIFICATIONS, KINDS, MEASURES, PRECISIONS, STATUSES, WIDE_SCOPES, is_wide, split_list,
)

PROGRAMME_ID = r"[a-z][a-z0-9_]*"
# Numbers in the files (orders, pages, report lines) are ASCII digits: str.isdigit also takes "²" and
# other scripts' digits, and pandas' arrow and object strings disagree on hundreds of characters.
DIGITS = r"[0-9]+"
FILES = ("programmes.csv", "sites.csv", "five_locations.csv", "projects.csv", "funding.csv")


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


def number(text: str) -> float:
    """A cell as a finite number; NaN when it is none."""
    try:
        value = float(text)
    except ValueError:
        return float("nan")
    return value if np.isfinite(value) else float("nan")


@dataclass(frozen=True)
class SitePoints:
    """Where the sites' points lie, in the order of the sites' rows: usable positions only (NaN
    otherwise), and the commune each lies in ('' for a commune-level or refused point)."""

    lon: np.ndarray
    lat: np.ndarray
    ags: list[str]


def _unique_ids(rows, column: str, file: str, problems: Problems, allow_empty=False) -> None:
    seen: set[str] = set()
    for row in rows:
        key = getattr(row, column)
        if not key and not allow_empty:
            problems.add(file, row.line, key, f"{column} is empty")
        elif key and key in seen:
            problems.add(file, row.line, key, f"duplicate {column}")
        seen.add(key)


def _required(rows, columns: list[str], key: str, file: str, problems: Problems) -> None:
    for column in columns:
        for row in rows:
            if not getattr(row, column).strip():
                problems.add(file, row.line, getattr(row, key), f"{column} is empty")


def _vocabulary(rows, column, allowed, key, file, problems, optional=False) -> None:
    for row in rows:
        value = getattr(row, column)
        if (value or not optional) and value not in allowed:
            problems.add(file, row.line, getattr(row, key), f"{column} {value!r} is not one of {', '.join(allowed)}")


def _codes(rows, column, known, key, file, problems, extra=()) -> None:
    for row in rows:
        for code in split_list(getattr(row, column)):
            if code not in known and code not in extra:
                problems.add(file, row.line, getattr(row, key), f"unknown commune or district code {code!r} in {column}")


def _programmes(rows, problems: Problems) -> None:
    """The registry's columns: ids usable in URLs and column names, a colour, a display order."""
    file = "programmes.csv"
    _unique_ids(rows, "id", file, problems)
    _required(rows, ["name_de", "name_en", "label_de", "label_en", "description_de", "source"], "id", file, problems)
    for row in rows:
        if row.id and not re.fullmatch(PROGRAMME_ID, row.id):
            problems.add(file, row.line, row.id, "id must be lower-case letters, digits and '_' (it names URLs and columns)")
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", row.colour):
            problems.add(file, row.line, row.id, f"colour {row.colour!r} is not a colour like #1b9e77")
        if not re.fullmatch(DIGITS, row.order):
            problems.add(file, row.line, row.id, f"order {row.order!r} is not a whole number")
        if row.report_page and not re.fullmatch(DIGITS, row.report_page):
            problems.add(file, row.line, row.id, f"report_page {row.report_page!r} is not a page number")


def _sites(rows, programme_ids: set[str], known: frozenset[str], problems: Problems) -> None:
    file = "sites.csv"
    _unique_ids(rows, "id", file, problems)
    _required(rows, ["name", "communes", "source"], "id", file, problems)
    _vocabulary(rows, "programme", sorted(programme_ids), "id", file, problems)
    _vocabulary(rows, "precision", PRECISIONS, "id", file, problems)
    _vocabulary(rows, "status", STATUSES, "id", file, problems)
    _vocabulary(rows, "identification", IDENTIFICATIONS, "id", file, problems, optional=True)
    for row in rows:
        if row.programme == "fgz" and not row.identification:
            problems.add(file, row.line, row.id, "a Familiengrundschulzentrum needs its identification level")
    _codes(rows, "communes", known, "id", file, problems)
    for row in rows:
        if row.report_line and not re.fullmatch(DIGITS, row.report_line):
            problems.add(file, row.line, row.id, f"report_line {row.report_line!r} is not a line number")


def locate_sites(rows, geocoder: Geocoder, region: Region, problems: Problems) -> SitePoints:
    """Assign every point its commune; it must be one the row declares (or lie in a declared Kreis)."""
    file = "sites.csv"
    points = np.array([row.precision != "commune" for row in rows], dtype=bool)
    lon = np.array([number(row.lon) for row in rows], dtype=float)
    lat = np.array([number(row.lat) for row in rows], dtype=float)
    reasons = lonlat_problems(lon, lat)
    for row, point in zip(rows, points):
        if not point and (row.lat or row.lon):
            problems.add(file, row.line, row.id, "precision 'commune' must not carry coordinates (position unknown)")
    usable = points & (reasons == "")
    for index in np.flatnonzero(points & (reasons != "")):
        row = rows[index]
        problems.add(file, row.line, row.id, f"bad coordinate: {reasons[index]} (lat {row.lat!r}, lon {row.lon!r})")
    positions = geocoder.locate_lonlat(lon[usable], lat[usable]) if usable.any() else np.array([], dtype=int)
    names = region.commune_names
    ags_of_row = [""] * len(rows)
    for index, ags in zip(np.flatnonzero(usable), geocoder.ags_of(positions)):
        row = rows[index]
        declared = split_list(row.communes)
        if ags is None:
            problems.add(file, row.line, row.id, f"point ({row.lat}, {row.lon}) lies outside the Ruhr area")
        elif ags not in declared and ags[:5] not in declared:
            problems.add(file, row.line, row.id,
                         f"point lies in {names[ags]} ({ags}) but the row declares {', '.join(declared) or 'no commune'}")
        else:
            ags_of_row[index] = ags
    return SitePoints(np.where(usable, lon, np.nan), np.where(usable, lat, np.nan), ags_of_row)


def _projects(rows, known: frozenset[str], problems: Problems) -> None:
    file = "projects.csv"
    _unique_ids(rows, "project_id", file, problems, allow_empty=True)
    _required(rows, ["title", "source"], "project_id", file, problems)
    _codes(rows, "communes", known, "project_id", file, problems)
    for row in rows:
        if not set(split_list(row.communes_caption)) <= set(split_list(row.communes)):
            problems.add(file, row.line, row.project_id, "communes_caption names a commune missing from communes")


def _funding(rows, known: frozenset[str], programmes: set[str], project_ids: set[str], problems: Problems) -> None:
    file = "funding.csv"
    _unique_ids(rows, "figure_id", file, problems)
    _required(rows, ["title", "source"], "figure_id", file, problems)
    for row in rows:
        if row.period and not row.period_de:
            problems.add(file, row.line, row.figure_id, "period_de (German period for the pages) is empty")
        if row.period_de and not row.period:
            # figures are summed per period by the English text (the planners' table, the API's sums):
            # a period stated only in German would count as none
            problems.add(file, row.line, row.figure_id, "period (English period, by which figures are summed) is empty")
    for row in rows:
        if row.project_id and row.project_id not in project_ids:
            problems.add(file, row.line, row.figure_id, f"unknown project_id {row.project_id!r}")
    figure_ids = {row.figure_id for row in rows}
    for row in rows:
        if row.part_of and row.part_of not in figure_ids:
            problems.add(file, row.line, row.figure_id, f"part_of names unknown figure {row.part_of!r}")
    _codes(rows, "scope", known, "figure_id", file, problems, extra=tuple(WIDE_SCOPES))
    _vocabulary(rows, "measure", MEASURES, "figure_id", file, problems)
    _vocabulary(rows, "shared", BOOLEANS, "figure_id", file, problems)
    _vocabulary(rows, "programme_total", BOOLEANS, "figure_id", file, problems)
    _vocabulary(rows, "programme", sorted(programmes), "figure_id", file, problems, optional=True)
    _vocabulary(rows, "kind", KINDS, "figure_id", file, problems)
    communes = {code for code in known if len(code) == 8}
    for row in rows:
        if row.host and (row.host not in communes or not is_wide(split_list(row.scope))):
            problems.add(file, row.line, row.figure_id,
                         f"host {row.host!r} must be the AGS of the commune that hosts a Ruhr-, NRW- or Germany-wide project")
        if row.kind == "own_share" and split_list(row.funder) != ["commune"]:
            problems.add(file, row.line, row.figure_id, "an own share (kind own_share) must have funder 'commune'")
        if row.qualifier and not row.qualifier_de and not row.qualifier.startswith("exact"):
            problems.add(file, row.line, row.figure_id, "qualifier_de (the report's German qualifier) is empty")
        if not re.fullmatch(DIGITS, row.report_line):
            problems.add(file, row.line, row.figure_id, f"report_line {row.report_line!r} is not a line number")
    for row in rows:
        if not (number(row.amount_eur) > 0):
            problems.add(file, row.line, row.figure_id, f"amount_eur {row.amount_eur!r} is not a positive number")
        if row.probable_amount_eur and not (number(row.probable_amount_eur) > 0):
            problems.add(file, row.line, row.figure_id, f"probable_amount_eur {row.probable_amount_eur!r} is not a positive number")
        unknown = [f for f in split_list(row.funder) if f not in FUNDERS]
        if unknown or not row.funder:
            problems.add(file, row.line, row.figure_id, f"funder {row.funder!r}: each must be one of {', '.join(FUNDERS)}")
        scope = split_list(row.scope)
        units = len(scope) + len(split_list(row.scope_outside_ruhr))
        if not scope and not row.scope_outside_ruhr:
            problems.add(file, row.line, row.figure_id, "scope is empty")
        if (row.shared == "true") != (units > 1):
            problems.add(file, row.line, row.figure_id, f"shared={row.shared} but the figure names {units} place(s)")


def check_rows(rows: dict[str, list[NamedTuple]], region: Region, geocoder: Geocoder, problems: Problems) -> SitePoints:
    """Every rule on the rows of the five files (file name -> rows in file order); the problems are
    added to `problems` in the order of the files and rules. Returns where the sites' points lie."""
    known = region.codes
    programme_ids = {row.id for row in rows["programmes.csv"]}
    _programmes(rows["programmes.csv"], problems)
    _sites(rows["sites.csv"], programme_ids, known, problems)
    points = locate_sites(rows["sites.csv"], geocoder, region, problems)
    _codes(rows["five_locations.csv"], "code", known, "location", "five_locations.csv", problems)
    _required(rows["five_locations.csv"], ["source"], "location", "five_locations.csv", problems)
    _projects(rows["projects.csv"], known, problems)
    project_ids = {row.project_id for row in rows["projects.csv"]} - {""}
    _funding(rows["funding.csv"], known, programme_ids, project_ids, problems)
    return points


def rows_of(columns: Iterable[str], cells: list[dict[str, str]], first_line: int) -> list[NamedTuple]:
    """Rows of dicts (a store's rows) as the checks read them, numbered from `first_line`."""
    columns = tuple(columns)
    make = row_type((*columns, "line"))._make
    return [make((*(cell[c] for c in columns), line)) for line, cell in enumerate(cells, start=first_line)]
