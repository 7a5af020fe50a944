"""The checks' problems in German for the editing pages, and why a planner's upload was refused.

The rules live once, in geo/programme_data.py and store/ (their messages are English: the API, the
CLI and the logs speak English). A German page shows each problem in German next to its field, so
the messages a form can meet are read here by their shape; one this table does not know is shown
as it is rather than lost.
"""
from __future__ import annotations

import re

QUOTED = r"(?P<quote>['\"])(?P<value>.*)(?P=quote)"  # a value as repr() shows it
# (the message's shape, the German text; named groups are filled in)
TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern, re.S), text) for pattern, text in (
    (r"^\S+ is empty \(every change needs one\)$", "Bitte ausfüllen: jede Änderung braucht diese Angabe."),
    (r"^scope is empty$", "Bitte mindestens eine Gemeinde oder einen Kreis angeben."),
    (r"^period_de \(German period for the pages\) is empty$", "Bitte den Zeitraum auch auf Deutsch angeben, wie ihn die Seiten zeigen."),
    (r"^period \(English period, by which figures are summed\) is empty$",
     "Bitte den Zeitraum auch auf Englisch angeben: nach ihm werden die Beträge je Zeitraum zusammengezählt."),
    (r"^qualifier_de \(the report's German qualifier\) is empty$", "Bitte die Einordnung des Betrags aus dem Bericht angeben (auf Deutsch)."),
    (rf"^\S+ {QUOTED} is not one of (?P<allowed>.+)$", "„{value}“ ist hier nicht möglich; erlaubt sind: {allowed}."),
    (rf"^unknown commune or district code {QUOTED} in \S+$", "„{value}“ ist kein Schlüssel einer Gemeinde oder eines Kreises im Ruhrgebiet."),
    (r"^precision 'commune' must not carry coordinates", "Bei der Genauigkeit „Gemeinde“ ist die Lage unbekannt: bitte keine Koordinaten angeben."),
    (r"^bad coordinate: ", "Diese Koordinaten sind keine gültige Position (Breite und Länge in Grad, z. B. 51,5136 und 7,4653)."),
    (r"^point \((?P<lat>[^,]*), (?P<lon>[^)]*)\) lies outside the Ruhr area$", "Der Punkt ({lat}, {lon}) liegt außerhalb des Ruhrgebiets."),
    (r"^point lies in (?P<name>.+) \((?P<ags>\d+)\) but the row declares (?P<declared>.*)$",
     "Der Punkt liegt in {name} ({ags}), angegeben ist aber: {declared}. Bitte Punkt oder Gemeinde korrigieren."),
    (r"^a Familiengrundschulzentrum needs its identification level$", "Ein Familiengrundschulzentrum braucht die Angabe, wie es bestimmt wurde."),
    (rf"^\S+ {QUOTED} is not a line number$", "„{value}“ ist keine Zeilennummer."),
    (rf"^\S+ {QUOTED} is not a positive number$", "„{value}“ ist kein positiver Betrag (Euro, z. B. 1.250.000 oder 1250000,50)."),
    (r"^\S+ is longer than (?P<limit>\d+) characters$", "Höchstens {limit} Zeichen."),
    (r"^\S+ contains a control character$", "Enthält ein Steuerzeichen; bitte nur Text eingeben."),
    (rf"^\S+ {QUOTED} is already taken$", "Die Kennung „{value}“ ist schon vergeben."),
    (r"^\S+ must not start with ", "Diese Kennung ist nicht erlaubt (sie beginnt wie eine automatisch vergebene)."),
    (r"^\S+ .* differs from the row's id", "Die Kennung eines Eintrags lässt sich nicht ändern."),
    (rf"^unknown project_id {QUOTED}$", "Es gibt kein Projekt mit der Nummer „{value}“."),
    (rf"^part_of names unknown figure {QUOTED}$", "Es gibt keinen Betrag mit der Kennung „{value}“."),
    (r"^communes_caption names a commune missing from communes$", "Die Beschriftung nennt eine Gemeinde, die nicht unter den Gemeinden steht."),
    (r"^\S+ is empty$", "Bitte ausfüllen."),  # last: the specific "… is empty" texts above come first
))


# Messages longer than this are shown as they are: they carry a user's text (a file name can be
# 65,535 bytes), and patterns with two open parts take time growing with the square of the length.
MAX_TRANSLATED = 2_000


def _matching(patterns: tuple[tuple[re.Pattern[str], str], ...], message: str) -> tuple[str, dict[str, str]] | None:
    """The German text and the groups of the first pattern the message has; None when none fits."""
    if len(message) > MAX_TRANSLATED:
        return None
    for pattern, text in patterns:
        found = pattern.search(message)
        if found:
            return text, found.groupdict()
    return None


def problem_de(message: str) -> str:
    """The German text of one check's problem; the message itself when its shape is not known here."""
    matched = _matching(TEXTS, message)
    return message if matched is None else matched[0].format(**matched[1])


# -- a planner's upload (service/layer_uploads.py, geo/layer_files.py) -----------------------------
KINDS_DE = {"point": "Punkte", "line": "Linien", "polygon": "Flächen"}
ROW_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), text) for pattern, text in (
    (r"^longitude missing or not a number$", "Länge fehlt oder ist keine Zahl"),
    (r"^latitude missing or not a number$", "Breite fehlt oder ist keine Zahl"),
    (r"^longitude out of range \(-180 to 180\)$", "Länge außerhalb des Bereichs (-180 bis 180)"),
    (r"^latitude out of range \(-90 to 90\)$", "Breite außerhalb des Bereichs (-90 bis 90)"),
    (r"^x or y missing or not a number$", "x oder y fehlt oder ist keine Zahl"),
    (r"^(?P<xy>x=\S+, y=\S+) is not an EPSG:25832 position in Germany$", "{xy} ist keine EPSG:25832-Position in Deutschland"),
    (r"^(?P<cells>\d+) cells, the header has (?P<width>\d+)$", "{cells} Zellen, die Kopfzeile hat {width}"),
    (r"^no geometry or an empty one$", "keine oder eine leere Geometrie"),
    (r"^a multipoint of several points; upload each point as a feature$",
     "ein Multipunkt aus mehreren Punkten; bitte jeden Punkt als eigenes Objekt hochladen"),
    (r"^invalid polygon without area \((?P<why>.*)\): rejected$", "ungültiges Polygon ohne Fläche ({why}): abgelehnt"),
    (r"^invalid polygon repaired \((?P<why>.*)\)$", "ungültiges Polygon repariert ({why})"),
))
UPLOAD_TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern, re.S), text) for pattern, text in (
    (r"^(?P<file>.+): unknown file type; ", "{file}: unbekannter Dateityp; bitte CSV, GeoJSON (.geojson) oder "
                                           "GeoPackage (.gpkg) hochladen."),
    (r"^(?P<file>.+): the file is empty or has no header line$", "{file}: Die Datei ist leer oder hat keine Kopfzeile."),
    (rf"^(?P<file>.+): the column {QUOTED} appears twice in the header; give each column a name of its own$",
     "{file}: Die Spalte „{value}“ steht zweimal in der Kopfzeile; bitte geben Sie jeder Spalte einen eigenen Namen."),
    (r"^(?P<file>.+): no coordinate columns \(lat/lon or x/y\) and no commune column \((?P<names>[^)]*)\); "
     r"the columns are: (?P<columns>.*)$", "{file}: keine Koordinatenspalten (lat/lon oder x/y) und keine Spalte der "
                                          "Gemeinde ({names}); die Spalten sind: {columns}"),
    (r"^(?P<file>.+): not a readable (?P<driver>\S+) file \((?P<detail>.*)\)$", "{file}: keine lesbare {driver}-Datei ({detail})"),
    (r"^(?P<file>.+): the layer has no coordinate reference system; ",
     "{file}: Die Ebene hat kein Koordinatenreferenzsystem; bitte eines festlegen und neu exportieren."),
    (r"^(?P<file>.+): the layer mixes (?P<kinds>.+); upload each kind as a layer of its own$",
     "{file}: Die Ebene mischt {kinds}; bitte jede Art als eigene Ebene hochladen."),
    (r"^(?P<file>.+): no feature has a geometry$", "{file}: Kein Objekt hat eine Geometrie."),
    (r"^(?P<file>.+): a damaged zip archive$", "{file}: ein beschädigtes Zip-Archiv."),
    (r"^(?P<file>.+): a zip archive must hold exactly one file \(it holds (?P<count>\d+)\)$",
     "{file}: Ein Zip-Archiv muss genau eine Datei enthalten (es enthält {count})."),
    (r"^(?P<file>.+): (?P<member>.+) is encrypted or packed in a way that cannot be read; pack it again without a "
     r"password$", "{file}: {member} ist verschlüsselt oder so gepackt, dass es nicht gelesen werden kann; bitte "
                   "ohne Passwort neu packen."),
    (r"^(?P<file>.+): damaged gzip data$", "{file}: beschädigte gzip-Daten."),
    (r"^the upload is larger than the limit of (?P<mb>\d+) MB$", "Die Datei ist größer als die Grenze von {mb} MB."),
    (r"^(?P<file>.+) expanded is larger than the limit of (?P<mb>\d+) MB$",
     "{file} ist entpackt größer als die Grenze von {mb} MB."),
    (r"^(?P<file>.+) is larger than the limit of (?P<mb>\d+) MB$", "{file} ist größer als die Grenze von {mb} MB."),
    (r"^title: give a title of 1 to (?P<count>\d+) characters without control characters$",
     "Bitte einen Titel mit 1 bis {count} Zeichen ohne Steuerzeichen angeben."),
    (r"^(?P<file>.+): (?P<count>[\d,]+) features; the limit is (?P<limit>[\d,]+) per layer$",
     "{file}: {count} Objekte; erlaubt sind höchstens {limit} je Ebene."),
    (r"^(?P<file>.+): no usable row \(the file has no rows\)$", "{file}: keine verwendbare Zeile (die Datei hat keine Zeilen)."),
    (r"^(?P<file>.+): no usable row \((?P<rows>.*)\)$", "{file}: keine verwendbare Zeile ({rows})."),
    (r"^the layers of (?P<owner>.+) would take (?P<count>[\d,]+) bytes; the limit per account is (?P<limit>[\d,]+) ",
     "Die Ebenen von {owner} bräuchten {count} Bytes; erlaubt sind {limit} je Konto (bitte zuerst eine Ebene löschen)."),
    (r"^send the file as multipart/form-data ", "Bitte die Datei als Formular (multipart/form-data) mit den Feldern "
                                               "„file“ und „title“ senden."),
    (r"^the form needs a 'file' \(the layer\) and a 'title'$", "Bitte eine Datei und einen Titel angeben."),
    (r"^the form's CSRF token is missing or wrong", "Das Formular ist abgelaufen oder kam von einer anderen Seite; "
                                                   "bitte die Seite neu laden."),
    (r"^(?P<file>.+) starts with a UTF-8 byte order mark, but line (?P<line>\d+) has the byte (?P<byte>0x[0-9A-F]+), ",
     "{file} beginnt mit einer UTF-8-Markierung (BOM), aber Zeile {line} enthält das Byte {byte}, das kein UTF-8 ist "
     "(gemischte Kodierungen); bitte die Datei neu als „CSV UTF-8“ oder ohne BOM speichern."),
    (r"^(?P<file>.+) starts with a UTF-8 byte order mark, but its last bytes are not UTF-8",
     "{file} beginnt mit einer UTF-8-Markierung (BOM), aber die letzten Bytes sind kein UTF-8 (gemischte Kodierungen); "
     "bitte die Datei neu als „CSV UTF-8“ speichern."),
))


def row_reason_de(reason: str) -> str:
    """Why a row of an upload was rejected, in German; the reason itself when its shape is not known here."""
    matched = _matching(ROW_REASONS, reason)
    return reason if matched is None else matched[0].format(**matched[1])


def _german_group(name: str, value: str) -> str:
    if name in ("count", "limit"):
        return value.replace(",", ".")  # 1,000,001 -> 1.000.001
    if name == "kinds":  # 'point (3), polygon (2)'
        return re.sub(r"\b(point|line|polygon)\b", lambda kind: KINDS_DE[kind.group(1)], value)
    if name == "rows":  # 'line 4: latitude missing or not a number; line 5: …'
        return "; ".join(re.sub(r"^line (\d+): (.*)$", lambda row: f"Zeile {row.group(1)}: {row_reason_de(row.group(2))}",
                                piece, flags=re.S) for piece in value.split("; "))
    return value


def upload_problem_de(message: str) -> str:
    """Why an upload was refused, in German (the API and the CLI keep the English message); the
    message itself when its shape is not known here."""
    matched = _matching(UPLOAD_TEXTS, message)
    if matched is None:
        return message
    text, groups = matched
    return text.format(**{name: _german_group(name, value) for name, value in groups.items()})
