"""data/report.json: the report the pages link, checked like every data file."""
import json

import pytest

from geo.errors import DataError
from geo.report_source import load_report_source


def test_the_committed_report_is_vorlage_17_6165(repo):
    assert repo.report.document == "Vorlage 17/6165" and repo.report.date == "2021-12-07"
    assert repo.report.url.startswith("https://www.landtag.nrw.de/") and repo.report.source


@pytest.mark.parametrize("change, message", [({"url": "javascript:alert(1)"}, "url must be an https URL"),
                                             ({"document": ""}, "missing or empty document"),
                                             ({"title": None}, "missing or empty title")])
def test_a_broken_report_entry_names_the_file_and_the_field(data_copy, change, message):
    path = data_copy / "report.json"
    document = {**json.loads(path.read_text(encoding="utf-8")), **change}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DataError, match=message) as error:
        load_report_source(data_copy)
    assert "report.json" in str(error.value)


def test_a_missing_report_file_stops_loading(data_copy):
    (data_copy / "report.json").unlink()
    with pytest.raises(DataError, match="file missing"):
        load_report_source(data_copy)
