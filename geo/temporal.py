"""The `datetime` of OGC API - Features (RFC 3339 instants and intervals) against the sites' years.

A site's time is the calendar year in which it started: the `year` column holds the start year a
source states ("2021", or a school year "2021/22", which starts in 2021). A site is selected when
that whole year, [Y-01-01T00:00:00Z, Y+1-01-01T00:00:00Z), intersects the requested instant or
interval. Sites without a year, and every feature of a collection without time, have no temporal
geometry, so (as Part 1 says: only features whose temporal geometry intersects the value are part
of the result) no datetime selects them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import numpy as np
import pandas as pd

from geo.errors import InvalidInput

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"^\s*(\d{4})")
OPEN = ("..", "")


@dataclass(frozen=True)
class Interval:
    """A closed time interval in UTC; None is an open end."""
    start: datetime | None
    end: datetime | None


def _instant(text: str, end: bool) -> datetime:
    """One RFC 3339 date-time (with Z or an offset) or full date (the whole day)."""
    text = text.strip()
    if _DATE.fullmatch(text):
        day = date.fromisoformat(text)
        return datetime.combine(day, time.max if end else time.min, tzinfo=timezone.utc)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", text):
        raise ValueError(text)
    return datetime.fromisoformat(text.upper().replace("Z", "+00:00")).astimezone(timezone.utc)


def parse_datetime(text: str) -> Interval:
    """'2021-05-01T00:00:00Z', '2021-05-01', '2021-01-01/2022-12-31', '2021-01-01T00:00:00Z/..', '../2022-01-01'."""
    parts = text.split("/")
    try:
        if len(parts) == 1 and parts[0] not in OPEN:
            return Interval(_instant(parts[0], False), _instant(parts[0], True))
        if len(parts) == 2 and not (parts[0] in OPEN and parts[1] in OPEN):
            start = None if parts[0] in OPEN else _instant(parts[0], False)
            end = None if parts[1] in OPEN else _instant(parts[1], True)
            interval = Interval(start, end)
        else:
            interval = None
    except (ValueError, OverflowError):  # OverflowError: an offset that moves year 1 before year 1
        interval = None
    if interval is not None:
        if interval.start and interval.end and interval.start > interval.end:
            raise InvalidInput("datetime: the interval starts after it ends")
        return interval
    raise InvalidInput(f"datetime: {text[:80]!r} is not an RFC 3339 date-time or date (2021-05-01T12:00:00Z, "
                       "2021-05-01) or an interval of two of them with '..' for an open end "
                       "(2021-01-01/2022-12-31, 2021-01-01T00:00:00Z/..)")


def start_years(years: pd.Series) -> pd.Series:
    """The start year of each 'year' text ('2021/22' -> 2021), NaN where there is none."""
    return pd.to_numeric(years.astype("string").str.extract(_YEAR, expand=False), errors="coerce")


def year_mask(years: pd.Series, interval: Interval) -> np.ndarray:
    """Rows whose start year intersects the interval; rows without a year never match."""
    start = start_years(years).to_numpy(dtype=float)
    mask = ~np.isnan(start)
    if interval.start is not None:  # the year ends after the interval starts
        mask &= start >= interval.start.year
    if interval.end is not None:    # the year begins before the interval ends
        mask &= start <= interval.end.year
    return mask


def year_extent(years: pd.Series) -> list[str | None] | None:
    """[first, last] instant of the years present, for a collection's temporal extent."""
    start = start_years(years).dropna()
    if start.empty:
        return None
    return [f"{int(start.min())}-01-01T00:00:00Z", f"{int(start.max())}-12-31T23:59:59Z"]
