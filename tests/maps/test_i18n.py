"""The one message catalogue (maps/i18n.py): every marked text is translated, no text hides from the
extractor, values survive translation, and a page's language never leaks into another."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from maps.i18n import LOCALE_DIR, _, current, language, localized, pick, script_messages, script_texts

ROOT = Path(__file__).parents[2]
METHODS = [("maps/**.py", "python"), ("service/**.py", "python"), ("maps/static/**.js", "javascript")]
KEYWORDS = {"_": None, "N_": None, "t": None}
# A marked literal on one line; an f-string around it would hide it from babel's extractor.
MARKED = re.compile(r'\b(?:_|N_)\("((?:[^"\\\n]|\\.)*)"\)')


def catalogue():
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale="en")


def extracted() -> set[str]:
    return {message for _file, _line, message, _comments, _context in
            extract_from_dir(ROOT, METHODS, keywords=KEYWORDS) if isinstance(message, str)}


def test_every_marked_text_has_an_english_translation_and_nothing_stale():
    entries = {m.id: m for m in catalogue() if m.id}
    marked = extracted()
    assert marked - set(entries) == set(), "marked but not in the catalogue: run `make messages`"
    assert set(entries) - marked == set(), "in the catalogue but no longer marked: run `make messages`"
    untranslated = sorted(m.id for m in entries.values() if not m.string or m.fuzzy)
    assert untranslated == []


def test_no_marked_text_hides_from_the_extractor():
    marked = extracted()
    sources = [p for p in [*ROOT.glob("maps/**/*.py"), *ROOT.glob("service/**/*.py")] if p.name != "i18n.py"]  # its examples
    hidden = {text for path in sources for text in MARKED.findall(path.read_text(encoding="utf-8"))
              if "\\" not in text} - marked
    assert hidden == set()


def test_values_survive_translation():
    for message in catalogue():
        if message.id:
            assert set(re.findall(r"\{\w*\}", message.id)) == set(re.findall(r"\{\w*\}", message.string)), message.id


def test_german_is_the_default_and_a_language_ends_with_its_page():
    assert current() == "de" and _("Standorte") == "Standorte"
    with language("en"):
        assert _("Standorte") == "Sites" and current() == "en"
        assert _("Ein Text ohne Übersetzung") == "Ein Text ohne Übersetzung"  # falls back to German
        assert pick("Familiengrundschulzentren", "Family primary-school centres") == "Family primary-school centres"
        assert localized("/karte") == "/karte?lang=en" and localized("/planung?k=5") == "/planung?k=5&lang=en"
        assert localized("https://example.org/") == "https://example.org/"
        assert localized("/gemeinden/{ags}") == "/gemeinden/{ags}?lang=en"
    assert _("Standorte") == "Standorte" and localized("/karte?lang=en") == "/karte"
    with language("xx"):
        assert current() == "de"


def test_the_page_script_gets_exactly_its_own_texts():
    assert "Legende" in script_messages() and script_texts() == {}
    with language("en"):
        texts = script_texts()
    assert set(texts) == set(script_messages()) and texts["Legende"] == "Legend"
