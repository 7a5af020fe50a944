"""The citizens' map: every programme site on the commune boundaries, with search and nearby list."""
from __future__ import annotations

from geo.repository import Repository
from maps.common import PageConfig, boundary_layer, commune_records, finish, js_refs, new_map, programmes, site_layers, site_records

NEARBY_RADIUS_M = 10_000


def build_karte(repo: Repository, cfg: PageConfig) -> str:
    m = new_map(cfg, "Ruhrkarte – Projekte der Ruhr-Konferenz")
    boundaries = boundary_layer(m, cfg, repo.region.communes, "Gemeindegrenzen",
                                lambda _: {"color": "#555", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.05})
    sites = site_records(repo)
    groups, clusters = site_layers(m, repo, sites)
    data = {"sites": sites, "communes": commune_records(repo), "programmes": programmes(repo), "radius": NEARBY_RADIUS_M}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    return finish(m, cfg, "initKarte", refs, data)
