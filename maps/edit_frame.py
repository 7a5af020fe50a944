"""The frame of the signed-in pages (sign-in, /bearbeiten, /ebenen): one h1 inside the main landmark,
navigation, the signed-in account and the sign-out button, our own script and styles only. German;
a page that offers English (/ebenen) is rendered inside `maps.i18n.language` and shows the switch.

No inline script or style (the Content-Security-Policy allows none here); every text goes through
markupsafe's escaping (the one table of maps/html_text.py), so data and form input stay text.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from maps import frame
from maps.i18n import N_, _, current, localized

ROLE_DE = {"editor": N_("Redaktion"), "curator": N_("Kuratierung"), "admin": N_("Verwaltung")}


@dataclass(frozen=True)
class Viewer:
    """The signed-in account as the pages show it, and the CSRF token its forms carry."""

    name: str
    role: str
    communes: tuple[str, ...]
    csrf: str

    @property
    def reviews(self) -> bool:
        return self.role in ("curator", "admin")


@dataclass(frozen=True)
class Notice:
    """A message above the page's content: 'ok' (status) or 'error' (alert)."""

    kind: str
    text: str


def csrf_field(token: str) -> Markup:
    return Markup('<input type="hidden" name="csrf" value="{}">').format(token)


def hidden(name: str, value: object) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(name, "" if value is None else str(value))


def post_button(action: str, label: str, csrf: str, fields: dict[str, object] | None = None,
                css: str = "rk-inline") -> Markup:
    """A one-button form (POST, CSRF token, hidden fields)."""
    extra = Markup("").join(hidden(k, v) for k, v in (fields or {}).items())
    return Markup('<form class="{}" method="post" action="{}">{}{}<button type="submit">{}</button></form>').format(
        css, action, csrf_field(csrf), extra, label)


def _navigation(viewer: Viewer | None) -> Markup:
    links = [Markup('<a href="{}">{}</a>').format(localized("/karte"), _("Karte"))]
    if viewer is None:
        return Markup('<nav aria-label="{}">{}</nav>').format(_("Hauptnavigation"), Markup(" · ").join(links))
    links.append(Markup('<a href="/bearbeiten">{}</a>').format(_("Bearbeiten")))
    if viewer.reviews:
        links.append(Markup('<a href="/bearbeiten/pruefen">{}</a>').format(_("Prüfen")))
    links.append(Markup('<a href="{}">{}</a>').format(localized("/ebenen"), _("Eigene Ebenen")))
    who = Markup('<span class="rk-who">{}</span>').format(
        _("Angemeldet als {name} ({role})").format(name=viewer.name, role=_(ROLE_DE.get(viewer.role, viewer.role))))
    return Markup('<nav aria-label="{}">{} {} {}</nav>').format(
        _("Hauptnavigation"), Markup(" · ").join(links), who, post_button("/abmelden", _("Abmelden"), viewer.csrf))


def _notice(notice: Notice | None) -> Markup:
    if notice is None:
        return Markup("")
    role = "alert" if notice.kind == "error" else "status"
    return Markup('<p class="rk-notice rk-notice-{}" role="{}">{}</p>').format(notice.kind, role, notice.text)


def edit_page(title: str, body: Markup, viewer: Viewer | None, notice: Notice | None = None,
              with_map: bool = False, static_base: str = "/static/app", vendor_base: str = "/static/vendor",
              scripts: tuple[str, ...] = ("bearbeiten.js",), switch: dict[str, str] | None = None) -> str:
    """A whole page; `body` is markup built with escaping, `title` is raw text. `switch`: the query of
    a page that is offered in English too (the language switch keeps it)."""
    assets = [Markup('<link rel="stylesheet" href="{}/ruhrkarte.css">').format(static_base),
              Markup('<link rel="stylesheet" href="{}/bearbeiten.css">').format(static_base)]
    if with_map:
        assets.insert(0, Markup('<link rel="stylesheet" href="{}/leaflet/leaflet.css">').format(vendor_base))
        assets.append(Markup('<script src="{}/leaflet/leaflet.js" defer></script>').format(vendor_base))
    assets += [Markup('<script src="{}/{}" defer></script>').format(static_base, name) for name in scripts]
    return str(Markup(
        '<!DOCTYPE html>\n<html lang="{}">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{} – Ruhrkarte</title><link rel="icon" href="data:,">{}</head>\n'
        '<body class="rk-edit">{}<header class="rk-edit-head">{}</header>\n'
        '<main id="{}" tabindex="-1"><h1>{}</h1>{}{}</main>\n{}\n</body>\n</html>\n').format(
        current(), title, Markup("").join(assets), frame.skip_link(), _navigation(viewer), frame.MAIN_ID, title,
        _notice(notice), body, frame.bottom(_site_links(), switch or {}, switch=switch is not None, close_main=False)))


def _site_links() -> list[tuple[str, str]]:
    """The footer's site links as on every page (the editing pages are German only: no language switch)."""
    return [(localized(href), text) for href, text in (
        ("/", _("Startseite")), ("/karte", _("Karte der Projekte")), ("/gemeinden", _("Alle Gemeinden")),
        ("/planung", _("Karte für Planende")))]


def message_page(title: str, text: str, viewer: Viewer | None, link: tuple[str, str] | None = None) -> str:
    """A page that only says something (refusals, not found), with an optional way on."""
    body = Markup("<p>{}</p>").format(text)
    if link:
        body += Markup('<p><a href="{}">{}</a></p>').format(*link)
    return edit_page(title, body, viewer)


def sign_in_page(csrf: str, name: str = "", notice: Notice | None = None) -> str:
    """The German sign-in form (name and password); works without script."""
    body = Markup(
        '<form class="rk-form" method="post" action="/anmelden">{}'
        '<p><label for="name">Kontoname</label><input id="name" name="name" autocomplete="username" required '
        'maxlength="64" value="{}"></p>'
        '<p><label for="passwort">Passwort</label><input id="passwort" name="passwort" type="password" '
        'autocomplete="current-password" required maxlength="1024"></p>'
        '<p><button type="submit">Anmelden</button></p></form>'
        "<p>Konten legt der Betrieb an (<code>ruhrkarte users add</code>, <code>ruhrkarte users password</code>).</p>"
    ).format(csrf_field(csrf), name)
    return edit_page("Anmelden", body, None, notice)

