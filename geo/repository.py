"""Everything Ruhrkarte serves, loaded and validated once: boundaries, geocoder, the name table,
the site records, the gazetteer, programme data and the per-commune portfolios computed from it.

The views derived for serving (layers, nearby index, pages' records, reports) are geo/read_model.py.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from geo.boundaries import Region, load_region
from geo.errors import DataError
from geo.gazetteer import Gazetteer
from geo.geocoder import DEFAULT_CELL_M, Geocoder
from geo.manifest import verify_manifest
from geo.portfolio import Portfolios, build_portfolios
from geo.place_names import PlaceNames
from geo.programme_data import ProgrammeData, load_programme_data
from geo.report_source import ReportSource, load_report_source
from geo.search_index import build_gazetteer
from geo.site_records import SiteRecord, build_site_records
from geo.settings import data_dir as default_data_dir


@dataclass(frozen=True)
class Repository:
    region: Region
    geocoder: Geocoder
    gazetteer: Gazetteer
    programmes: ProgrammeData
    portfolios: Portfolios
    version: str
    names: PlaceNames
    sites: tuple[SiteRecord, ...]   # every site once, in file order
    report: ReportSource            # the progress report the figures and lines refer to

    @property
    def commune_names(self) -> dict[str, str]:
        return dict(self.names.communes)

    def place_names(self) -> dict[str, str]:
        """AGS or district code -> name, for listing the places a figure names."""
        return {**self.names.communes, **self.names.districts}

    def commune_info(self) -> dict[str, dict]:
        """AGS -> {ags, name, district_code, district}: what a point lookup answers."""
        return {ags: self.names.commune_info(ags) for ags in self.names.communes}


def data_version(folder: Path) -> str:
    """A short hash over every data file and its name: any edit gives new ETags."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".geojson", ".json")):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class DataReport:
    """What one load found: the data as far as it could be read, and every problem in it."""

    region: Region
    programmes: ProgrammeData
    problems: list[str]                # row problems, else seal (manifest) mismatches; one line each
    repository: Repository | None      # only when there are no problems


def inspect_data(data_dir: Path | None = None, grid_cell_m: float = DEFAULT_CELL_M, sealed: bool = True) -> DataReport:
    """The one loader behind `serve`, every command, `data check` and `data seal`.

    A file that cannot be read raises DataError (one line: file, line, what). Row problems are
    collected; only when there are none is the manifest compared (with sealed=True), since an
    edit being worked on is expected to differ from the seal.
    """
    folder = data_dir or default_data_dir()
    region = load_region(folder)
    geocoder = Geocoder(region.communes, grid_cell_m)
    programmes, problems = load_programme_data(folder, region, geocoder, strict=False)
    report = load_report_source(folder)
    if not problems and sealed:
        problems = verify_manifest(folder)
    if problems:
        return DataReport(region, programmes, problems, None)
    return DataReport(region, programmes, [],
                      assemble_repository(region, geocoder, programmes, data_version(folder), report))


def assemble_repository(region: Region, geocoder: Geocoder, programmes: ProgrammeData, version: str,
                        report: ReportSource) -> Repository:
    """Everything derived from validated programme data: from the committed files, or from the
    published state of the living data (store/), which rebuilds it on every new data version."""
    names = PlaceNames.from_region(region)
    sites = build_site_records(programmes.sites, names, programmes.registry)
    return Repository(region=region, geocoder=geocoder, gazetteer=build_gazetteer(region, sites),
                      programmes=programmes, portfolios=build_portfolios(programmes, region),
                      version=version, names=names, sites=sites, report=report)


def problems_message(problems: list[str], limit: int = 20) -> str:
    """One problem as its own line; several under a count, one per line."""
    if len(problems) == 1:
        return problems[0]
    more = f"\n  … and {len(problems) - limit} more (`ruhrkarte data check` lists them all)" if len(problems) > limit else ""
    return f"{len(problems)} problems in the data:\n  " + "\n  ".join(problems[:limit]) + more


def load_repository(data_dir: Path | None = None, grid_cell_m: float = DEFAULT_CELL_M) -> Repository:
    """Load from data_dir (default: the committed data/); DataError if broken."""
    report = inspect_data(data_dir, grid_cell_m)
    if report.repository is None:
        raise DataError(problems_message(report.problems))
    return report.repository
