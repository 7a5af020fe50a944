"""The planners' upload page (/ebenen) and a layer's page (/ebenen/{id}): the upload form, the
account's layers with their sharing and delete forms, and the report of an upload.

The forms work without script (a plain multipart POST and one-button forms, each with the session's
CSRF token); maps/static/ebenen.js sends the same form to `POST /layers` and shows its progress.
Layers are the store's records (read by attribute); every text is escaped (maps/html_text.py).
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from maps.edit_frame import Viewer, csrf_field, hidden
from maps.edit_lists import _when
from maps.html_text import link, table
from maps.i18n import N_, _, current, localized
from maps.problem_text import row_reason_de

KIND_LABELS = {"point": N_("Punkte"), "line": N_("Linien"), "polygon": N_("Flächen"), "commune": N_("Tabelle je Gemeinde")}
ACCEPTED = ".csv,.txt,.tsv,.geojson,.json,.gpkg,.zip,.gz"


def planung_href(layer_id: int) -> str:
    """The layer on the planners' page: the page is public and cached, the fragment is read by its script."""
    return localized("/planung") + f"#ebene={layer_id}"


def upload_form(csrf: str, max_mb: int, title: str = "") -> Markup:
    """The upload form; the data-* texts are the script's progress messages in the page's language."""
    return Markup(
        '<form class="rk-form" id="rk-upload" method="post" action="{}" enctype="multipart/form-data" '
        'data-api="/layers" data-done="{}" data-sent="{}" data-processing="{}" data-failed="{}" data-offline="{}">{}'
        '<p><label for="rk-title">{}</label><input id="rk-title" name="title" required maxlength="200" value="{}"></p>'
        '<p><label for="rk-file">{}</label><input id="rk-file" name="file" type="file" required accept="{}" '
        'aria-describedby="rk-file-help"></p><p id="rk-file-help" class="rk-note">{}</p>'
        '<p><button type="submit">{}</button></p>'
        '<div class="rk-upload-status"><progress id="rk-upload-progress" max="100" value="0" hidden></progress> '
        '<span id="rk-upload-text" role="status" aria-live="polite"></span></div></form>').format(
        localized("/ebenen"), localized("/ebenen/{id}?hinweis=hochgeladen"),
        _("{sent} von {total} hochgeladen"), _("Hochgeladen; wird verarbeitet …"),
        _("Nicht hochgeladen: {detail}"), _("Die Verbindung ist abgebrochen; bitte noch einmal versuchen."),
        csrf_field(csrf), _("Titel"), title, _("Datei"), ACCEPTED,
        _("CSV (Spalten lat/lon in WGS84 oder x/y in EPSG:25832, oder eine Tabelle je Gemeinde mit AGS oder Namen), "
          "GeoJSON oder GeoPackage; auch als zip (eine Datei) oder gzip; höchstens {mb} MB.").format(mb=max_mb),
        _("Hochladen"))


def visibility(info: Any) -> str:
    if info.public:
        return _("öffentlich")
    if info.shared_with:
        return _("freigegeben für {names}").format(names=", ".join(info.shared_with))
    return _("privat")


def share_form(info: Any, csrf: str) -> Markup:
    """Public on or off, and the accounts it is shared with (names separated by commas)."""
    return Markup(
        '<form class="rk-form rk-share" method="post" action="{}">{}'
        '<p><input type="checkbox" id="rk-public-{}" name="public" value="1"{}> <label class="rk-check" for="rk-public-{}">{}</label></p>'
        '<p><label for="rk-shared-{}">{}</label><input id="rk-shared-{}" name="shared_with" value="{}" maxlength="1000"></p>'
        '<p><button type="submit">{}</button></p></form>').format(
        localized(f"/ebenen/{info.id}/freigabe"), csrf_field(csrf), info.id, Markup(" checked") if info.public else "",
        info.id, _("Öffentlich (alle sehen die Ebene, auch ohne Anmeldung)"), info.id,
        _("Freigegeben für (Kontonamen, durch Kommas getrennt)"), info.id, ", ".join(info.shared_with),
        _("Freigabe speichern"))


def _toggle(info: Any, csrf: str) -> Markup:
    """One button: public on or off, the accounts it is shared with kept."""
    label = _("Nicht mehr öffentlich") if info.public else _("Öffentlich machen")
    return Markup('<form class="rk-inline" method="post" action="{}">{}{}{}<button type="submit">{}</button></form>').format(
        localized(f"/ebenen/{info.id}/freigabe"), csrf_field(csrf), hidden("public", "" if info.public else "1"),
        hidden("shared_with", ", ".join(info.shared_with)), label)


def _delete(info: Any, csrf: str) -> Markup:
    return Markup('<form class="rk-inline" method="post" action="{}">{}<button type="submit" aria-label="{}">{}</button>'
                  '</form>').format(localized(f"/ebenen/{info.id}/loeschen"), csrf_field(csrf),
                                    _("Löschen: {title}").format(title=info.title), _("Löschen"))


def layers_section(own: list[Any], others: list[Any], csrf: str) -> Markup:
    """The account's layers (visibility, toggle, delete) and the layers others share with it or made public."""
    if own:
        rows = "".join(Markup('<tr><td data-label="{}">{}</td><td data-label="{}">{}</td><td class="num" data-label="{}">{}</td>'
                              '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{} {} {}</td></tr>').format(
            _("Titel"), link(localized(f"/ebenen/{i.id}"), i.title), _("Art"), _(KIND_LABELS.get(i.kind, i.kind)),
            _("Objekte"), i.features, _("Hochgeladen"), _when(i.created_at), _("Sichtbar"), visibility(i),
            _("Aktionen"), link(planung_href(i.id), _("Auf der Karte")), _toggle(i, csrf), _delete(i, csrf)) for i in own)
        head = "".join(Markup('<th scope="col">{}</th>').format(h) for h in (
            _("Titel"), _("Art"), _("Objekte"), _("Hochgeladen"), _("Sichtbar"), _("Aktionen")))
        mine = Markup('<table class="rk-layers"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(
            Markup(head), Markup(rows))
    else:
        mine = Markup("<p>{}</p>").format(_("Sie haben noch keine Ebene hochgeladen."))
    parts = [Markup("<h2>{}</h2>{}").format(_("Ihre Ebenen"), mine)]
    if others:
        items = Markup("").join(Markup("<li>{} ({}, {}) · {}</li>").format(
            link(localized(f"/ebenen/{i.id}"), i.title), i.owner, visibility(i), link(planung_href(i.id), _("Auf der Karte")))
            for i in others)
        parts.append(Markup("<h2>{}</h2><ul>{}</ul>").format(_("Ebenen anderer Konten"), items))
    return Markup("").join(parts)


def layers_body(viewer: Viewer, own: list[Any], others: list[Any], max_mb: int, title: str = "") -> Markup:
    intro = Markup("<p>{}</p>").format(_(
        "Laden Sie eigene Daten hoch: Ruhrkarte ordnet jedes Objekt seiner Gemeinde zu, summiert die Zahlen je "
        "Gemeinde und zeigt sie auf der Karte für Planende neben den Kennzahlen der Programme. Eine Ebene ist privat, "
        "bis Sie sie freigeben."))
    return Markup("{}<h2>{}</h2>{}{}").format(intro, _("Neue Ebene hochladen"), upload_form(viewer.csrf, max_mb, title),
                                              layers_section(own, others, viewer.csrf))


def report_section(report: dict, commune_names: dict[str, str]) -> Markup:
    """The upload's report: rows read, features, placed per commune, outside, rejected and repaired rows."""
    outside = report.get("outside_count", 0)
    facts = [(_("Gelesene Zeilen"), report.get("rows_read", 0)), (_("Verwendbare Objekte"), report.get("features", 0)),
             (_("Außerhalb des Ruhrgebiets"), outside), (_("Abgelehnte Zeilen"), report.get("rejected_count", 0))]
    parts = [Markup('<dl class="rk-facts">{}</dl>').format(Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in facts))]
    if outside:
        lines = ", ".join(str(n) for n in report.get("outside_lines", []))
        parts.append(Markup("<p>{}</p>").format(_("Zeilen außerhalb des Ruhrgebiets (die ersten 100): {lines}").format(lines=lines)))
    placed = sorted(report.get("placed_per_commune", {}).items(), key=lambda item: commune_names.get(item[0], item[0]))
    parts.append(Markup("<h2>{}</h2>").format(_("Zugeordnet je Gemeinde")))
    parts.append(table([_("Gemeinde"), "AGS", _("Objekte")], [[commune_names.get(a, a), a, n] for a, n in placed], {2})
                 if placed else Markup("<p>{}</p>").format(_("Kein Objekt liegt im Ruhrgebiet.")))
    rejected = report.get("rejected", [])
    if rejected:
        parts.append(Markup("<h2>{}</h2>").format(_("Abgelehnte Zeilen")))
        if report.get("rejected_count", 0) > len(rejected):
            parts.append(Markup("<p>{}</p>").format(_("Gezeigt werden die ersten {n}.").format(n=len(rejected))))
        reason = row_reason_de if current() == "de" else str  # the stored report speaks English, as the API
        parts.append(table([_("Zeile"), _("Grund")], [[r["line"], reason(r["reason"])] for r in rejected], {0}))
    repaired = report.get("repaired", [])
    if repaired:
        parts.append(Markup("<h2>{}</h2>").format(_("Reparierte Geometrien")))
        note = row_reason_de if current() == "de" else str
        parts.append(table([_("Zeile"), _("Hinweis")], [[r["line"], note(r["note"])] for r in repaired], {0}))
    return Markup("").join(parts)


def layer_body(info: Any, viewer: Viewer, commune_names: dict[str, str]) -> Markup:
    """A layer's page: what it is, where to see it, its report, and (for its owner) sharing and deleting."""
    parts = [Markup("<p>{}</p>").format(_("{kind}, {n} Objekte, hochgeladen von {owner} am {when}; {visible}.").format(
                 kind=_(KIND_LABELS.get(info.kind, info.kind)), n=info.features, owner=info.owner,
                 when=_when(info.created_at), visible=visibility(info))),
             Markup('<p class="rk-actions">{} {} {}</p>').format(
                 link(planung_href(info.id), _("Auf der Karte für Planende zeigen")),
                 link(f"/layers/{info.id}/summary?f=csv", _("Summen je Gemeinde als CSV")),
                 link(f"/collections/layer-{info.id}/items?f=html", _("Objekte als Tabelle"))),
             Markup("<h2>{}</h2>").format(_("Bericht des Hochladens")), report_section(info.report, commune_names)]
    if info.owner == viewer.name:
        parts.append(Markup("<h2>{}</h2>{}").format(_("Freigabe"), share_form(info, viewer.csrf)))
        parts.append(Markup('<div class="rk-delete"><h2>{}</h2>{}</div>').format(_("Löschen"), _delete(info, viewer.csrf)))
    return Markup("").join(parts)
