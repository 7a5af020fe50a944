"""Everything Ruhrkarte serves, loaded and validated once: boundaries, geocoder, gazetteer,
programme data and the per-commune portfolios computed from it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from geo.boundaries import Region, load_region
from geo.gazetteer import Gazetteer, region_places
from geo.geocoder import DEFAULT_CELL_M, Geocoder
from geo.portfolio import Portfolios, build_portfolios
from geo.programme_data import ProgrammeData, load_programme_data
from geo.settings import data_dir as default_data_dir


@dataclass(frozen=True)
class Repository:
    region: Region
    geocoder: Geocoder
    gazetteer: Gazetteer
    programmes: ProgrammeData
    portfolios: Portfolios
    version: str

    @property
    def commune_names(self) -> dict[str, str]:
        return dict(zip(self.region.communes["ags"], self.region.communes["name"]))

    def place_names(self) -> dict[str, str]:
        """AGS or district code -> name, for listing the places a figure names."""
        districts = dict(zip(self.region.districts["district_code"], self.region.districts["name"]))
        return {**self.commune_names, **districts}

    def commune_info(self) -> dict[str, dict]:
        """AGS -> {ags, name, district_code, district}: what a point lookup answers."""
        return {r.ags: {"ags": r.ags, "name": r.name, "district_code": r.district_code, "district": r.district_name}
                for r in self.region.communes.itertuples()}


def data_version(folder: Path) -> str:
    """A short hash over every data file and its name: any edit gives new ETags."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".geojson", ".json")):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_repository(data_dir: Path | None = None, grid_cell_m: float = DEFAULT_CELL_M) -> Repository:
    """Load from data_dir (default: the committed data/); DataError if broken."""
    folder = data_dir or default_data_dir()
    region = load_region(folder)
    geocoder = Geocoder(region.communes, grid_cell_m)
    programmes, _ = load_programme_data(folder, region, geocoder)
    return Repository(region=region, geocoder=geocoder, gazetteer=Gazetteer(region_places(region)),
                      programmes=programmes, portfolios=build_portfolios(programmes, region),
                      version=data_version(folder))
