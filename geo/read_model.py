"""The read model: every view Ruhrkarte serves, derived once from a loaded repository.

One immutable object per generation of the data. The service holds one reference to it and, when
the data changes, builds the next one off the event loop and swaps the reference in one
assignment: a request never sees half of a change. Whatever is computed lazily (serialised
features per CRS, commune reports) is memoised inside the object, so a swap replaces it too.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from geo.display import simplified_wgs84
from geo.feature_json import FeatureCache
from geo.frame_rows import frame_rows
from geo.gazetteer import Gazetteer
from geo.layers import Layer, build_layers
from geo.nearby import SiteFinder
from geo.place_names import PlaceNames
from geo.portfolio_report import commune_report
from geo.programme_registry import ProgrammeRegistry
from geo.repository import Repository
from geo.site_records import SiteRecord

# What the page scripts get of a located site (popups, the nearby list).
PAGE_SITE_FIELDS = ("id", "name", "programme", "address", "status", "year", "precision", "identification", "source",
                    "lat", "lon", "ags", "commune")


@dataclass(frozen=True)
class ReadModel:
    repo: Repository
    layers: Mapping[str, Layer]                 # the OGC collections by id, in landing-page order
    finder: SiteFinder                          # /nearby
    features: FeatureCache                      # serialised GeoJSON features per collection and CRS
    page_sites: tuple[dict, ...]                # located sites as the page scripts receive them
    commune_cards: Mapping[str, dict]           # per AGS: name, Kreis, sites per programme, unpublished sites
    site_by_id: Mapping[str, SiteRecord]
    # The living data's row versions (entity -> id -> version): a writable feature's ETag, read in the
    # same snapshot as the rows, so a body and its ETag always belong together. Empty for a snapshot.
    row_versions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)  # memos may nest

    @property
    def version(self) -> str:
        return self.repo.version

    @property
    def names(self) -> PlaceNames:
        return self.repo.names

    @property
    def sites(self) -> tuple[SiteRecord, ...]:
        return self.repo.sites

    @property
    def gazetteer(self) -> Gazetteer:
        """The one place search: search() over everything, resolve() to a commune or Kreis."""
        return self.repo.gazetteer

    @property
    def registry(self) -> ProgrammeRegistry:
        return self.repo.programmes.registry

    def _memoised(self, key: tuple, build):
        found = self._memo.get(key)
        if found is None:
            with self._lock:
                found = self._memo.get(key)
                if found is None:
                    found = self._memo[key] = build()
        return found

    def commune_report(self, ags: str) -> dict:
        """The commune's portfolio (geo/portfolio_report.py), built once per generation. Do not mutate."""
        return self._memoised(("report", ags), lambda: commune_report(self.repo, ags))

    def commune_json(self, ags: str) -> bytes:
        return self._memoised(("report.json", ags),
                              lambda: json.dumps(self.commune_report(ags), ensure_ascii=False).encode())

    def display_communes(self, tolerance_m: float) -> dict:
        """The communes simplified as one coverage for drawing, as GeoJSON carrying only the AGS.

        Once per tolerance: simplifying and projecting took a third of every page's render time."""
        def build() -> dict:
            frame = simplified_wgs84(self.repo.region.communes[["ags", "geometry"]], tolerance_m)
            return json.loads(json.dumps(frame.__geo_interface__))
        return self._memoised(("display", tolerance_m), build)

    def display_districts(self, tolerance_m: float) -> dict:
        """The 15 Kreis-level units as the union of their simplified communes (so they share the communes'
        borders), as GeoJSON carrying the district code under `ags`: the page script keys boundaries by it."""
        def build() -> dict:
            frame = simplified_wgs84(self.repo.region.communes[["district_code", "geometry"]], tolerance_m)
            merged = frame.dissolve("district_code").reset_index()
            merged["ags"] = merged["district_code"]
            return json.loads(json.dumps(merged[["ags", "geometry"]].__geo_interface__))
        return self._memoised(("display_districts", tolerance_m), build)

    def commune_page_sites(self, ags: str) -> list[dict]:
        """The located sites the commune's page draws: those whose data names the commune."""
        return [record for record, site in zip(self.page_sites, (s for s in self.sites if s.located))
                if ags in site.code_list]


def _commune_cards(repo: Repository) -> dict[str, dict]:
    unknown: dict[str, list[dict]] = {}
    for site in repo.sites:
        if site.precision == "commune":
            for code in site.code_list:
                unknown.setdefault(code, []).append({"name": site.name, "programme": site.programme})
    columns = repo.programmes.registry.site_columns
    return {row.ags: {"ags": row.ags, "name": row.name, "district": row.district_name,
                      "sites": {p: int(getattr(row, column)) for p, column in columns.items()},
                      "unknown": unknown.get(row.ags, [])}
            for row in frame_rows(repo.portfolios.communes[["ags", "name", "district_name", *columns.values()]])}


def build_read_model(repo: Repository, give_way: Callable[[], None] = lambda: None) -> ReadModel:
    """Every derived view of the repository, built once (about 0.1 s).

    `give_way` is called between the two halves: a server lets its writes go first there."""
    layers = MappingProxyType(build_layers(repo))
    give_way()
    return ReadModel(
        repo=repo, layers=layers, finder=SiteFinder(repo.sites), features=FeatureCache(layers),
        page_sites=tuple(s.fields(PAGE_SITE_FIELDS) for s in repo.sites if s.located),
        commune_cards=MappingProxyType(_commune_cards(repo)),
        site_by_id=MappingProxyType({s.id: s for s in repo.sites}),
    )


def as_read_model(source: ReadModel | Repository) -> ReadModel:
    """The read model itself, or the one of a repository (built once, kept with that repository).

    For callers that hold a Repository (`ruhrkarte maps build` builds all 55 pages from one)."""
    if isinstance(source, ReadModel):
        return source
    model = source.__dict__.get("_read_model")
    if model is None:
        model = build_read_model(source)
        object.__setattr__(source, "_read_model", model)  # a memo of a pure function of the frozen repository
    return model
