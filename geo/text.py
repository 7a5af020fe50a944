"""Text folding for matching German place names typed in any spelling."""
import re
import unicodedata
from functools import lru_cache

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase, ß->ss, accents dropped (ü->u), punctuation to single spaces."""
    lowered = unicodedata.normalize("NFC", text).lower().replace("ß", "ss")
    return _NON_WORD.sub(" ", _strip_marks(lowered)).strip()


def fold_variants(text: str) -> set[str]:
    """The forms a name is typed in: 'Mülheim' -> {'mulheim', 'muelheim'}."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return {fold(lowered), _NON_WORD.sub(" ", _strip_marks(lowered.translate(_UMLAUTS))).strip()}


# 'Kreyenfeldstraße', 'Kreyenfeldstrasse', 'Kreyenfeld-Straße', 'Kreyenfeldstr.', 'Kreyenfeld Str.' are one street.
_STREET = re.compile(r"(?:(?<=[0-9a-z]) )?(?:strasse|str)\b")


def street_short(folded: str) -> str:
    """A folded text with every street suffix in one short form: 'kreyenfeld strasse 80' -> 'kreyenfeldstr 80'."""
    return _STREET.sub("str", folded)


def search_key(text: str) -> str:
    """The form a typed query is compared in: folded, street suffixes shortened."""
    return street_short(fold(text))


# The gazetteer is indexed anew with every read model (after each published write), from nearly
# the same names: the communes, Kreise and sites (about 450 names and addresses), so they are kept.
VARIANTS_KEPT = 4096


@lru_cache(maxsize=VARIANTS_KEPT)
def search_key_variants(text: str) -> frozenset[str]:
    """The forms a name is indexed under (umlaut spellings), street suffixes shortened."""
    return frozenset(street_short(variant) for variant in fold_variants(text))
