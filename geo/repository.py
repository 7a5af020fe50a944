"""Everything Ruhrkarte serves, loaded and validated once: boundaries, geocoder, gazetteer."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.boundaries import Region, load_region
from geo.gazetteer import Gazetteer, region_places
from geo.geocoder import Geocoder
from geo.settings import data_dir as default_data_dir


@dataclass(frozen=True)
class Repository:
    region: Region
    geocoder: Geocoder
    gazetteer: Gazetteer

    @property
    def commune_names(self) -> dict[str, str]:
        return dict(zip(self.region.communes["ags"], self.region.communes["name"]))


def load_repository(data_dir: Path | None = None) -> Repository:
    """Load from data_dir (default: RUHRKARTE_DATA_DIR or the committed data/); DataError if broken."""
    region = load_region(data_dir or default_data_dir())
    return Repository(region=region, geocoder=Geocoder(region.communes), gazetteer=Gazetteer(region_places(region)))
