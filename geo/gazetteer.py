"""Offline place names: free text -> commune or Kreis, ranked search with suggestions.

Search understands how people type: any case, umlaut and street-suffix spelling ('Kreyenfeldstraße'
= 'Kreyenfeldstr.'), typos ('Dortmnd'), and several words of which only some name a place
('Bochum Hauptbahnhof' -> Bochum; 'Essen Zollverein' -> the Zollverein place in Essen).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from geo.boundaries import Region
from geo.errors import Ambiguous, InvalidInput, NotFound
from geo.frame_rows import frame_rows
from geo.text import search_key, search_key_variants

_PARENTHESIS_OR_SLASH = re.compile(r"\s*[(/].*$")
_DISTRICT_ALIASES = {"05954": ["EN-Kreis", "Kreis EN", "Ennepe-Ruhr", "EN"]}
_RANK_EXACT, _RANK_PREFIX, _RANK_WORD, _RANK_SUBSTRING = 1.0, 0.9, 0.8, 0.7
_FUZZY_WEIGHT = 0.6          # a typo match ranks below every direct one
# Part of a longer query: 0.6 of its own rank plus up to 0.2 for the share of words it explains,
# plus 0.15 for a site inside the commune or Kreis that another word of the query names.
_PART_WEIGHT, _PART_COVERAGE, _PART_INSIDE = 0.6, 0.2, 0.15
_MAX_PART_WORDS = 8          # longer queries: only their first words are split into parts
_TIE = {"fuzzy": 0.05}       # score gap within which typo matches are offered side by side
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
    """A place found for a query; `how` says how (exact, prefix, word, substring, fuzzy, partial) and
    `matched` which part of the query named it (the whole query unless `how` is partial)."""

    place: Place
    score: float
    how: str = "exact"
    matched: str = ""


def _commune_aliases(name: str) -> list[str]:
    short = _PARENTHESIS_OR_SLASH.sub("", name)
    return [name, short, f"Stadt {name}", f"Gemeinde {name}", f"Stadt {short}"]


def _district_aliases(code: str, name: str) -> list[str]:
    base = name.removeprefix("Kreis ")
    return [name, f"Kreis {base}", f"Landkreis {base}", *_DISTRICT_ALIASES.get(code, [])]


def region_places(region: Region) -> list[tuple[Place, list[str]]]:
    """Every commune and Kreis-level unit with the forms its name is typed in."""
    places = []
    for row in frame_rows(region.communes[["ags", "name", "district_code", "district_name"]]):
        place = Place("commune", row.ags, row.name, row.district_code, row.district_name)
        places.append((place, _commune_aliases(row.name)))
    for row in frame_rows(region.districts[["district_code", "name", "kreisfrei"]]):
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
                for key in search_key_variants(alias):
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

    def _direct(self, query: str) -> dict[Place, tuple[float, str]]:
        """Places whose names contain the folded query: exact, prefix, word or substring."""
        best: dict[Place, tuple[float, str]] = {}

        def offer(places, score, how):
            for place in places:
                if score > best.get(place, (0.0, ""))[0]:
                    best[place] = (score, how)

        for key, places in self._keys.items():
            if key == query:
                offer(places, _RANK_EXACT, "exact")
            elif key.startswith(query + " ") or (len(query) >= 3 and key.startswith(query)):
                offer(places, _RANK_PREFIX, "prefix")
            elif f" {query}" in f" {key}":
                offer(places, _RANK_WORD, "word")
            elif len(query) >= 3 and query in key:
                offer(places, _RANK_SUBSTRING, "substring")
        return best

    def _parts(self, query: str) -> dict[Place, tuple[float, str, str]]:
        """Places named by a part of a query of several words (runs of consecutive words)."""
        words = query.split()[:_MAX_PART_WORDS]
        if len(words) < 2:
            return {}
        found: list[tuple[Place, float, str, tuple[int, int]]] = []
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start:start + size])
                if len(part) < 3:
                    continue
                for place, (score, _how) in self._direct(part).items():
                    found.append((place, score, part, (start, start + size)))
        # Communes and Kreise that a part names exactly: a site inside one of them, named by
        # another part, is what the whole query means ('Essen Zollverein').
        areas = [(p, span) for p, score, _, span in found if score == _RANK_EXACT and p.kind in PLACE_KINDS]
        best: dict[Place, tuple[float, str, str]] = {}
        for place, score, part, (start, end) in found:
            value = _PART_WEIGHT * score + _PART_COVERAGE * (end - start) / len(words)
            if place.kind == "site" and any(_inside(place, area) and (a_end <= start or a_start >= end)
                                            for area, (a_start, a_end) in areas):
                value += _PART_INSIDE
            if value > best.get(place, (0.0, "", ""))[0]:
                best[place] = (round(value, 3), "partial", part)
        return best

    def _fuzzy(self, query: str, limit: int) -> dict[Place, tuple[float, str]]:
        """Places whose names are close to the query (typos), ranked below every direct match."""
        best: dict[Place, tuple[float, str]] = {}
        for key in difflib.get_close_matches(query, list(self._keys), n=limit, cutoff=0.75):
            score = round(difflib.SequenceMatcher(None, query, key).ratio() * _FUZZY_WEIGHT, 3)
            for place in self._keys[key]:
                if score > best.get(place, (0.0, ""))[0]:
                    best[place] = (score, "fuzzy")
        return best

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Places ranked by how well their names match: exact, prefix, word, substring; else the
        parts of a query of several words; else close spellings (typos)."""
        query = search_key(text)
        if not query:
            return []
        found = {p: (score, how, query) for p, (score, how) in self._direct(query).items()}
        if not found:
            found = self._parts(query)
        if not found:
            found = {p: (score, how, query) for p, (score, how) in self._fuzzy(query, limit).items()}
        ranked = sorted(found.items(), key=lambda item: (-item[1][0], _KIND_ORDER.get(item[0].kind, 2), item[0].name))
        return [Match(place, score, how, matched) for place, (score, how, matched) in ranked[:limit]]

    @staticmethod
    def candidates(matches: list[Match]) -> list[Match]:
        """The matches as good as the best one (a tie, or within a small gap for typos and partial
        matches): one means the query is clear; several are offered to choose from."""
        if not matches:
            return []
        top = matches[0]
        gap = _TIE.get(top.how, 0.0)
        return [m for m in matches if m.how == top.how and m.score >= top.score - gap - 1e-9]

    def suggestions(self, text: str, limit: int = 5, kinds: frozenset[str] | None = None) -> list[str]:
        """Names closest to text (of places of the given kinds), for 'did you mean' messages."""
        query = search_key(text)
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
        query = search_key(text)
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


def _inside(site: Place, area: Place) -> bool:
    """Whether a site lies in a commune (its AGS) or Kreis (its district code)."""
    if area.kind == "commune":
        return site.extra.get("ags") == area.code
    return site.district_code == area.code
