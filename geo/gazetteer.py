"""Offline place names: free text -> commune or Kreis, ranked search with suggestions."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from geo.boundaries import Region
from geo.errors import Ambiguous, InvalidInput, NotFound
from geo.text import fold, fold_variants

_PARENTHESIS_OR_SLASH = re.compile(r"\s*[(/].*$")
_DISTRICT_ALIASES = {"05954": ["EN-Kreis", "Kreis EN", "Ennepe-Ruhr", "EN"]}
_RANK_EXACT, _RANK_PREFIX, _RANK_WORD, _RANK_SUBSTRING = 1.0, 0.9, 0.8, 0.7
_KIND_ORDER = {"commune": 0, "district": 1}
# What a place name resolves to (a commune page, a summary): sites are found by search only.
PLACE_KINDS = frozenset({"commune", "district"})


@dataclass(frozen=True)
class Place:
    """A named thing people search for; `code` is the AGS (commune), district code (Kreis) or site id."""

    kind: str
    code: str
    name: str
    district_code: str
    district_name: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Match:
    place: Place
    score: float


def _commune_aliases(name: str) -> list[str]:
    short = _PARENTHESIS_OR_SLASH.sub("", name)
    return [name, short, f"Stadt {name}", f"Gemeinde {name}", f"Stadt {short}"]


def _district_aliases(code: str, name: str) -> list[str]:
    base = name.removeprefix("Kreis ")
    return [name, f"Kreis {base}", f"Landkreis {base}", *_DISTRICT_ALIASES.get(code, [])]


def region_places(region: Region) -> list[tuple[Place, list[str]]]:
    """Every commune and Kreis-level unit with the forms its name is typed in."""
    places = []
    for row in region.communes.itertuples():
        place = Place("commune", row.ags, row.name, row.district_code, row.district_name)
        places.append((place, _commune_aliases(row.name)))
    for row in region.districts.itertuples():
        place = Place("district", row.district_code, row.name, row.district_code, row.name)
        # A kreisfreie Stadt is its own district: its name finds the commune, its code the district.
        places.append((place, [] if row.kreisfrei else _district_aliases(row.district_code, row.name)))
    return places


class Gazetteer:
    """Case-, umlaut- and ß-insensitive lookup over a fixed list of places."""

    def __init__(self, places: list[tuple[Place, list[str]]]):
        self._keys: dict[str, set[Place]] = {}
        self._by_code: dict[str, Place] = {}
        for place, aliases in places:
            self._by_code.setdefault(place.code, place)
            for alias in aliases:
                for key in fold_variants(alias):
                    self._keys.setdefault(key, set()).add(place)

    @staticmethod
    def _ordered(places) -> list[Place]:
        return sorted(places, key=lambda p: (_KIND_ORDER.get(p.kind, 2), p.name, p.code))

    def _by_number(self, digits: str, kinds: frozenset[str]) -> Place:
        code = digits.zfill(8) if len(digits) in (7, 8) else digits.zfill(5)
        place = self._by_code.get(code)
        if place is None or place.kind not in kinds or len(digits) not in (4, 5, 7, 8):
            raise NotFound(f"no commune or district with the code {digits!r} in the Ruhr area")
        return place

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Places ranked by how well their names match: exact, prefix, word, substring, fuzzy."""
        query = fold(text)
        if not query:
            return []
        best: dict[Place, float] = {}

        def offer(places, score):
            for place in places:
                best[place] = max(best.get(place, 0.0), score)

        for key, places in self._keys.items():
            if key == query:
                offer(places, _RANK_EXACT)
            elif key.startswith(query + " ") or (len(query) >= 3 and key.startswith(query)):
                offer(places, _RANK_PREFIX)
            elif f" {query}" in f" {key}":
                offer(places, _RANK_WORD)
            elif len(query) >= 3 and query in key:
                offer(places, _RANK_SUBSTRING)
        if not best:
            for key in difflib.get_close_matches(query, list(self._keys), n=limit, cutoff=0.75):
                offer(self._keys[key], round(difflib.SequenceMatcher(None, query, key).ratio() * 0.6, 3))
        ranked = sorted(best.items(), key=lambda item: (-item[1], _KIND_ORDER.get(item[0].kind, 2), item[0].name))
        return [Match(place, score) for place, score in ranked[:limit]]

    def suggestions(self, text: str, limit: int = 5, kinds: frozenset[str] | None = None) -> list[str]:
        """Names closest to text (of places of the given kinds), for 'did you mean' messages."""
        query = fold(text)
        keys = [key for key, places in self._keys.items() if kinds is None or any(p.kind in kinds for p in places)]
        keys = difflib.get_close_matches(query, keys, n=limit * 3, cutoff=0.5)
        names: list[str] = []
        for key in keys:
            for place in self._ordered(self._keys[key]):
                if (kinds is None or place.kind in kinds) and place.name not in names:
                    names.append(place.name)
        return names[:limit]

    def resolve(self, text: str, kinds: frozenset[str] = PLACE_KINDS) -> Place:
        """Exactly one place of the given kinds for text, or NotFound/Ambiguous listing what comes closest."""
        if not (text or "").strip():
            raise InvalidInput("empty place name")
        query = fold(text)
        if not query:  # only signs and symbols, e.g. '©': no place has such a name
            raise NotFound(f"no place {text!r} in the Ruhr area")
        if query.replace(" ", "").isdigit():
            return self._by_number(query.replace(" ", ""), kinds)
        exact = [p for p in self._keys.get(query, set()) if p.kind in kinds]
        communes = [p for p in exact if p.kind == "commune"]
        chosen = communes or exact
        if len(chosen) == 1:
            return chosen[0]
        if not chosen:
            chosen = self._ordered({
                p for key, places in self._keys.items() if key.startswith(query + " ")
                for p in places if p.kind in kinds
            })
            if len(chosen) == 1:
                return chosen[0]
        if chosen:
            names = ", ".join(p.name for p in self._ordered(chosen))
            raise Ambiguous(f"{text!r} matches several places: {names}", [p.name for p in chosen])
        suggestions = self.suggestions(text, kinds=kinds)
        hint = f"; closest matches: {', '.join(suggestions)}" if suggestions else ""
        raise NotFound(f"no place {text!r} in the Ruhr area{hint}", suggestions)
