"""An upload's encoding runs beside its placing: a refusal while placing still comes through as it is,
and leaves no thread behind."""
from __future__ import annotations

import threading

import pytest

from geo.errors import InvalidInput
from geo.layer_files import read_layer_file
from geo.layer_report import place_layer
from store.layer_rows import LayerEncoding


def _encoders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("layer-encode")]


def test_a_refusal_while_placing_comes_through_and_leaves_no_thread(repo):
    layer_file = read_layer_file(b"lat;lon;euro\n51,48;7,21;1\n", "massnahmen.csv", repo.gazetteer)
    with pytest.raises(InvalidInput, match="no commune"):
        with LayerEncoding(layer_file):
            raise InvalidInput("no commune could be found")
    assert not _encoders()


def test_the_stored_value_and_report_of_a_placed_upload(repo):
    layer_file = read_layer_file(b"lat;lon;euro\n51,48;7,21;1\n51,51;7,46;2,5\n", "massnahmen.csv", repo.gazetteer)
    with LayerEncoding(layer_file) as encoding:
        stored, report = encoding.new_layer("Maßnahmen", place_layer(layer_file, repo.region, repo.geocoder), 40,
                                            repo.region)
    assert not _encoders()
    assert report.features == 2 and sum(report.placed_per_commune.values()) == 2
    assert stored.report == report.as_json() and stored.title == "Maßnahmen" and stored.size_bytes == 40
    region = next(row for row in stored.sums.rows if row["code"] == "ruhr")
    assert (region["features"], region["euro_sum"]) == (2.0, 3.5)
