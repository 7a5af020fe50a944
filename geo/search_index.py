"""The one gazetteer: communes and Kreise by their names, and every site by name and address.

`/search` ranks all of them; `/communes/{key}`, `/gemeinden/{key}` and `ruhrkarte summary`
resolve a name to a commune or Kreis with the same object (Gazetteer.resolve, PLACE_KINDS).
"""
from __future__ import annotations

from geo.boundaries import Region
from geo.gazetteer import Gazetteer, Place, region_places
from geo.site_records import SiteRecord


def site_places(sites: tuple[SiteRecord, ...]) -> list[tuple[Place, list[str]]]:
    """Each site under its name and address; its position comes from its SiteRecord (by id). Its
    commune (extra['ags']) lets 'Essen Zollverein' prefer the Zollverein place in Essen."""
    return [(Place("site", s.id, s.name, s.district_code or "", s.district or "", {"ags": s.ags}),
             [s.name, *([s.address] if s.address else [])])
            for s in sites]


def build_gazetteer(region: Region, sites: tuple[SiteRecord, ...]) -> Gazetteer:
    return Gazetteer(places_of(region) + site_places(sites))


def places_of(region: Region) -> list[tuple[Place, list[str]]]:
    """The region's communes and Kreise with their aliases; those of the last call again for the same
    region. The boundaries are not living data, and listing them was a tenth of each rebuild after a write."""
    global _last_region
    last = _last_region
    if last is None or last[0] is not region:
        last = _last_region = (region, region_places(region))  # one assignment: seen whole by every thread
    return last[1]


_last_region: tuple[Region, list[tuple[Place, list[str]]]] | None = None
