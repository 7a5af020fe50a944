"""What every Ruhrkarte page shares: a folium map with local assets, boundaries, site layers,
attribution, page sections composed as figure elements, and the call into ruhrkarte.js that binds
escaped popups. The records come from the read model (geo/read_model.py), built once."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

import folium
import folium.plugins
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from markupsafe import Markup

from geo.display import DEFAULT_TOLERANCE_M
from geo.read_model import ReadModel
from geo.ruhr import ATTRIBUTION, LICENCE_URL
from maps import frame
from maps.assets import localize
from maps.i18n import DEFAULT, N_, _, current, localized, pick, script_texts
from maps.labels import script_labels
from maps.script_data import script_json

RUHR_CENTRE = (51.50, 7.25)
# folium's map template asks for a viewport that forbids zooming (WCAG 1.4.4): the frame brings its own.
_FOLIUM_VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*(?:user-scalable|maximum-scale)[^>]*>')


def boundary_attribution(html: bool = True) -> str:
    """The credit of the boundaries in the current language (with the licence link, or as plain text)."""
    licence = f'<a href="{LICENCE_URL}">dl-de/by-2-0</a>' if html else "dl-de/by-2-0"
    boundaries = _("Grenzen")
    return f"{boundaries} {ATTRIBUTION}, {licence}"
BACKGROUND_LAYER = N_("Hintergrundkarte (externer Dienst)")


@dataclass(frozen=True)
class PageConfig:
    """Where a page finds its assets and the API: served pages and static builds differ only here."""

    vendor_base: str = "/static/vendor"
    static_base: str = "/static/app"
    api: str | None = ""                     # "" = same origin; None = no API (static build)
    commune_link: str = "/gemeinden/{ags}"
    kreis_link: str = "/kreise/{code}"
    index_link: str = "/gemeinden"
    karte_link: str = "/karte"
    home_link: str | None = "/"             # None: no landing page (static build)
    planung_link: str = "/planung"
    language_switch: bool = True            # static builds are German only
    tile_url: str = ""
    tile_attribution: str = ""
    display_tolerance_m: float = DEFAULT_TOLERANCE_M
    own_layers: bool = False                # the service keeps planners' layers (a store): /planung offers them

    def in_language(self) -> PageConfig:
        """This configuration with its page links in the current language (`?lang=en`)."""
        if current() == DEFAULT:
            return self
        return replace(self, commune_link=localized(self.commune_link), kreis_link=localized(self.kreis_link),
                       index_link=localized(self.index_link), karte_link=localized(self.karte_link),
                       home_link=self.home_link and localized(self.home_link), planung_link=localized(self.planung_link))

    def nav(self) -> list[tuple[str, str]]:
        """The site links of the page footer."""
        links = [(self.home_link, _("Startseite"))] if self.home_link else []
        links += [(self.karte_link, _("Karte der Projekte")), (self.index_link, _("Alle Gemeinden")),
                  (self.planung_link, _("Karte für Planende"))]
        return links


class _Script(MacroElement):
    """A script line placed after every map object it refers to has been created."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


class _Section(MacroElement):
    """A block of page HTML (already escaped) placed in <body> where the figure renders it: a section
    added before the map renders before the map's element, one added after it renders after it."""

    _template = Template("{% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}")

    def __init__(self, markup: str):
        super().__init__()
        self.markup = markup


class _PageFigure(Figure):
    """folium's page (branca's Figure template) in the frame of every page (maps/frame.py): the
    document language, the skip link, main around the content, the footer."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}">\n'
        "<head>\n"
        "{% if this.title %}<title>{{this.title}}</title>{% endif %}"
        "    {{this.header.render(**kwargs)}}\n"
        "</head>\n"
        '<body class="{{ this.body_class }}">\n'
        "    {{ this.frame_top }}\n"
        "    {{this.html.render(**kwargs)}}\n"
        "    {{ this.frame_bottom }}\n"
        "</body>\n"
        "<script>\n"
        "    {{this.script.render(**kwargs)}}\n"
        "</script>\n"
        "</html>\n",
    )


def add_section(m: folium.Map, markup: str) -> None:
    """HTML shown below the map (added after the map, so it renders after the map's element)."""
    m.get_root().add_child(_Section(markup))


def programmes(model: ReadModel) -> dict[str, dict]:
    """The registry as the page script needs it (legend, popups), in display order."""
    return {p.id: {"name": pick(p.name_de, p.name_en), "label": pick(p.label_de, p.label_en), "colour": p.colour,
                   "summary": p.summary_de}  # the registry has no English description: the summary stays German
            for p in model.registry}


def new_map(cfg: PageConfig, title: str, height: str = "100%", before: str = "",
            query: dict[str, str] | None = None) -> folium.Map:
    """A map on its own page in the current language; `before` is HTML shown above the map (with the
    page's h1), `query` the page's own parameters, kept by the language switch."""
    figure = _PageFigure(title=title)
    figure.lang = current()
    figure.body_class = "rk-fullmap" if height == "100%" else "rk-mappage"
    figure.frame_top = frame.top()
    figure.frame_bottom = frame.bottom(cfg.nav(), query, switch=cfg.language_switch)
    figure.header.add_child(Element(frame.VIEWPORT))
    figure.header.add_child(Element('<link rel="icon" href="data:,">'))  # no favicon request
    figure.header.add_child(Element(f'<link rel="stylesheet" href="{cfg.static_base}/ruhrkarte.css">'))
    figure.header.add_child(Element(f'<script src="{cfg.static_base}/ruhrkarte.js"></script>'))
    if before:
        figure.add_child(_Section(before))
    # The scale bar (metric only) is added by ruhrkarte.js: folium's shows miles too.
    m = folium.Map(location=RUHR_CENTRE, zoom_start=10, tiles=None, control_scale=False, height=height,
                   min_zoom=8, max_zoom=18)
    m.options["maxZoom"] = 18  # folium gives it to tile layers only; marker clustering needs it on the map
    figure.add_child(m)
    if cfg.tile_url:
        # Off until the reader switches it on in the layer list: no request leaves for the tile
        # server (which sees the reader's address and the viewed area) without their choice.
        folium.TileLayer(cfg.tile_url, attr=cfg.tile_attribution or _("Kartenhintergrund"), name=_(BACKGROUND_LAYER),
                         overlay=True, control=True, show=False).add_to(m)
    return m


def new_page(cfg: PageConfig, title: str, body: str, scripts: tuple[str, ...] = (),
             query: dict[str, str] | None = None) -> str:
    """A page without a map in the same frame (language, skip link, main, footer with the attribution,
    styles, page script); `body` is escaped markup with the page's h1, `scripts` are further scripts of
    static_base that initialise themselves, `query` the page's own parameters, kept by the language switch."""
    figure = _PageFigure(title=title)
    figure.lang = current()
    figure.body_class = "rk-textpage"
    figure.frame_top = frame.top()
    figure.frame_bottom = frame.bottom(cfg.nav(), query, switch=cfg.language_switch,
                                       note=Markup(boundary_attribution()))
    figure.header.add_child(Element(frame.VIEWPORT))
    figure.header.add_child(Element('<link rel="icon" href="data:,">'))
    figure.header.add_child(Element(f'<link rel="stylesheet" href="{cfg.static_base}/ruhrkarte.css">'))
    for script in scripts:
        figure.header.add_child(Element(f'<script src="{cfg.static_base}/{script}" defer></script>'))
    figure.add_child(_Section(body))
    return figure.render()


def boundary_layer(m: folium.Map, cfg: PageConfig, model: ReadModel, name: str, style,
                   only: str | Collection[str] | None = None) -> folium.GeoJson:
    """Simplified commune polygons (all, or `only` one AGS or some) carrying only their AGS: names and
    figures come through the script. folium may add keys to a feature: each page gets its own dicts."""
    chosen = {only} if isinstance(only, str) else only
    features = [{**f, "properties": dict(f["properties"])} for f in model.display_communes(cfg.display_tolerance_m)["features"]
                if chosen is None or f["properties"]["ags"] in chosen]
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name=name, style_function=style,
                          highlight_function=lambda _: {"weight": 3}, smooth_factor=0.5).add_to(m)


def site_layers(m: folium.Map, model: ReadModel, sites: list[dict], cluster: bool = True,
                show: bool = True) -> tuple[dict, dict]:
    """One toggleable layer per programme (shown at first, or only listed in the layer control),
    markers clustered; each marker knows only its site id."""
    groups, clusters = {}, {}
    for programme_id, programme in programmes(model).items():
        group = folium.FeatureGroup(name=programme["name"], show=show).add_to(m)
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
    attribution = [boundary_attribution()]
    config = {"communeLink": cfg.commune_link, **data, "attribution": attribution, "api": cfg.api,
              "labels": script_labels(), "texts": script_texts()}
    # Collapsed (a tap opens it) so it never covers the search panel on a phone; wide screens expand it.
    layers = folium.LayerControl(collapsed=True).add_to(m)
    references = ",".join(f"{script_json(k)}:{v}" for k, v in {**refs, "layers": layers.get_name()}.items())
    m.add_child(_Script(f"Ruhrkarte.{init}(Object.assign({script_json(config)}, {{{references}}}));"))
    root = m.get_root()
    localize(root, cfg.vendor_base)
    return _FOLIUM_VIEWPORT.sub("", root.render(), count=1)


def allow_zoom(html: str) -> str:
    """folium's viewport forbids zooming the page (WCAG 1.4.4): it is dropped, the frame brings its own."""
    return _FOLIUM_VIEWPORT.sub("", html, count=1)
