"""A frame's rows as named tuples of plain values: what `DataFrame.itertuples(index=False)` gives, fast.

pandas' itertuples takes every column through `iloc` on each call (2 to 4 ms for the 15 to 20
columns of our frames), and a rebuild of the read model after a write iterated frames eight times;
one conversion of the whole frame to Python objects takes a tenth of that."""
from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from typing import Iterator, NamedTuple

import pandas as pd


@lru_cache(maxsize=64)  # a handful of column sets, each used on every rebuild
def row_type(columns: tuple[str, ...]) -> type:
    """The named tuple of rows with these columns (invalid names, like itertuples, become _1, _2, ...)."""
    return namedtuple("Row", columns, rename=True)


def frame_rows(frame: pd.DataFrame) -> Iterator[NamedTuple]:
    """The rows, in order, with the cells as Python objects (numbers as int/float, text as str)."""
    return map(row_type(tuple(frame.columns))._make, frame.to_numpy(dtype=object).tolist())


def frame_tuples(frame: pd.DataFrame) -> tuple[tuple, ...]:
    """The rows as plain tuples (itertuples(index=False, name=None)): for comparing two frames' cells."""
    return tuple(map(tuple, frame.to_numpy(dtype=object).tolist()))
