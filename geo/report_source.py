"""The progress report every figure, project and line number of the data refers to.

Its title, number and URL live in data/report.json (with their source), so the pages can link the
report next to each "Zeile" without a second spelling of the URL in code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.data_files import read_json
from geo.errors import DataError

REPORT_FILE = "report.json"
FIELDS = ("title", "document", "publisher", "date", "url", "source")


@dataclass(frozen=True)
class ReportSource:
    title: str
    document: str
    publisher: str
    date: str
    url: str
    source: str

    @property
    def citation_de(self) -> str:
        """'Fortschrittsbericht 2021 zur Ruhr-Konferenz (Landtag Nordrhein-Westfalen, Vorlage 17/6165)'."""
        return f"{self.title} ({self.publisher}, {self.document})"


def load_report_source(folder: Path) -> ReportSource:
    """data/report.json as a ReportSource; DataError naming the file for anything missing or not https."""
    path = folder / REPORT_FILE
    document = read_json(path)
    if not isinstance(document, dict):
        raise DataError(f"{path}: expected an object with {', '.join(FIELDS)}")
    missing = [name for name in FIELDS if not isinstance(document.get(name), str) or not document[name].strip()]
    if missing:
        raise DataError(f"{path}: missing or empty {', '.join(missing)}")
    if not document["url"].startswith("https://"):
        raise DataError(f"{path}: url must be an https URL, found {document['url'][:80]!r}")
    return ReportSource(**{name: document[name] for name in FIELDS})
