"""Checking a write: the candidate published state goes through geo's loader checks, and every
problem becomes a FieldProblem naming the entity, the row and the column.

Validating the whole candidate state (a few hundred rows, milliseconds) instead of one row keeps
one home for every rule, including those across rows (unique ids, references between files).
"""
from __future__ import annotations

import re
import unicodedata

from geo.boundaries import Region
from geo.geocoder import Geocoder
from geo.programme_data import ProgrammeData, Problems, validate_programme_frames
from store.dataset import frame_of
from store.errors import FieldProblem, ValidationFailed
from store.schema import ENTITIES, Entity

MAX_TEXT = 10_000  # characters per cell; the longest committed cell has about 1,000
ALLOWED_CONTROLS = {"\n", "\t"}
POSITION_PREFIXES = ("point", "bad coordinate")
BY_FILE = {e.file: e for e in ENTITIES.values()}


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


def check_cells(entity: Entity, key: str, values: dict) -> dict[str, str]:
    """Only the entity's columns, only text, no control characters, at most MAX_TEXT characters."""
    problems = []
    for column, value in values.items():
        if column not in entity.columns:
            problems.append(FieldProblem(entity.name, key, column, f"{column} is not a column of {entity.file}"))
        elif not isinstance(value, str):
            problems.append(FieldProblem(entity.name, key, column, f"{column} must be text, got {type(value).__name__}"))
        elif len(value) > MAX_TEXT:
            problems.append(FieldProblem(entity.name, key, column, f"{column} is longer than {MAX_TEXT} characters"))
        elif any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in ALLOWED_CONTROLS for ch in value):
            problems.append(FieldProblem(entity.name, key, column, f"{column} contains a control character"))
    if problems:
        raise ValidationFailed(problems)
    return {column: values.get(column, "") for column in entity.columns}


class Validator:
    """geo's loader checks, run on a candidate published state."""

    def __init__(self, region: Region, geocoder: Geocoder):
        self.region = region
        self.geocoder = geocoder

    def check(self, rows: dict[str, list[dict[str, str]]]) -> ProgrammeData:
        """`rows`: entity -> rows in edition order. Raises ValidationFailed listing every problem."""
        problems = Problems()
        frames = {e.file: frame_of(e, rows[e.name]) for e in ENTITIES.values()}
        data, _ = validate_programme_frames(frames, self.region, self.geocoder, strict=False, problems=problems)
        if problems.entries:
            raise ValidationFailed([
                FieldProblem(BY_FILE[file].name, key, field_of(message, BY_FILE[file].columns), message)
                for file, _line, key, message in problems.entries])
        return data
