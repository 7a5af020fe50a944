"""The citizens' map: every programme site on the commune boundaries, with search and nearby list."""
from __future__ import annotations

from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, boundary_layer, finish, js_refs, new_map, programmes, site_layers

NEARBY_RADIUS_M = 10_000


def build_karte(source: ReadModel | Repository, cfg: PageConfig) -> str:
    model = as_read_model(source)
    m = new_map(cfg, "Ruhrkarte – Projekte der Ruhr-Konferenz")
    boundaries = boundary_layer(m, cfg, model, "Gemeindegrenzen",
                                lambda _: {"color": "#555", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.05})
    sites = list(model.page_sites)
    groups, clusters = site_layers(m, model, sites)
    data = {"sites": sites, "communes": dict(model.commune_cards), "programmes": programmes(model),
            "radius": NEARBY_RADIUS_M}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    return finish(m, cfg, "initKarte", refs, data)
