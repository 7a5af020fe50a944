"""Numbers written the German way: '.' groups thousands, ',' separates decimals.

One tested helper for every page, so no caller swaps separators in a string that may hold other
text (names, escaped markup).
"""
from __future__ import annotations

import math

_TO_GERMAN = str.maketrans({",": ".", ".": ","})


def decimal_de(value: float, digits: int = 2) -> str:
    """1234567.891 -> '1.234.567,89'; digits=0 -> '1.234.568'. Not finite: '–'."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:,.{digits}f}".translate(_TO_GERMAN)


def integer_de(value: int) -> str:
    """605425 -> '605.425'."""
    return decimal_de(value, 0)


def euro_de(value: float | None, digits: int = 0) -> str:
    """1234567.0 -> '1.234.567 €'; None (no figure) -> '–'."""
    return "–" if value is None else f"{decimal_de(value, digits)} €"


_CURRENCY = ("€", "EUR", "Euro")


def _cleaned(text: str) -> str:
    cleaned = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "").replace("'", "")
    for sign in _CURRENCY:
        cleaned = cleaned.removesuffix(sign).removeprefix(sign)
    return cleaned


def parse_number_column(cells: list[str]) -> list[float] | None:
    """A table column as numbers, or None when some non-empty cell is not a number.

    The convention is decided for the whole column, since '1.234' alone is ambiguous: when any
    cell has a decimal comma ('2.500,50', '0,5'), '.' groups thousands (German); otherwise '.' is
    the decimal point. Empty cells are NaN; currency signs and spaces between digit groups are
    ignored ('1 234 €')."""
    cleaned = [_cleaned(cell) for cell in cells]
    german = any("," in cell for cell in cleaned)
    numbers = []
    for cell in cleaned:
        if not cell:
            numbers.append(math.nan)
            continue
        if german:
            cell = cell.replace(".", "").replace(",", ".")
        try:
            value = float(cell)
        except ValueError:
            return None
        if not math.isfinite(value):  # 'inf' and 'nan' are words, not figures
            return None
        numbers.append(value)
    return numbers if any(not math.isnan(n) for n in numbers) else None
