"""The place search: communes and districts plus every site by name and address."""
from __future__ import annotations

from geo.gazetteer import Gazetteer, Place, region_places
from geo.repository import Repository


def site_places(repo: Repository) -> list[tuple[Place, list[str]]]:
    communes = repo.region.communes.set_index("ags")
    places = []
    for site in repo.programmes.sites.itertuples():
        home = site.ags or next((c for c in site.code_list if len(c) == 8), "")
        district_code = communes.loc[home, "district_code"] if home else (site.code_list[0] if site.code_list else "")
        district_name = communes.loc[home, "district_name"] if home else ""
        located = site.precision != "commune"
        extra = {"lon": round(site.lon, 6) if located else None, "lat": round(site.lat, 6) if located else None,
                 "ags": home or None, "programme": site.programme, "precision": site.precision}
        place = Place("site", site.id, site.name, district_code, district_name, extra)
        places.append((place, [site.name] + ([site.address] if site.address else [])))
    return places


def build_search_index(repo: Repository) -> Gazetteer:
    return Gazetteer(region_places(repo.region) + site_places(repo))
