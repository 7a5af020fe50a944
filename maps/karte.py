"""The citizens' map: every programme site on the commune boundaries, with search and nearby list.

Without a background map the page orients people by itself: commune names (Kreis names when
zoomed out), the searched commune outlined, the origin of the distances marked. The page script
for this is maps/static/karte.js (shared parts: ruhrkarte.js)."""
from __future__ import annotations

from branca.element import Element
from markupsafe import Markup

from geo.display import label_points
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from maps.common import PageConfig, boundary_layer, finish, js_refs, new_map, programmes, site_layers
from maps.i18n import _

NEARBY_RADIUS_M = 10_000
LABEL_MIN_ZOOM = 11   # from this zoom on commune names, below it the Kreis and city names
CAPTION_MIN_ZOOM = 13  # from this zoom on a line names the commune in the map's centre


def place_labels(model: ReadModel) -> dict:
    """Label points of the 53 communes and the 15 Kreis-level units (4 Kreise, 11 cities)."""
    region = model.repo.region
    return {"communes": label_points(region.communes, "ags"), "districts": label_points(region.districts, "district_code"),
            "minZoom": LABEL_MIN_ZOOM, "captionZoom": CAPTION_MIN_ZOOM}


def build_karte(source: ReadModel | Repository, cfg: PageConfig) -> str:
    model = as_read_model(source)
    cfg = cfg.in_language()
    title = _("Ruhrkarte – Projekte der Ruhr-Konferenz")
    m = new_map(cfg, title, before=Markup('<h1 class="rk-title">{}</h1>').format(title))
    m.get_root().header.add_child(Element(f'<script src="{cfg.static_base}/karte.js"></script>'))
    boundaries = boundary_layer(m, cfg, model, _("Gemeindegrenzen"),
                                lambda _: {"color": "#555", "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.05})
    sites = list(model.page_sites)
    groups, clusters = site_layers(m, model, sites)
    data = {"sites": sites, "communes": dict(model.commune_cards), "programmes": programmes(model),
            "radius": NEARBY_RADIUS_M, "places": place_labels(model)}
    refs = {"map": m.get_name(), "boundaries": boundaries.get_name(), "groups": js_refs(groups), "clusters": js_refs(clusters)}
    return finish(m, cfg, "initKarte", refs, data)
