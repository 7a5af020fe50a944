"""data/report.json as a planner or maintainer breaks it: every problem named with the file."""
import json

import pytest

from geo.errors import DataError
from geo.report_source import load_report_source


def _write(data_copy, document) -> None:
    (data_copy / "report.json").write_text(json.dumps(document), encoding="utf-8")


def test_a_report_file_that_is_a_list_is_refused_with_the_fields_it_needs(data_copy):
    _write(data_copy, [{"title": "Fortschrittsbericht"}])
    with pytest.raises(DataError, match="report.json: expected an object with title, document, publisher, date, "
                                        "url, source"):
        load_report_source(data_copy)


def test_every_missing_field_is_named_at_once_and_blank_counts_as_missing(data_copy):
    document = json.loads((data_copy / "report.json").read_text(encoding="utf-8"))
    _write(data_copy, {**document, "publisher": "   ", "date": 20211207, "source": None})
    with pytest.raises(DataError, match=r"report.json: missing or empty publisher, date, source$"):
        load_report_source(data_copy)


def test_a_plain_http_url_is_refused_and_shown(data_copy):
    document = json.loads((data_copy / "report.json").read_text(encoding="utf-8"))
    _write(data_copy, {**document, "url": "http://www.landtag.nrw.de/" + "x" * 100})
    with pytest.raises(DataError) as error:
        load_report_source(data_copy)
    assert str(error.value).endswith("url must be an https URL, found 'http://www.landtag.nrw.de/" + "x" * 54 + "'")


def test_the_report_is_cited_with_title_publisher_and_document(data_copy):
    report = load_report_source(data_copy)
    assert report.citation_de == ("Fortschrittsbericht 2021 zur Ruhr-Konferenz "
                                  "(Landtag Nordrhein-Westfalen, Vorlage 17/6165)")
    assert report.title == "Fortschrittsbericht 2021 zur Ruhr-Konferenz" and report.publisher == "Landtag Nordrhein-Westfalen"
