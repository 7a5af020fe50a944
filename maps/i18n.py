"""The languages of the pages: German (the source texts) and English, from one gettext catalogue.

Mark a text where you write it, in German:

    from maps.i18n import _, N_
    _("Standorte")                                  # translated now, in the page's language
    _("{n} Treffer, {shown} angezeigt").format(n=3, shown=2)   # values go in after translating
    MEASURES = {"sites_total": N_("Standorte insgesamt")}      # a module constant: only marked here,
    _(MEASURES["sites_total"])                                 # translated where it is shown

In maps/static/ruhrkarte.js the same markers are `t("…")` and `N_("…")`; the page gets the translations of those
texts as `cfg.texts` (script_texts below).

After adding or changing a marked text, run `make messages` (pybabel extract + update over maps/,
service/ and ruhrkarte.js) and fill in the English in maps/locale/en/LC_MESSAGES/messages.po; a
test fails while a marked text has no translation. The .po is compiled in memory by babel.messages
the first time a page is rendered in English, so there is no .mo file to build or forget.

Pages are rendered inside `with language(code):` (service/pages.py per page key, the API's HTML
views per request); the language is a URL parameter (`?lang=en`), so the response cache and the
ETags, which key on the URL, never mix two languages. German, the default, has no parameter.
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DEFAULT = "de"
LANGUAGES = ("de", "en")
# The switch shows the other language's name in that language.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
# The page scripts whose texts are marked t("…"): ruhrkarte.js (shared), karte.js (/karte) and
# ruhrkarte-ebenen.js (the planners' own layers on /planung).
SCRIPT_SOURCES = tuple(Path(__file__).parent / "static" / name for name in ("ruhrkarte.js", "karte.js", "ruhrkarte-ebenen.js"))

_current: ContextVar[str] = ContextVar("ruhrkarte_language", default=DEFAULT)


@lru_cache(maxsize=None)
def catalogue(code: str) -> Translations:
    """The compiled catalogue of a language, built in memory from its .po file."""
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        parsed = read_po(handle, locale=code)
    compiled = BytesIO()
    write_mo(compiled, parsed)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def current() -> str:
    return _current.get()


def _(text: str) -> str:
    """The German `text` in the current page language (itself when untranslated or German)."""
    code = _current.get()
    return text if code == DEFAULT else catalogue(code).gettext(text)


def N_(text: str) -> str:
    """Marks a text for the catalogue without translating it (module constants)."""
    return text


def pick(german: str, english: str) -> str:
    """A data text that comes in both languages (programme names): the current one."""
    return english if _current.get() == "en" and english else german


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Render the enclosed page in language `code`."""
    token = _current.set(code if code in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def localized(href: str, code: str | None = None) -> str:
    """A link to one of our own pages, in the current (or given) language: `/karte` -> `/karte?lang=en`.
    Outside links and German (the default) stay as they are."""
    code = code or _current.get()
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not (href.startswith(("/", "?")) or href.endswith(".html")):
        return href
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    if code != DEFAULT:
        query.append(("lang", code))
    return urlunsplit(("", "", parts.path, urlencode(query, safe="{}"), parts.fragment))


def switch_href(query: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(href, code, name) of the language switch: the same page, with its query, in the other language."""
    other = "en" if _current.get() == DEFAULT else DEFAULT
    kept = {k: v for k, v in (query or {}).items() if k != "lang"}
    return "?" + urlencode({**kept, "lang": other}), other, LANGUAGE_NAMES[other]


def script_texts() -> dict[str, str]:
    """The translations of the texts marked t("…") in the page scripts, for the page data (cfg.texts)."""
    code = _current.get()
    if code == DEFAULT:
        return {}
    translations = catalogue(code)
    return {message: translations.gettext(message) for message in script_messages()}


@lru_cache(maxsize=1)
def script_messages() -> tuple[str, ...]:
    """Every t("…") text of the page scripts, by babel's JavaScript extractor (as `make messages` does)."""
    from babel.messages.extract import extract

    messages: list[str] = []
    for source in SCRIPT_SOURCES:
        with source.open("rb") as handle:
            found = extract("javascript", handle, keywords={"t": None, "N_": None})
            messages += [message for _line, message, _comments, _context in found]
    return tuple(dict.fromkeys(messages))
