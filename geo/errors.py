"""Exception types shared by the data layer; the service maps each to one HTTP status."""


class RuhrkarteError(Exception):
    """Base class: every error the data layer raises on purpose."""


class DataError(RuhrkarteError):
    """Committed data is broken: start-up must stop with this message."""


class InvalidInput(RuhrkarteError, ValueError):
    """A caller passed something unusable (bad coordinate, bad parameter)."""


class NotFound(RuhrkarteError, LookupError):
    """A key (AGS, name, id) that is not in the loaded data."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class Ambiguous(NotFound):
    """Text that matches several places equally well."""


class SetupError(RuhrkarteError):
    """An installation step has not run (e.g. `npm ci` for the map libraries): start-up must stop."""
