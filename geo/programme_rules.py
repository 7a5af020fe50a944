"""The vocabulary of the programme data set: what values a row may hold."""

PRECISIONS = ("address", "landmark", "commune")
IDENTIFICATIONS = ("confirmed", "probable", "possible")
STATUSES = ("active", "planned", "phase-out")
MEASURES = ("total", "rate")
# What a figure is: a grant, an own contribution, money that may be used, or a total budget (geo/crediting.py).
KINDS = ("grant", "own_share", "usable", "total_budget")
FUNDERS = ("EU", "Land", "Bund", "commune", "other", "unspecified")
# Scopes beyond single communes or districts: figures for these are kept at programme level.
WIDE_SCOPES = {
    "ruhr": "Ruhr area (programme total)",
    "nrw": "North Rhine-Westphalia (programme total)",
    "de": "Germany (nationwide total)",
    "unstated": "scope not stated in the report",
}
BOOLEANS = ("true", "false")
LIST_SEPARATOR = ";"


def is_wide(scope: list[str]) -> bool:
    """Ruhr-, NRW- or Germany-wide (or unstated): such figures stay at programme level."""
    return any(code in WIDE_SCOPES for code in scope)


def split_list(value: str) -> list[str]:
    """'a;b; c' -> ['a', 'b', 'c']; empty text -> []."""
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
