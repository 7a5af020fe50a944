"""The forms of the editing pages: a site (with the map to set its point), any other row (funding
figure, project) field by field, deletion with a reason.

Every form is plain HTML that works without script (the server checks everything again);
bearbeiten.js only adds the map click and the live commune check. Entered values are given back
as they were typed, and each problem stands next to its field.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from maps.edit_frame import csrf_field, hidden

STATUS_DE = {"active": "in Betrieb", "planned": "geplant", "phase-out": "Kohleausstieg"}
PRECISION_DE = {"address": "Adresse (amtliche Koordinaten)", "landmark": "Ort (auf einige hundert Meter genau)",
                "commune": "nur die Gemeinde (Lage nicht veröffentlicht)"}
IDENTIFICATION_DE = {"": "–", "confirmed": "bestätigt", "probable": "wahrscheinlich", "possible": "möglich"}
REASON_LABEL = "Grund der Änderung"


@dataclass(frozen=True)
class FormState:
    """A form as shown: the values (as typed), the problems per field, the version it was loaded with."""

    values: dict[str, str]
    problems: dict[str, list[str]] = field(default_factory=dict)
    version: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class SiteChoices:
    programmes: dict[str, str]    # id -> German name
    communes: dict[str, str]      # AGS -> name (those the account may choose)
    tile_url: str = ""
    tile_attribution: str = ""


def _problems(state: FormState, name: str) -> Markup:
    messages = state.problems.get(name, [])
    if not messages:
        return Markup("")
    return Markup('<span class="rk-problem" id="{}-problem">{}</span>').format(
        name, Markup("<br>").join(Markup("{}").format(m) for m in messages))


def _described(state: FormState, name: str) -> Markup:
    return Markup(' aria-invalid="true" aria-describedby="{}-problem"').format(name) if state.problems.get(name) else Markup("")


def text_field(state: FormState, name: str, label: str, kind: str = "text", required: bool = False,
               extra: str = "") -> Markup:
    return Markup('<p><label for="{0}">{1}</label><input id="{0}" name="{0}" type="{2}" value="{3}"{4}{5}{6}>{7}</p>').format(
        name, label, kind, state.values.get(name, ""), Markup(" required") if required else Markup(""),
        _described(state, name), Markup(extra), _problems(state, name))


def select_field(state: FormState, name: str, label: str, options: dict[str, str]) -> Markup:
    current = state.values.get(name, "")
    if current and current not in options:
        options = {current: current, **options}  # a value from the data the list does not offer stays as it is
    items = Markup("").join(Markup('<option value="{}"{}>{}</option>').format(
        value, Markup(" selected") if value == current else Markup(""), text) for value, text in options.items())
    return Markup('<p><label for="{0}">{1}</label><select id="{0}" name="{0}"{2}>{3}</select>{4}</p>').format(
        name, label, _described(state, name), items, _problems(state, name))


def _reason(state: FormState) -> Markup:
    return Markup('<p><label for="grund">{}</label><textarea id="grund" name="grund" required rows="2"{}>{}</textarea>{}</p>').format(
        REASON_LABEL, _described(state, "grund"), state.reason, _problems(state, "grund"))


def _general(state: FormState) -> Markup:
    messages = state.problems.get("", [])
    if not messages:
        return Markup("")
    return Markup('<div class="rk-problem" role="alert"><p>Bitte prüfen:</p><ul>{}</ul></div>').format(
        Markup("").join(Markup("<li>{}</li>").format(m) for m in messages))


def _frame(action: str, csrf: str, state: FormState, fields: Markup, submit: str) -> Markup:
    version = hidden("version", state.version) if state.version is not None else Markup("")
    return Markup('<form class="rk-form" method="post" action="{}" novalidate>{}{}{}{}{}<p><button type="submit">{}</button></p></form>').format(
        action, csrf_field(csrf), version, _general(state), fields, _reason(state), submit)


def site_form(action: str, csrf: str, state: FormState, choices: SiteChoices, submit: str) -> Markup:
    """A site: name, programme, commune, address, status, year, precision, point (map or typed), source."""
    point = Markup(
        '<fieldset class="rk-point"><legend>Lage</legend>'
        '<div id="rk-pick-map" class="rk-pick-map" data-tiles="{}" data-attribution="{}"></div>'
        '<p class="rk-hint">Punkt auf der Karte anklicken oder die Koordinaten eintippen (WGS84, Dezimalgrad).</p>'
        '{}{}<p id="rk-point-check" class="rk-point-check" role="status" aria-live="polite"></p>{}</fieldset>').format(
        choices.tile_url, choices.tile_attribution,
        text_field(state, "lat", "Breite (z. B. 51.5141)", extra=' inputmode="decimal"'),
        text_field(state, "lon", "Länge (z. B. 7.4668)", extra=' inputmode="decimal"'),
        _problems(state, "lat,lon"))
    fields = Markup("").join([
        text_field(state, "name", "Name", required=True),
        select_field(state, "programme", "Programm", choices.programmes),
        select_field(state, "communes", "Gemeinde", choices.communes),
        text_field(state, "address", "Adresse"),
        select_field(state, "status", "Status", STATUS_DE),
        text_field(state, "year", "Jahr (z. B. 2025 oder 2021/22)"),
        select_field(state, "precision", "Genauigkeit der Lage", PRECISION_DE),
        select_field(state, "identification", "Zuordnung (Familiengrundschulzentren)", IDENTIFICATION_DE),
        point,
        text_field(state, "coordinate_source", "Herkunft der Koordinaten"),
        text_field(state, "source", "Quelle (URL)", kind="url", required=True),
    ])
    return _frame(action, csrf, state, fields, submit)


def row_form(action: str, csrf: str, state: FormState, columns: tuple[str, ...], fixed: str | None, submit: str) -> Markup:
    """Any other row, one text field per column; `fixed` is the id column of an existing row (ids never change)."""
    fields = []
    for column in columns:
        if column == fixed:
            fields.append(Markup("<p>Kennung: <code>{}</code></p>").format(state.values.get(column, "")))
        else:
            fields.append(text_field(state, column, column, required=column == "source"))
    return _frame(action, csrf, state, Markup("").join(fields), submit)


def delete_form(action: str, csrf: str, version: int) -> Markup:
    return Markup(
        '<form class="rk-form rk-delete" method="post" action="{}">{}{}'
        '<p><label for="loeschgrund">Grund der Löschung</label><textarea id="loeschgrund" name="grund" required rows="2"></textarea></p>'
        '<p><button type="submit">Löschen</button></p></form>').format(action, csrf_field(csrf), hidden("version", version))
