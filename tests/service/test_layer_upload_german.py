"""Why an upload was refused, and why its rows were, in German on the German pages (maps/problem_text.py):
the messages come from the real pipeline; the API without lang=de keeps English."""
from __future__ import annotations

import gzip
import io
import json
import zipfile

import pytest

from maps.problem_text import row_reason_de, upload_problem_de
from service.layer_uploads import UploadLimits, upload_layer
from store import Principal
from store.errors import TooLarge
from tests.service.editing import csrf, hidden_value, signed_in
from tests.service.test_layer_pages import ORIGIN

POINT = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [7.2, 51.48]}}
LINE = {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[7.2, 51.48], [7.3, 51.5]]}}


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "lat,lon\n51.48,7.2\n")
    return buffer.getvalue()


REFUSED = [  # (file name, bytes, title): each refused by the real pipeline
    ("tabelle.xls", b"x", "T"),
    ("leer.csv", b"\n", "T"),
    ("spalten.csv", b"a,b\n1,2\n", "T"),
    ("kaputt.geojson", b"{nicht json", "T"),
    ("gemischt.geojson", json.dumps({"type": "FeatureCollection", "features": [POINT, LINE, LINE]}).encode(), "T"),
    ("ohne.geojson", json.dumps({"type": "FeatureCollection", "features": [{**POINT, "geometry": None}]}).encode(), "T"),
    ("kaputt.zip", b"PK\x03\x04kaputt", "T"),
    ("zwei.zip", _zip("a.csv", "b.csv"), "T"),
    ("kaputt.csv.gz", b"\x1f\x8bkaputt", "T"),
    ("gross.csv", b"lat,lon\n" + b"51.48,7.2\n" * 120_000, "T"),
    ("gross.csv.gz", gzip.compress(b"lat,lon\n" + b"51.48,7.2\n" * 120_000), "T"),
    ("viele.csv", b"lat,lon\n" + b"51.48,7.2\n" * 30, "T"),
    ("unbrauchbar.csv", b"lat,lon\nx,7.2\n51.4,200\n", "T"),
    ("gemischt.csv", b"\xef\xbb\xbflat,lon,name\n51.48,7.2,M\xfcnster\n", "T"),
    ("doppelt.csv", b"lat,lon,euro,euro\n51.48,7.2,1,2\n", "T"),
    ("gut.csv", b"lat,lon\n51.48,7.2\n", " "),
]


def _refusals(repo, store) -> list[str]:
    owner = Principal("paula", "curator")
    store.add_account("paula", "curator")
    limits = UploadLimits(max_bytes=1024 * 1024, max_features=20, quota_bytes=10 * 1024 * 1024)
    messages = []
    for name, content, title in REFUSED:
        with pytest.raises(Exception) as refused:
            upload_layer(store, repo, owner, content, name, title, limits)
        messages.append(str(refused.value))
    upload_layer(store, repo, owner, b"lat,lon\n51.48,7.2\n", "gut.csv", "T", limits)
    with pytest.raises(TooLarge) as over:
        upload_layer(store, repo, owner, b"lat,lon\n51.48,7.2\n", "gut.csv", "T", UploadLimits(1024 * 1024, 20, 20))
    return messages + [str(over.value)]


def test_every_refusal_of_the_pipeline_has_its_german_text(repo, editing):
    messages = _refusals(repo, editing.store)
    german = [upload_problem_de(message) for message in messages]
    assert [m for m, g in zip(messages, german) if m == g] == []  # every one is known here
    text = "\n".join(german)
    for expected in ("tabelle.xls: unbekannter Dateityp", "spalten.csv: keine Koordinatenspalten",
                     "Die Ebene mischt Linien (2), Punkte (1)", "Ein Zip-Archiv muss genau eine Datei enthalten (es enthält 2)",
                     "gross.csv ist größer als die Grenze von 1 MB", "gross.csv.gz ist entpackt größer",
                     "viele.csv: 30 Objekte; erlaubt sind höchstens 20 je Ebene",
                     "keine verwendbare Zeile (Zeile 2: Breite fehlt oder ist keine Zahl; Zeile 3: Länge außerhalb",
                     "Zeile 2 enthält das Byte 0xFC", "Bitte einen Titel mit 1 bis 200 Zeichen",
                     "erlaubt sind 20 je Konto"):
        assert expected in text, (expected, text)


def test_row_reasons_are_german_and_unknown_ones_kept():
    assert row_reason_de("3 cells, the header has 4") == "3 Zellen, die Kopfzeile hat 4"
    assert row_reason_de("x=12, y=5 is not an EPSG:25832 position in Germany") == \
        "x=12, y=5 ist keine EPSG:25832-Position in Deutschland"
    assert row_reason_de("something no reader says") == "something no reader says"


def test_the_upload_page_gets_german_refusals_and_the_api_english_ones(editing):
    dora = signed_in(editing, "dora")
    token = csrf(dora)
    files = {"file": ("spalten.csv", b"a,b\n1,2\n", "text/csv")}
    german = dora.post("/layers?lang=de", files=files, data={"title": "T", "csrf": token}, headers=ORIGIN)
    english = dora.post("/layers", files=files, data={"title": "T", "csrf": token}, headers=ORIGIN)
    assert german.status_code == english.status_code == 400
    assert german.json()["detail"].startswith("spalten.csv: keine Koordinatenspalten (lat/lon oder x/y)")
    assert english.json()["detail"].startswith("spalten.csv: no coordinate columns")
    refused = dora.post("/layers?lang=de", files=files, data={"title": "T"}, headers=ORIGIN)  # no CSRF token
    assert refused.status_code == 403 and refused.json()["detail"].startswith("Das Formular ist abgelaufen")
    assert dora.post("/layers?lang=fr", files=files, data={"title": "T", "csrf": token},
                     headers=ORIGIN).status_code == 400
    page = dora.get("/ebenen?lang=en")
    english_page = dora.post("/ebenen?lang=en", files=files,
                             data={"title": "T", "csrf": hidden_value(page.text, "csrf")}, headers=ORIGIN)
    assert english_page.status_code == 400 and "no coordinate columns" in english_page.text


def test_a_refusal_naming_a_very_long_file_name_is_shown_as_it_is():
    """A zip member's name may be 65,535 bytes; its refusal is not translated (matching the German
    texts' patterns against it would take seconds), while the same refusal of a usual name is."""
    short = "plan.csv expanded is larger than the limit of 50 MB"
    assert upload_problem_de(short) == "plan.csv ist entpackt größer als die Grenze von 50 MB."
    long_name = ": not a readable a file (" * 2600
    message = f"{long_name} expanded is larger than the limit of 50 MB"
    assert upload_problem_de(message) == message
