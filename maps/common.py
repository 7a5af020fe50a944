"""What every Ruhrkarte page shares: a folium map with local assets, boundaries, site layers,
attribution, and the call into ruhrkarte.js that binds escaped popups."""
from __future__ import annotations

from dataclasses import dataclass

import folium
import folium.plugins
import geopandas as gpd
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from geo.display import DEFAULT_TOLERANCE_M, simplified_wgs84
from geo.repository import Repository
from geo.ruhr import ATTRIBUTION, LICENCE_URL
from maps.assets import localize
from maps.script_data import script_json

PROGRAMME_COLOURS = {"fgz": "#1b9e77", "talentkolleg": "#d95f02", "iga2027": "#7570b3", "five_sites": "#e7298a"}
RUHR_CENTRE = (51.50, 7.25)
BOUNDARY_ATTRIBUTION = f'Grenzen {ATTRIBUTION}, <a href="{LICENCE_URL}">dl-de/by-2-0</a>'


@dataclass(frozen=True)
class PageConfig:
    """Where a page finds its assets and the API: served pages and static builds differ only here."""

    vendor_base: str = "/static/vendor"
    static_base: str = "/static/app"
    api: str | None = ""                     # "" = same origin; None = no API (static build)
    commune_link: str = "/gemeinden/{ags}"
    karte_link: str = "/karte"
    tile_url: str = ""
    tile_attribution: str = ""
    display_tolerance_m: float = DEFAULT_TOLERANCE_M


class _Script(MacroElement):
    """A script line placed after every map object it refers to has been created."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


def programmes(repo: Repository) -> dict[str, dict]:
    return {p.id: {"name": p.name_de, "colour": PROGRAMME_COLOURS[p.id]} for p in repo.programmes.programmes.itertuples()}


def site_records(repo: Repository, located_only: bool = True) -> list[dict]:
    sites = repo.programmes.sites
    if located_only:
        sites = sites[sites["x"].notna()]
    return [{
        "id": s.id, "name": s.name, "programme": s.programme, "address": s.address or None, "status": s.status,
        "year": s.year or None, "precision": s.precision, "identification": s.identification or None,
        "source": s.source, "lat": None if s.lat != s.lat else round(float(s.lat), 6),
        "lon": None if s.lon != s.lon else round(float(s.lon), 6),
    } for s in sites.itertuples()]


def commune_records(repo: Repository) -> dict[str, dict]:
    """Per commune: name, Kreis, sites per programme and the sites without a published position."""
    sites = repo.programmes.sites
    table = repo.portfolios.communes
    out = {}
    for row in table.itertuples():
        unknown = sites[(sites["precision"] == "commune") & sites["code_list"].map(lambda c, a=row.ags: a in c)]
        out[row.ags] = {
            "ags": row.ags, "name": row.name, "district": row.district_name,
            "sites": {p: int(getattr(row, f"sites_{p}")) for p in PROGRAMME_COLOURS},
            "unknown": [{"name": s.name, "programme": s.programme} for s in unknown.itertuples()],
        }
    return out


def new_map(cfg: PageConfig, title: str, height: str = "100%") -> folium.Map:
    figure = Figure(title=title)
    figure.header.add_child(Element('<link rel="icon" href="data:,">'))  # no favicon request
    figure.header.add_child(Element(f'<link rel="stylesheet" href="{cfg.static_base}/ruhrkarte.css">'))
    figure.header.add_child(Element(f'<script src="{cfg.static_base}/ruhrkarte.js"></script>'))
    m = folium.Map(location=RUHR_CENTRE, zoom_start=10, tiles=None, control_scale=True, height=height,
                   min_zoom=8, max_zoom=18)
    m.options["maxZoom"] = 18  # folium gives it to tile layers only; marker clustering needs it on the map
    figure.add_child(m)
    if cfg.tile_url:
        folium.TileLayer(cfg.tile_url, attr=cfg.tile_attribution or "Kartenhintergrund", name="Hintergrundkarte",
                         control=False).add_to(m)
    return m


def boundary_layer(m: folium.Map, cfg: PageConfig, frame: gpd.GeoDataFrame, name: str, style) -> folium.GeoJson:
    """Simplified commune polygons carrying only their AGS: names and figures come through the script."""
    display = simplified_wgs84(frame[["ags", "geometry"]], cfg.display_tolerance_m)
    return folium.GeoJson(display.__geo_interface__, name=name, style_function=style,
                          highlight_function=lambda _: {"weight": 3}, smooth_factor=0.5).add_to(m)


def site_layers(m: folium.Map, repo: Repository, sites: list[dict], cluster: bool = True) -> tuple[dict, dict]:
    """One toggleable layer per programme, markers clustered; each marker knows only its site id."""
    groups, clusters = {}, {}
    for programme_id, programme in programmes(repo).items():
        group = folium.FeatureGroup(name=programme["name"], show=True).add_to(m)
        target = folium.plugins.MarkerCluster(options={"maxClusterRadius": 40}).add_to(group) if cluster else group
        for site in (s for s in sites if s["programme"] == programme_id and s["lat"] is not None):
            marker = folium.CircleMarker([site["lat"], site["lon"]], radius=7, color="#222", weight=1, fill=True,
                                         fill_color=programme["colour"], fill_opacity=0.9)
            marker.options["siteId"] = site["id"]  # folium drops unknown keyword options; the script needs the id
            marker.add_to(target)
        groups[programme_id] = group
        if cluster:
            clusters[programme_id] = target
    return groups, clusters


def js_refs(objects: dict) -> str:
    """{'fgz': folium object} -> JavaScript object literal of their variable names."""
    return "{" + ",".join(f"{script_json(key)}:{obj.get_name()}" for key, obj in objects.items()) + "}"


def finish(m: folium.Map, cfg: PageConfig, init: str, refs: dict[str, str], data: dict) -> str:
    """Call Ruhrkarte.<init> with map objects and escaped data; render with local assets only."""
    attribution = [BOUNDARY_ATTRIBUTION]
    config = {**data, "attribution": attribution, "api": cfg.api, "communeLink": cfg.commune_link}
    # Collapsed (a tap opens it) so it never covers the search panel on a phone; wide screens expand it.
    layers = folium.LayerControl(collapsed=True).add_to(m)
    references = ",".join(f"{script_json(k)}:{v}" for k, v in {**refs, "layers": layers.get_name()}.items())
    m.add_child(_Script(f"Ruhrkarte.{init}(Object.assign({script_json(config)}, {{{references}}}));"))
    root = m.get_root()
    localize(root, cfg.vendor_base)
    return root.render().replace("<html>", '<html lang="de">', 1)
