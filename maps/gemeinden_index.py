"""The commune index `/gemeinden` (53 communes grouped by Kreis, with a filter field) and the German
error page for an unknown commune or Kreis, with suggestions.

The index is complete without JavaScript; maps/static/ruhrkarte-lists.js adds the filter.
"""
from __future__ import annotations

from markupsafe import Markup

from geo.numbers_de import euro_de, integer_de
from geo.read_model import ReadModel, as_read_model
from geo.repository import Repository
from geo.ruhr import KREISE
from maps.common import PageConfig, new_page
from maps.html_text import link
from maps.i18n import N_, _

LIST_SCRIPT = "ruhrkarte-lists.js"
KREISFREIE_DE = N_("Kreisfreie Städte")


def _item(cfg: PageConfig, row) -> Markup:
    sites = int(row.sites_total)
    facts = _("{population} Einwohner").format(population=integer_de(int(row.population))) + " · " + (
        _("1 Standort") if sites == 1 else _("{n} Standorte").format(n=sites))
    if row.funding_eur:
        facts += " · " + _("{amount} angerechnet").format(amount=euro_de(row.funding_eur))
    return Markup('<li data-rk-item="{} {}">{} <span class="rk-note">({})</span></li>').format(
        row.name, row.ags, link(cfg.commune_link.replace("{ags}", row.ags), row.name), facts)


def index_groups(model: ReadModel) -> list[tuple[str | None, str, list]]:
    """(Kreis code or None, heading, communes) for the 4 Kreise, then the kreisfreie Städte; names in order."""
    communes = model.repo.portfolios.communes.sort_values("name", key=lambda s: s.str.lower())
    names = model.names.districts
    groups: list[tuple[str | None, str, list]] = [(code, names[code], list(communes[communes["district_code"] == code].itertuples()))
                                                  for code in sorted(KREISE, key=lambda c: names[c])]
    groups.append((None, _(KREISFREIE_DE), list(communes[~communes["district_code"].isin(KREISE)].itertuples())))
    return groups


def build_index(source: ReadModel | Repository, cfg: PageConfig) -> str:
    model = as_read_model(source)
    cfg = cfg.in_language()
    sections = []
    for code, heading, rows in index_groups(model):
        kreis = Markup("<p>{}</p>").format(link(cfg.kreis_link.replace("{code}", code), _("Übersicht {kreis}").format(kreis=heading))) if code else ""
        sections.append(Markup('<section data-rk-group aria-labelledby="rk-group-{}"><h2 id="rk-group-{}">{} '
                                '<span class="rk-note">({})</span></h2>{}<ul class="rk-columns">{}</ul></section>').format(
            code or "kreisfrei", code or "kreisfrei", heading, _("{n} Gemeinden").format(n=len(rows)), kreis, Markup("").join(_item(cfg, r) for r in rows)))
    total = sum(len(rows) for _code, _heading, rows in index_groups(model))
    body = Markup(
        '<div class="rk-page"><p>{}</p><h1>{}</h1><p>{}</p>'
        '<div class="rk-filter" hidden><label for="rk-filter">{}</label> '
        '<input id="rk-filter" type="search" autocomplete="off" data-rk-filter="rk-communes"> '
        '<span id="rk-communes-status" role="status" aria-live="polite" data-rk-template="{}"></span></div>'
        '<div id="rk-communes">{}</div><p>{} · {}</p></div>').format(
        link(cfg.karte_link, _("Zur Karte aller Projekte")), _("Gemeinden im Ruhrgebiet"),
        _("Die {n} Gemeinden des Regionalverbands Ruhr, nach Kreisen geordnet. Jede Gemeinde hat eine Seite mit ihren "
          "Standorten, Förderbeträgen und Downloads.").format(n=total),
        _("Gemeinde suchen (Name oder AGS)"), _("{shown} von {total} Gemeinden"), Markup("").join(sections),
        link(cfg.karte_link, _("Zur Karte aller Projekte")), link(cfg.planung_link, _("Karte für Planende")))
    return new_page(cfg, _("Gemeinden im Ruhrgebiet") + " – Ruhrkarte", body, (LIST_SCRIPT,))


def _code_suggestions(model: ReadModel, key: str) -> list[str]:
    """For a mistyped AGS: the communes of the Kreis-level unit its first five digits name."""
    digits = key.strip()
    if not digits.isdigit() or len(digits) < 5:
        return []
    prefix = digits.zfill(8)[:5] if len(digits) in (7, 8) else digits[:5]
    return [name for ags, name in sorted(model.names.communes.items()) if ags.startswith(prefix)][:8]


def build_not_found(source: ReadModel | Repository, cfg: PageConfig, key: str, suggestions: list[str],
                    kind_de: str = "Gemeinde") -> str:
    """The 404 page (German, or the page's language): what was not found, close names as links, and the
    way to the index."""
    model = as_read_model(source)
    cfg = cfg.in_language()
    names = list(dict.fromkeys([*suggestions, *_code_suggestions(model, key)]))
    by_name = {name: ags for ags, name in model.names.communes.items()}
    by_kreis = {name: code for code, name in model.names.districts.items()}

    def target(name: str) -> str | None:
        if name in by_name:
            return cfg.commune_link.replace("{ags}", by_name[name])
        return cfg.kreis_link.replace("{code}", by_kreis[name]) if by_kreis.get(name, "") in KREISE else None

    offers = [link(target(n), n) for n in names if target(n)]
    hint = (Markup("<p>{}</p><ul>{}</ul>").format(_("Meinten Sie:"),
                                                  Markup("").join(Markup("<li>{}</li>").format(o) for o in offers))
            if offers else Markup("<p>{}</p>").format(_("Kein ähnlicher Name gefunden.")))
    kreis = kind_de == "Kreis"
    heading = _("Kreis nicht gefunden") if kreis else _("Gemeinde nicht gefunden")
    what = (_("„{key}“ ist kein Kreis im Ruhrgebiet.") if kreis
            else _("„{key}“ ist keine Gemeinde im Ruhrgebiet.")).format(key=key[:100])
    body = Markup('<div class="rk-page"><h1>{}</h1><p>{}</p>{}<p>{} · {}</p></div>').format(
        heading, what, hint, link(cfg.index_link, _("Alle 53 Gemeinden")), link(cfg.karte_link, _("Zur Karte")))
    return new_page(cfg, heading + " – Ruhrkarte", body)
