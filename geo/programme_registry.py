"""The programme registry: the one list of programmes, read from data/programmes/programmes.csv.

Every list, summary column, map layer, legend entry, planners' measure and OpenAPI enum is derived
from here, so a programme is added by a row in programmes.csv (and its sites), never in code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from geo.frame_rows import frame_tuples

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ])")


@dataclass(frozen=True)
class Programme:
    id: str
    order: int
    colour: str      # '#rrggbb', the marker and legend colour
    name_de: str     # full German name (page titles, popups)
    name_en: str
    label_de: str    # short German label (legend of measures, tables)
    label_en: str    # short English label (CLI)
    description_de: str = ""   # what the programme is, in our own words (programmes.csv)

    @property
    def summary_de(self) -> str:
        """The description's first sentence: what a popup says about the programme in one line."""
        text = " ".join(self.description_de.split())
        end = _SENTENCE_END.search(text)
        return text[:end.end()].strip() if end else text

    @property
    def site_column(self) -> str:
        """The summary column counting this programme's sites."""
        return f"sites_{self.id}"


@dataclass(frozen=True)
class ProgrammeRegistry:
    programmes: tuple[Programme, ...]   # in display order

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> ProgrammeRegistry:
        """Build from validated programmes.csv rows, ordered by `order` (then id, for equal orders)."""
        if "description_de" not in frame.columns:
            frame = frame.assign(description_de="")
        rows = frame_tuples(frame[["id", "order", "colour", "name_de", "name_en", "label_de", "label_en",
                                   "description_de"]])
        items = [Programme(id_, int(order), colour, name_de, name_en, label_de or name_de, label_en or name_en,
                           description or "")
                 for id_, order, colour, name_de, name_en, label_de, label_en, description in rows]
        return cls(tuple(sorted(items, key=lambda p: (p.order, p.id))))

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.programmes]

    @property
    def site_columns(self) -> dict[str, str]:
        """Programme id -> summary column, in display order."""
        return {p.id: p.site_column for p in self.programmes}

    def get(self, programme_id: str) -> Programme:
        return next(p for p in self.programmes if p.id == programme_id)

    def __iter__(self):
        return iter(self.programmes)

    def __len__(self) -> int:
        return len(self.programmes)
