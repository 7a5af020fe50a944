"""The columnar reader of plain CSV files (geo/columnar_csv.py) in the shapes uploads take: a file of
one row, an empty last column, a blank first line, a one-column file, a row with some empty cells, a
file of three reader blocks and a figure too large for a number. Each is read as the careful reader
(csv module, row by row) reads it; where only the columnar reader's choice differs (which columns it
reads as numbers, whether it reads the file at all), that choice is asserted too."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import columnar_csv
from geo.columnar_csv import plain_table
from geo.layer_files import read_layer_file


def _both(text: str):
    raw = text.encode("utf-8")
    return (read_layer_file(raw, "punkte.csv", None, columnar=True),
            read_layer_file(raw, "punkte.csv", None, columnar=False))


def _same(text: str) -> None:
    fast, careful = _both(text)
    assert (fast.lines, fast.rejected) == (careful.lines, careful.rejected)
    pd.testing.assert_frame_equal(fast.values, careful.values)
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(fast.xy(), careful.xy()))


def _types(table) -> list[str]:
    return [str(t) for t in table.schema.types]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_file_of_one_row_reads_its_numbers_as_numbers(ending):
    """One point (a single site): its number columns are numbers for the reader too."""
    text = f"id;lat;lon;name{ending}7;51.4818;7.2162;Spielplatz{ending}"
    assert _types(plain_table(text, ";", 4)) == ["double", "double", "double", "string"]
    _same(text)


def test_a_tab_separated_file_with_an_empty_last_column_reads_its_coordinates_as_numbers():
    """A spreadsheet saved as tab-separated text with an empty note column: every line ends in a tab."""
    text = "name\tlat\tlon\tnotiz\r\nA\t51.4818\t7.2162\t\r\nB\t51.5141\t7.4668\t\r\nC\t51.45\t7.01\tneu\r\n"
    assert _types(plain_table(text, "\t", 4)) == ["string", "double", "double", "string"]
    _same(text)


@pytest.mark.parametrize("text", ["\nname,lat,lon\nA,51.45,7.01\n", "\r\nname;lat;lon\r\nA;51.45;7.01\r\n"])
def test_a_file_beginning_with_a_blank_line_is_not_plain(text):
    """Its first line is no header: the columnar reader must not read the header as a row."""
    assert plain_table(text, text.strip()[4], 3) is None


def test_a_one_column_file_with_a_row_of_spaces_is_not_plain():
    assert plain_table("name\nA\n   \nB\n", ",", 1) is None
    assert plain_table("name\nA\nB\n", ",", 1).column(0).to_pylist() == ["A", "B"]


def test_a_file_whose_only_row_is_blank_cells_is_left_to_the_careful_reader():
    """The careful reader skips a row of blank cells (a formatted but empty spreadsheet row)."""
    assert plain_table("name;lat;lon\n ; ;\t\n", ";", 3) is None


def test_a_row_with_some_empty_cells_is_no_blank_row():
    """A point without a name and without a longitude is a row to reject with its line, not a blank
    row: the file is still plain and read by columns, with the careful reader's result."""
    text = "name;lat;lon\nA;51,45;7,01\n;51,46;\n;;7,02\nB;51,47;7,03\n"
    table = plain_table(text, ";", 3)
    assert table is not None and table.num_rows == 4
    fast, _ = _both(text)
    assert fast.rejected == [(3, "longitude missing or not a number"), (4, "latitude missing or not a number")]
    _same(text)


def test_a_file_of_three_reader_blocks_keeps_every_blocks_numbers_in_place():
    """Each 4 MB block is cast on a thread of its own; the third block's numbers follow the second's."""
    rng = np.random.default_rng(11)
    rows = 460_000  # about 9 MB: three of the reader's blocks
    lat = np.round(rng.uniform(51.3, 51.7, rows), 6)
    lon = np.round(rng.uniform(6.8, 7.8, rows), 6)
    text = "lat;lon\n" + "".join(f"{a:.6f};{o:.6f}\n" for a, o in zip(lat, lon))
    table = plain_table(text.encode("ascii"), ";", 2)
    assert table.column(0).num_chunks >= 3
    assert np.array_equal(columnar_csv.coordinates(table.column(0)), lat)
    assert np.array_equal(columnar_csv.numbers(table.column(1)), lon)


@pytest.mark.parametrize("figure", ["1" + "0" * 400, "1" + "0" * 400 + ",5"])
def test_a_figure_too_large_for_a_number_is_read_as_the_careful_reader_reads_it(figure):
    """'1' followed by 400 zeros overflows to infinity: no figure, so the column is text as the rule
    says (the cast alone would give inf)."""
    text = f"name;lat;lon;wert\nA;51.45;7.01;12\nB;51.46;7.02;{figure}\nC;51.47;7.03;3,5\n"
    _same(text)
    fast, _ = _both(text)
    assert fast.values["wert"].tolist() == ["12", figure, "3,5"]
