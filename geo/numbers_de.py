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
