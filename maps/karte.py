"""The citizens' map: every programme site on the commune boundaries, with search and nearby list."""
from __future__ import annotations

from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from markupsafe import Markup

from maps.common import PageConfig, boundary_layer, finish, js_refs, new_map, programmes, site_layers
from maps.i18n import _

NEARBY_RADIUS_M = 10_000


def build_karte(source: ReadModel | Repository, cfg: PageConfig) -> str:
    model = as_read_model(source)
    cfg = cfg.in_language()
    title = _("Ruhrkarte – Projekte der Ruhr-Konferenz")
    m = new_map(cfg, title, before=Markup('<h1 class="rk-title">{}</h1>').format(title))
    boundaries = boundary_layer(m, cfg, model, _("Gemeindegrenzen"),
                                lambda _: {"color": "#555", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.05})
    sites = list(model.page_sites)
    groups, clusters = site_layers(m, model, sites)
    data = {"sites": sites, "communes": dict(model.commune_cards), "programmes": programmes(model),
            "radius": NEARBY_RADIUS_M}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    return finish(m, cfg, "initKarte", refs, data)
