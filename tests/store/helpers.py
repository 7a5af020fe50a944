"""Principals and small write helpers shared by the store tests."""
from __future__ import annotations

from sqlalchemy import func, select

from geo.layer_files import read_layer_file
from geo.layer_report import place_layer
from store import Delete, Principal, Put
from store.layer_rows import LayerEncoding, NewLayer
from store.schema import proposals, revisions
from store.store import Store

DORTMUND, BOCHUM, ESSEN = "05913000", "05911000", "05113000"
CURATOR = Principal("kurt", "curator")
DORTMUND_EDITOR = Principal("dora", "editor", frozenset({DORTMUND}))
SOURCE = "https://www.dortmund.de/familiengrundschulzentren"
# Test points, not data: Dortmund city centre by the Reinoldikirche and Bochum city centre (the README's
# `locate` example). The geocoder places them in Dortmund and Bochum, which the scope tests rely on.
DORTMUND_POINT = ("51.5141", "7.4668")
BOCHUM_POINT = ("51.4818", "7.2162")


def a_site(store: Store, ags: str) -> str:
    """The id of a published site whose only commune is `ags` and which has a point."""
    frame = store.published_dataset().frames["sites.csv"]
    match = frame[(frame["communes"] == ags) & (frame["precision"] != "commune")]
    return str(match["id"].iloc[0])


def changed(store: Store, key: str, principal: Principal = CURATOR, reason: str = "Korrektur", **cells):
    record = store.get("sites", key)
    return store.apply(Put("sites", key, {**record.values, **cells}, record.version, reason, SOURCE), principal)


def new_site(key: str, ags: str, point: tuple[str, str], **cells) -> dict[str, str]:
    lat, lon = point
    return {"id": key, "programme": "talentkolleg", "name": "Neuer Standort", "communes": ags,
            "address": "Musterstraße 1", "lat": lat, "lon": lon, "precision": "landmark", "identification": "",
            "level": "", "status": "active", "year": "2025", "report_line": "", "source": SOURCE, **cells}


def delete(store: Store, key: str, principal: Principal = CURATOR):
    record = store.get("sites", key)
    return store.apply(Delete("sites", key, record.version, "geschlossen", SOURCE), principal)


def counts(store: Store) -> tuple[int, int, int]:
    """(data version, revisions, proposals): nothing stored means none of them moved."""
    with store.engine.connect() as connection:
        return (store.data_version(), connection.execute(select(func.count()).select_from(revisions)).scalar(),
                connection.execute(select(func.count()).select_from(proposals)).scalar())


def layer_upload(repo, title: str, filename: str, text: str) -> NewLayer:
    """A planner's upload as the store receives it: read, placed, reported and summed as POST /layers does."""
    raw = text.encode()
    layer_file = read_layer_file(raw, filename, repo.gazetteer)
    parts = place_layer(layer_file, repo.region, repo.geocoder)
    with LayerEncoding(layer_file) as encoding:
        return encoding.new_layer(title, parts, len(raw), repo.region)[0]
