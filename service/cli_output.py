"""Printing for the command line: aligned tables, JSON and a progress bar on stderr."""
from __future__ import annotations

import json
import sys
from typing import Any, Sequence

PROGRESS_MIN_ROWS = 10_000


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def print_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Left-aligned text columns, numbers right-aligned, for reading in a terminal."""
    cells = [[str(h) for h in header]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(r[i], (int, float)) for r in rows) for i in range(len(header))]
    for row in cells:
        print("  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(row, widths, numeric)).rstrip())


def progress_bar(label: str):
    """A callback drawing 'label [#####.....] done/total' on stderr for large inputs only."""

    def draw(done: int, total: int) -> None:
        if total < PROGRESS_MIN_ROWS:
            return
        filled = int(30 * done / total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} rows")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return draw
