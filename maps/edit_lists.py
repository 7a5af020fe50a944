"""The lists of the editing pages: the overview, a commune's rows with their status, the review
queue with a before/after diff per field, a row's history with revert.

Rows, proposals and revisions are the store's records (read by attribute, never imported here, so
maps/ stays below service/ and store/); every text is escaped (maps/html_text.py).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from markupsafe import Markup

from maps.edit_frame import Viewer, csrf_field, hidden, post_button
from maps.html_text import link, table

STATUS_DE = {"proposed": "vorgeschlagen", "approved": "veröffentlicht (angenommen)", "rejected": "abgelehnt"}
ACTION_DE = {"put": "ändern oder anlegen", "delete": "löschen", "seed": "Erstausgabe", "create": "angelegt",
             "update": "geändert", "revert": "zurückgesetzt", "import": "eingespielt"}
BERLIN = ZoneInfo("Europe/Berlin")
KIND_DE = {"sites": "Standort", "funding": "Förderbetrag", "projects": "Projekt", "programmes": "Programm",
           "five_locations": "5-Standorte-Ort"}


def _when(moment: datetime | None) -> str:
    """German local time; the store keeps UTC (SQLite gives it back without a zone)."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def proposal_status(proposal: Any) -> str:
    """'vorgeschlagen', 'veröffentlicht …' or 'abgelehnt: <reason>' (the reason the curator gave)."""
    text = STATUS_DE.get(proposal.status, proposal.status)
    if proposal.status == "rejected" and proposal.decision_reason:
        text += f": {proposal.decision_reason}"
    return text


def proposals_table(proposals: Iterable[tuple[Any, str]]) -> Markup:
    """(proposal, title) pairs: what, which row, change, status (with the rejection's reason), who, when."""
    rows = [[KIND_DE.get(p.entity, p.entity), title, ACTION_DE.get(p.action, p.action), proposal_status(p),
             p.reason, p.author, _when(p.at)] for p, title in proposals]
    if not rows:
        return Markup("<p>Keine Vorschläge.</p>")
    return table(["Art", "Eintrag", "Änderung", "Status", "Grund", "von", "am"], rows)


def overview(viewer: Viewer, communes: dict[str, str], own: list[tuple[Any, str]], open_count: int) -> Markup:
    parts = []
    if viewer.reviews:
        parts.append(Markup('<p><a href="/bearbeiten/pruefen">Prüfen: {} offene Vorschläge</a></p>').format(open_count))
        parts.append(Markup('<p><a href="/bearbeiten/geloescht">Gelöschte Einträge ansehen und wiederherstellen</a></p>'))
    items = Markup("").join(Markup('<li><a href="/bearbeiten/gemeinden/{}">{}</a></li>').format(ags, name)
                            for ags, name in communes.items())
    parts.append(Markup("<h2>Ihre Gemeinden</h2><ul class=\"rk-communes\">{}</ul>").format(items))
    parts.append(Markup("<h2>Ihre Vorschläge</h2>"))
    parts.append(proposals_table(own))
    return Markup("").join(parts)


def rows_table(slug: str, records: list[Any], title_column: str, extra: tuple[str, str] | None = None,
               labels: dict[str, str] | None = None) -> Markup:
    """Published rows with status and a link to change them; `extra` is (column, header) shown too,
    through `labels` (e.g. programme id -> German name) when given."""
    if not records:
        return Markup("<p>Keine Einträge.</p>")
    header = ["Bezeichnung", *([extra[1]] if extra else []), "Status", ""]
    shown = labels or {}
    rows = [[r.values.get(title_column, "") or r.key,
             *([shown.get(r.values.get(extra[0], ""), r.values.get(extra[0], ""))] if extra else []), "veröffentlicht",
             link(f"/bearbeiten/{slug}/{r.key}", "Ändern oder löschen")] for r in records]
    return table(header, rows)


def commune_body(ags: str, sections: list[tuple[str, str, Markup]], proposals: list[tuple[Any, str]]) -> Markup:
    """sections: (heading, URL word, rows table) per kind of row; then the proposals about the commune."""
    parts = []
    for heading, slug, rows in sections:
        parts.append(Markup('<h2>{}</h2><p><a href="/bearbeiten/{}/neu?gemeinde={}">Neu anlegen</a></p>{}').format(
            heading, slug, ags, rows))
    parts.append(Markup("<h2>Vorschläge und Entscheidungen</h2>"))
    parts.append(proposals_table(proposals))
    return Markup("").join(parts)


def _diff_table(changes: list[Any]) -> Markup:
    if not changes:
        return Markup("<p>Keine Feldänderung.</p>")
    return table(["Feld", "vorher", "nachher"], [[c.field, c.before or "–", c.after or "–"] for c in changes])


def review_body(items: list[tuple[Any, Any, list[Any]]], csrf: str) -> Markup:
    """Each open proposal: who, why, the diff, approve, and reject with a required reason."""
    if not items:
        return Markup("<p>Keine offenen Vorschläge.</p>")
    parts = []
    for proposal, before, changes in items:
        number = proposal.id
        what = "löschen" if proposal.action == "delete" else "neu" if before is None else "ändern"
        reject = Markup(
            '<form class="rk-form rk-inline" method="post" action="/bearbeiten/pruefen/{0}/ablehnen">{1}'
            '<label for="ablehnen-{0}">Grund der Ablehnung</label>'
            '<input id="ablehnen-{0}" name="grund" required maxlength="2000">'
            '<button type="submit">Ablehnen</button></form>').format(number, csrf_field(csrf))
        parts.append(Markup(
            '<section class="rk-proposal" aria-labelledby="vorschlag-{0}"><h2 id="vorschlag-{0}">Vorschlag {0}: {1} {2} ({3})</h2>'
            "<p>von {4} am {5}. Grund: {6}. Quelle: {7}</p>{8}<div class=\"rk-actions\">{9}{10}</div></section>").format(
            number, KIND_DE.get(proposal.entity, proposal.entity), proposal.key, what, proposal.author,
            _when(proposal.at), proposal.reason, link(proposal.source, proposal.source), _diff_table(changes),
            post_button(f"/bearbeiten/pruefen/{number}/annehmen", "Annehmen und veröffentlichen", csrf), reject))
    return Markup("").join(parts)


def history_body(revisions: list[Any], revert_action: str | None, csrf: str, version: int) -> Markup:
    """Every revision of a row, newest first; curators get 'back to this state' with a reason."""
    rows = []
    for revision in reversed(revisions):
        changed = ", ".join(sorted(k for k in set(revision.before or {}) | set(revision.after or {})
                                   if (revision.before or {}).get(k) != (revision.after or {}).get(k)))
        cells = [revision.id, _when(revision.at), ACTION_DE.get(revision.action, revision.action),
                 f"{revision.author} ({revision.author_role})", revision.reason, changed or "–"]
        if revert_action:
            cells.append(Markup(
                '<form class="rk-inline" method="post" action="{0}">{1}{2}{3}'
                '<label for="zurueck-{4}">Grund</label><input id="zurueck-{4}" name="grund" required maxlength="2000">'
                '<button type="submit">Auf diesen Stand zurücksetzen</button></form>').format(
                revert_action, csrf_field(csrf), hidden("version", version), hidden("revision", revision.id), revision.id))
        rows.append(cells)
    header = ["Nr.", "Zeit", "Aktion", "von", "Grund", "geänderte Felder"] + (["Zurücksetzen"] if revert_action else [])
    return table(header, rows)


def deleted_body(rows: Iterable[tuple[Any, str]], csrf: str) -> Markup:
    """(deleted row, title) pairs: what, when and why it was deleted, and a restore form with a reason."""
    shown = []
    for row, title in rows:
        deletion, record = row.deletion, row.record
        if row.restores is None:
            action: Markup | str = "– (nie veröffentlicht)"
        else:
            action = Markup(
                '<form class="rk-inline" method="post" action="/bearbeiten/{0}/{1}/wiederherstellen">{2}{3}'
                '<label for="wieder-{4}">Grund</label><input id="wieder-{4}" name="grund" required maxlength="2000">'
                '<button type="submit">Wiederherstellen</button></form>').format(
                row.slug, record.key, csrf_field(csrf), hidden("version", record.version), deletion.id)
        shown.append([KIND_DE.get(record.entity, record.entity), title or record.key, _when(deletion.at),
                      f"{deletion.author} ({deletion.author_role})", deletion.reason, action])
    if not shown:
        return Markup("<p>Keine gelöschten Einträge.</p>")
    return Markup("<p>Gelöscht wird nichts endgültig: ein gelöschter Eintrag ist nur verborgen und kommt mit "
                  "„Wiederherstellen“ im Stand vor dem Löschen zurück.</p>") + table(
        ["Art", "Eintrag", "gelöscht am", "von", "Grund", "Wiederherstellen"], shown)
