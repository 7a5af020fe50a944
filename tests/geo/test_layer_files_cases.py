"""Commune tables as planners get them from statistics offices: keyed by AGS, with Kreis totals mixed in."""
from __future__ import annotations

import pytest

from geo.errors import InvalidInput
from geo.layer_files import read_layer_file

BOCHUM, DORTMUND, UNNA = "05911000", "05913000", "05978036"


def _read(repo, text: str, name: str = "statistik.csv"):
    return read_layer_file(text.encode("utf-8"), name, repo.gazetteer)


def test_a_statistics_table_is_keyed_by_its_ags_column_and_keeps_the_names_as_text(repo):
    # IT.NRW's tables carry the AGS first and the commune's name after it; the AGS decides.
    layer = _read(repo, "Name;AGS;Arbeitslose\nBochum;05911000;17533\nStadt Unna;05978036;2804\n"
                        "Dortmund;05913000;38061\n")
    assert layer.kind == "commune" and layer.rejected == []
    assert layer.communes == [BOCHUM, UNNA, DORTMUND]
    assert layer.values["Name"].tolist() == ["Bochum", "Stadt Unna", "Dortmund"]
    assert layer.values["Arbeitslose"].tolist() == [17533.0, 2804.0, 38061.0]
    assert "AGS" not in layer.values.columns


def test_a_kreis_total_in_a_commune_table_is_listed_not_counted_as_a_commune(repo):
    layer = _read(repo, "Gemeinde,Kitas\nBochum,180\nKreis Unna,210\nDortmund,320\n")
    assert layer.communes == [BOCHUM, DORTMUND] and layer.lines == [2, 4]
    assert [line for line, _ in layer.rejected] == [3]


def test_a_file_without_place_columns_names_the_columns_it_would_accept(repo):
    with pytest.raises(InvalidInput) as refused:
        _read(repo, "Projekt,Betrag\nSpielplatz,5\n")
    message = str(refused.value)
    assert "(ags, gemeindeschluessel, gemeindeschlüssel, gkz, ags8, gemeinde, kommune, commune, stadt, name)" in message
    assert message.endswith("the columns are: Projekt, Betrag")


def test_a_short_row_in_a_commune_table_is_listed_and_the_rows_after_it_are_read(repo):
    layer = _read(repo, "AGS;Kitas\n05911000;180\n05913000\n05978036;42\n")
    assert layer.communes == [BOCHUM, UNNA] and layer.lines == [2, 4]
    assert layer.rejected == [(3, "1 cells, the header has 2")]
