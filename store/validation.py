"""Checking a write: the candidate published state goes through geo's row rules (the loader's own,
geo/programme_checks.py, on plain rows: no frames), and every problem becomes a FieldProblem naming
the entity, the row and the column.

geo/programme_checks.py stays the one home of every rule, including those across rows (unique ids,
references between files). A write is checked on the part of the candidate state those rules can
reach from the changed row (CHECKED_WITH), not on the whole edition: every other row was checked
when it was written and cannot have been made wrong by this change.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from geo.boundaries import Region
from geo.geocoder import Geocoder
from geo.programme_checks import Problems, check_rows, rows_of
from store.dataset import FIRST_LINE
from store.errors import FieldProblem, ValidationFailed
from store.schema import ENTITIES, Entity

MAX_TEXT = 10_000  # characters per cell; the longest committed cell has about 1,000
ALLOWED_CONTROLS = {"\n", "\t"}
POSITION_PREFIXES = ("point", "bad coordinate")
BY_FILE = {e.file: e for e in ENTITIES.values()}
# The entities whose whole candidate rows a change to an entity is checked with; the changed entity is
# checked alone (only its changed row) when it is not in its own list. Why each list is enough:
# - sites name a programme and communes; no file names a site, and their one rule across rows (a
#   unique id) is the store's key (a site's id is its key), so a site is checked alone with the programmes;
# - the five locations name only communes;
# - funding figures name programmes, projects and other figures (part_of) and have unique ids;
# - projects are named by funding figures (project_id), which name programmes;
# - programmes are named by sites and funding figures: everything.
CHECKED_WITH: dict[str, tuple[str, ...]] = {
    "sites": ("programmes",),
    "five_locations": (),
    "funding": ("programmes", "projects", "funding"),
    "projects": ("programmes", "projects", "funding"),
    "programmes": tuple(ENTITIES),
}


def field_of(message: str, columns: tuple[str, ...]) -> str:
    """The column a loader message is about: its first word, lat/lon for positions, else the longest column named."""
    first = message.split(" ", 1)[0].split("=", 1)[0]
    if first in columns:
        return first
    if message.startswith(POSITION_PREFIXES):
        return "lat,lon"
    for column in sorted(columns, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(column)}(?!\w)", message):
            return column
    return ""


def text_problem(name: str, value: object) -> str:
    """Why a text cannot be stored verbatim ('' when it can): not text, too long, control characters."""
    if not isinstance(value, str):
        return f"{name} must be text, got {type(value).__name__}"
    if len(value) > MAX_TEXT:
        return f"{name} is longer than {MAX_TEXT} characters"
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in ALLOWED_CONTROLS for ch in value):
        return f"{name} contains a control character"
    return ""


def check_texts(entity: str, key: str, **texts: object) -> None:
    """The free texts of a command (reason, source) must be storable verbatim."""
    problems = [FieldProblem(entity, key, name, why) for name, value in texts.items() if (why := text_problem(name, value))]
    if problems:
        raise ValidationFailed(problems)


def check_cells(entity: Entity, key: str, values: dict) -> dict[str, str]:
    """Only the entity's columns, only text, no control characters, at most MAX_TEXT characters."""
    problems = []
    for column, value in values.items():
        if column not in entity.columns:
            problems.append(FieldProblem(entity.name, key, column, f"{column} is not a column of {entity.file}"))
        elif why := text_problem(column, value):
            problems.append(FieldProblem(entity.name, key, column, why))
    if problems:
        raise ValidationFailed(problems)
    return {column: values.get(column, "") for column in entity.columns}


MEMO_SIZE = 32  # checked candidate states kept


@dataclass(frozen=True)
class Checked:
    """A candidate state that keeps every rule: the commune each of its sites' points lies in."""

    site_ags: dict[str, str]  # site id -> AGS ('' for a commune-level site)


class Validator:
    """geo's row rules (geo/programme_checks.py), run on a candidate published state.

    The check is a pure function of the rows (region and geocoder are fixed), so its outcome is kept
    for the last few candidates: a proposal approved as it was proposed, or a write sent again
    after a timeout, finds its outcome again."""

    def __init__(self, region: Region, geocoder: Geocoder):
        self.region = region
        self.geocoder = geocoder
        self.memo: OrderedDict[tuple, Checked | ValidationFailed] = OrderedDict()
        self.lock = threading.Lock()

    def check(self, rows: dict[str, list[dict[str, str]]]) -> Checked:
        """`rows`: entity -> rows in edition order. Raises ValidationFailed listing every problem."""
        key = tuple((name, tuple(tuple(row.items()) for row in rows[name])) for name in ENTITIES)
        with self.lock:
            outcome = self.memo.get(key)
            if outcome is not None:
                self.memo.move_to_end(key)
        if outcome is None:
            outcome = self._check(rows)
            with self.lock:
                self.memo[key] = outcome
                while len(self.memo) > MEMO_SIZE:
                    self.memo.popitem(last=False)
        if isinstance(outcome, ValidationFailed):
            raise ValidationFailed(outcome.problems)
        return outcome

    def _check(self, rows: dict[str, list[dict[str, str]]]) -> Checked | ValidationFailed:
        problems = Problems()
        checked = {e.file: rows_of(e.columns, rows[e.name], FIRST_LINE) for e in ENTITIES.values()}
        points = check_rows(checked, self.region, self.geocoder, problems)
        if problems.entries:
            return ValidationFailed([
                FieldProblem(BY_FILE[file].name, key, field_of(message, BY_FILE[file].columns), message)
                for file, _line, key, message in problems.entries])
        return Checked({row.id: ags for row, ags in zip(checked["sites.csv"], points.ags)})
