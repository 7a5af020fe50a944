"""The checks' problems in German for the editing pages.

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


def problem_de(message: str) -> str:
    """The German text of one check's problem; the message itself when its shape is not known here."""
    for pattern, text in TEXTS:
        found = pattern.search(message)
        if found:
            return text.format(**found.groupdict())
    return message
