"""The one AGS/district code -> name table, built from the boundaries."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from geo.boundaries import Region


@dataclass(frozen=True)
class PlaceNames:
    communes: Mapping[str, str]       # AGS -> commune name
    districts: Mapping[str, str]      # district code -> Kreis or kreisfreie Stadt
    district_of: Mapping[str, str]    # AGS -> district code

    @classmethod
    def from_region(cls, region: Region) -> PlaceNames:
        communes = region.communes
        return cls(MappingProxyType(region.commune_names),
                   MappingProxyType(dict(zip(region.districts["district_code"], region.districts["name"]))),
                   MappingProxyType(dict(zip(communes["ags"], communes["district_code"]))))

    def place(self, code: str) -> str | None:
        """The name of an AGS or a district code; None for any other code."""
        return self.communes.get(code) or self.districts.get(code)

    def commune_info(self, ags: str) -> dict:
        """What a point lookup answers: {ags, name, district_code, district}."""
        district_code = self.district_of[ags]
        return {"ags": ags, "name": self.communes[ags], "district_code": district_code,
                "district": self.districts[district_code]}
