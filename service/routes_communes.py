"""The commune pages: the index `/gemeinden`, one page per commune `/gemeinden/{ags or name}`, one per
Kreis `/kreise/{code or name}`, and their downloads. An unknown name answers a browser with a German
HTML page (404) that suggests close names; API clients asking for JSON still get problem+json."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from geo.commune_exports import FUNDING_COLUMNS, SITE_COLUMNS, funding_rows, rows_csv, site_rows, sites_geojson
from geo.errors import NotFound
from geo.gazetteer import PLACE_KINDS, Place
from geo.portfolio_report import district_report
from geo.read_model import ReadModel
from geo.ruhr import KREISE
from maps.gemeinden_index import build_not_found
from maps.i18n import language, localized
from service.generation import Generation, GenerationDep
from service.html_pages import response as html_response
from service.params import PageLanguage, page_language, reject_unknown, wants_html

router = APIRouter()
# file name on the page -> (media type, kind of rows, Excel variant)
DOWNLOAD_FILES = {
    "standorte.csv": ("text/csv; charset=utf-8", "sites", False),
    "standorte-excel.csv": ("text/csv; charset=utf-8", "sites", True),
    "standorte.geojson": ("application/geo+json", "sites", False),
    "foerderung.csv": ("text/csv; charset=utf-8", "funding", False),
    "foerderung-excel.csv": ("text/csv; charset=utf-8", "funding", True),
}
HTML_404 = {404: {"description": "unknown name or code: German HTML page with suggestions for browsers, "
                                 "problem+json for clients asking for JSON"}}


def _resolve(request: Request, current: Generation, key: str, kind_de: str, lang: str) -> Place | Response:
    """The place, or for a browser a 404 page in the page's language (suggestions from the gazetteer);
    NotFound otherwise."""
    try:
        return current.model.gazetteer.resolve(key, PLACE_KINDS)
    except NotFound as error:
        if not wants_html(request, None):
            raise
        with language(lang):
            html = build_not_found(current.model, current.pages.config, key, error.suggestions, kind_de)
        page = html_response(html)
        page.status_code = 404
        return page


def _kreis_code(place: Place) -> str:
    """A Kreis' code; a kreisfreie Stadt is its one commune, whose page it is."""
    return place.code if place.kind == "district" else place.district_code


@router.get("/gemeinden", summary="Index of the 53 communes grouped by Kreis (German HTML)", response_class=HTMLResponse)
async def gemeinden(request: Request, current: GenerationDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    lang = page_language(lang)
    return await current.pages.get(("gemeinden", lang), current.pages.index(lang))


@router.get("/gemeinden/{key}", summary="A municipality's portfolio page (German HTML), by AGS or name",
            response_class=HTMLResponse, responses=HTML_404)
async def gemeinde(request: Request, key: str, current: GenerationDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    lang = page_language(lang)
    place = _resolve(request, current, key, "Gemeinde", lang)
    if isinstance(place, Response):
        return place
    if place.kind != "commune":
        return RedirectResponse(localized(f"/kreise/{place.code}", lang), status_code=303)
    return await current.pages.get(("gemeinde", place.code, lang), current.pages.gemeinde(place.code, lang))


@router.get("/kreise/{key}", summary="A Kreis page (German HTML): its communes and Kreis-level figures",
            response_class=HTMLResponse, responses=HTML_404)
async def kreis(request: Request, key: str, current: GenerationDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    lang = page_language(lang)
    place = _resolve(request, current, key, "Kreis", lang)
    if isinstance(place, Response):
        return place
    code = _kreis_code(place)
    if code not in KREISE:  # a kreisfreie Stadt: its page is the commune page
        return RedirectResponse(localized(f"/gemeinden/{code}000", lang), status_code=303)
    return await current.pages.get(("kreis", code, lang), current.pages.kreis(code, lang))


def _download(model: ReadModel, report: dict, code: str, file: str) -> Response:
    if file not in DOWNLOAD_FILES:
        raise NotFound(f"no download {file[:60]!r}; one of {', '.join(DOWNLOAD_FILES)}", list(DOWNLOAD_FILES))
    media, kind, excel = DOWNLOAD_FILES[file]
    if kind == "sites":
        rows = site_rows(report, {p.id: p.name_de for p in model.registry})
        body = sites_geojson(rows) if file.endswith(".geojson") else rows_csv(rows, SITE_COLUMNS, excel)
    else:
        body = rows_csv(funding_rows(report), FUNDING_COLUMNS, excel)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="ruhrkarte-{code}-{file}"'})


@router.get("/gemeinden/{key}/{file}", summary="A commune page's downloads: every site (also without a published "
            "position), the funding table; CSV, CSV for German Excel, GeoJSON")
async def gemeinde_download(request: Request, key: str, file: str, current: GenerationDep):
    reject_unknown(request, set())
    place = current.model.gazetteer.resolve(key, frozenset({"commune"}))
    return _download(current.model, current.model.commune_report(place.code), place.code, file)


@router.get("/kreise/{key}/{file}", summary="A Kreis page's downloads: its Kreis-level sites and the figures naming it")
async def kreis_download(request: Request, key: str, file: str, current: GenerationDep):
    reject_unknown(request, set())
    code = _kreis_code(current.model.gazetteer.resolve(key, PLACE_KINDS))
    if code not in KREISE:
        raise NotFound(f"{key!r} is a kreisfreie Stadt; its downloads are under /gemeinden/{code}000/")
    return _download(current.model, district_report(current.model.repo, code), code, file)
