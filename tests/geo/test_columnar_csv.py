"""The columnar reader of plain CSV files gives exactly what the careful reader (csv module, row by
row) gives: the same rows, lines, rejections with their reasons, typed values and positions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from geo.columnar_csv import plain_table
from geo.csv_geocode import detect_delimiter
from geo.layer_files import read_layer_file

GERMAN = ("Maßnahme;Breite;Länge;Betrag;Anteil;Notiz;Leer\n"
          "Spielplatz;51,4818;7,2162;1.250,50;0,5;gut;\n"
          "Radweg;51,5141;7,4668;300;1;;\n"
          "Kaputt;x;7;1;2;;\n"
          "Weit weg;95;7;1;2;;\n"
          "Park;51.50;7.10;12,00;;neu;\n")
ENGLISH = ("id,lat,lon,euro,mixed,words,signed,odd\n"
           "1,51.4818,7.2162,1250.5,12,alpha,+3,€ 12\n"
           "2,51.5141,7.4668,,text,beta,-2,1 234\n"
           "3,,7.1,5,7,gamma,\u22125,inf\n"
           "4,51.45,7.01,1e5,8,delta,0,3\n"
           "5, 51.46 ,7.02,2.5,9,eps,\u22121,4\n")
PROJECTED = "name\tx\ty\twert\r\nA\t389000\t5705000\t1,5\r\nB\t1\t2\t2\r\nC\t390123.45\t5710000.5\t3\r\n"


def _plain(text: str) -> bool:
    return plain_table(text, detect_delimiter(text), len(text.splitlines()[0].split(detect_delimiter(text)))) is not None


def _both(text: str, name: str = "punkte.csv", encoding: str = "utf-8", **columns):
    raw = text.encode(encoding)
    return (read_layer_file(raw, name, None, columnar=True, **columns),
            read_layer_file(raw, name, None, columnar=False, **columns))


@pytest.mark.parametrize("text, encoding", [(GERMAN, "utf-8"), (GERMAN, "utf-8-sig"), (ENGLISH, "utf-8"),
                                            (PROJECTED, "utf-8")])
def test_plain_files_read_by_columns_as_by_rows(text, encoding):
    fast, careful = _both(text, encoding=encoding)
    assert _plain(text)  # the columnar reader really read it
    assert (fast.kind, fast.lines, fast.rejected) == (careful.kind, careful.lines, careful.rejected)
    pd.testing.assert_frame_equal(fast.values, careful.values)
    assert all(np.array_equal(a, b) for a, b in zip(fast.xy(), careful.xy()))


def test_the_columnar_reader_keeps_the_careful_readers_rules():
    fast, _ = _both(GERMAN)
    assert fast.rejected == [(4, "latitude missing or not a number"), (5, "latitude out of range (-90 to 90)")]
    assert fast.values["Betrag"].tolist() == [1250.5, 300.0, 12.0]  # "." groups thousands once a "," occurs
    assert fast.values["Notiz"].tolist() == ["gut", "", "neu"] and fast.values["Leer"].tolist() == ["", "", ""]
    english, _ = _both(ENGLISH)
    assert english.values["euro"].tolist()[2] == 100_000.0 and not pd.api.types.is_numeric_dtype(english.values["mixed"])
    assert english.values["odd"].tolist() == [12.0, 1234.0, 3.0, 4.0]  # currency signs and spaces in figures
    assert english.values["signed"].tolist() == [3.0, -2.0, 0.0, -1.0]


def test_a_file_that_is_not_plain_is_read_row_by_row():
    quoted = 'name,lat,lon\n"Park, Nord",51.45,7.01\n"Halde",51.46,7.02\n'
    blank_line = "name,lat,lon\nA,51.45,7.01\n\nB,51.46,7.02\n"
    ragged = "name,lat,lon\nA,51.45,7.01\nB,51.46\n"
    quoted_name = 'name,lat,lon\n"Halde",51.46,7.02\n'
    blank_crlf = "name,lat,lon\r\nA,51.45,7.01\r\n\r\nB,51.46,7.02\r\n"
    blank_at_end = "name,lat,lon\nA,51.45,7.01\n\n"
    umlaut_quoted = 'name,lat,lon\nÖl,51.45,7.01\n"Ä",51.46,7.02\n'
    blank_cells = "name,lat,lon\nA,51.45,7.01\n , ,\nB,51.46,7.02\n"
    blank_tabs = "name;lat;lon\nA;51.45;7.01\n;;\n\t;\t;\nB;51.46;7.02\n"
    for text in (quoted, blank_line, ragged, quoted_name, blank_crlf, blank_at_end, umlaut_quoted, blank_cells,
                 blank_tabs):
        fast, careful = _both(text)
        assert not _plain(text)
        assert (fast.lines, fast.rejected) == (careful.lines, careful.rejected)
        pd.testing.assert_frame_equal(fast.values, careful.values)
    assert _both(blank_line)[0].lines == [2, 4]
    assert _both(quoted)[0].values["name"].tolist() == ["Park, Nord", "Halde"]


# Cells as people write them: numbers in both conventions, padded, signed, with exponents or leading
# zeros, empty, words, and the words float() reads as numbers that the careful reader refuses.
_CELLS = st.sampled_from(["51.45", "7.01", " 51.46", "7.02 ", "\t51.47", "-0", "+3", "1e5", "1E+05", ".5", "5.",
                          "00012", "1,5", "1.250,50", "1 234", "", " ", "nan", "inf", "-Infinity", "NaN", "x",
                          "12 €", "\u22125", "1_000", "0x10", "Park"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_CELLS, _CELLS, _CELLS, _CELLS), min_size=1, max_size=12),
       st.sampled_from([",", ";", "\t"]))
def test_any_plain_file_reads_by_columns_as_by_rows(rows, delimiter):
    cells = [cell.replace(",", ".") if delimiter == "," else cell for row in rows for cell in row]
    rows = [cells[n:n + 4] for n in range(0, len(cells), 4)]
    text = delimiter.join(["lat", "lon", "a", "b"]) + "\n" + "".join(delimiter.join(row) + "\n" for row in rows)
    fast, careful = _both(text)
    assert (fast.lines, fast.rejected) == (careful.lines, careful.rejected)
    pd.testing.assert_frame_equal(fast.values, careful.values)
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(fast.xy(), careful.xy()))


def test_a_file_of_several_reader_blocks_reads_by_columns_as_by_rows():
    """Numbers are cast block by block on threads of their own: each block's values in its place, and a
    cell no block can cast (a decimal comma in the last block) still takes the careful rule for its column."""
    rng = np.random.default_rng(7)
    rows = 120_000  # about 4.7 MB: two of the reader's 4 MB blocks
    lat, lon = np.round(rng.uniform(51.3, 51.7, rows), 6), np.round(rng.uniform(6.8, 7.8, rows), 6)
    euro = np.round(rng.gamma(2.0, 800.0, rows), 2)
    lines = [f"{n};{a:.6f};{o:.6f};{e:.2f};{n % 97}" for n, a, o, e in zip(range(rows), lat, lon, euro)]
    lines[-2] = f"{rows - 2};51,512345;7.2;99,5;3"  # German commas: the last block holds the only ones
    text = "id;lat;lon;euro;plaetze\n" + "\n".join(lines) + "\n"
    assert plain_table(text, ";", 5).column(1).num_chunks > 1
    fast, careful = _both(text)
    assert (fast.lines, fast.rejected) == (careful.lines, careful.rejected)
    pd.testing.assert_frame_equal(fast.values, careful.values)
    assert all(np.array_equal(a, b) for a, b in zip(fast.xy(), careful.xy()))
    assert fast.values["id"].iloc[-1] == rows - 1 and fast.values["plaetze"].iloc[-1] == (rows - 1) % 97
    assert fast.values["euro"].iloc[-2] == 99.5  # "." groups thousands in the column once a "," occurs


@pytest.mark.parametrize("late_cell, read_by_columns", [
    ("inf", True), ("nan", True), ("n/a", True), (" 7.5 ", True), ("7,5", True), ("", True)])
def test_a_column_of_numbers_in_its_first_rows_with_another_cell_later(late_cell, read_by_columns):
    """The first rows choose the columns read as numbers; a later cell that is no plain number (text,
    not finite, padded, a German comma, empty) still gets the careful reader's value for its column."""
    rows = [f"{n};51.{4000 + n};7.{2000 + n};{n}.25" for n in range(1_500)]  # far beyond the sampled rows
    rows[1_400] = f"1400;51.5;7.2;{late_cell}"
    text = "id;lat;lon;wert\n" + "\n".join(rows) + "\n"
    fast, careful = _both(text)
    assert (_plain(text), fast.lines, fast.rejected) == (read_by_columns, careful.lines, careful.rejected)
    pd.testing.assert_frame_equal(fast.values, careful.values)
    assert all(np.array_equal(a, b) for a, b in zip(fast.xy(), careful.xy()))


def test_a_blank_row_after_rows_of_numbers_is_skipped_as_the_careful_reader_skips_it():
    rows = [f"{n};51.{4000 + n};7.{2000 + n}" for n in range(1_500)]
    rows[1_400] = ";;"
    text = "id;lat;lon\n" + "\n".join(rows) + "\n"
    fast, careful = _both(text)
    assert not _plain(text) and fast.lines == careful.lines and len(fast.lines) == 1_499


def test_columns_of_plain_numbers_are_read_as_numbers_and_the_rest_as_text():
    rows = [f"{n};51.{4000 + n};7.{2000 + n};{'-' if n % 2 else '+'}{n}e-2;Platz {n};0{n}" for n in range(50)]
    rows[10] = "10;51.5; 7.25 ;.5;Platz 10;010"  # spaces around a number: the reader skips them, as the rules do
    table = plain_table("id;lat;lon;wert;name;code\n" + "\n".join(rows) + "\r\n", ";", 6)
    assert [str(t) for t in table.schema.types] == ["double", "double", "string", "double", "string", "double"]
    assert table.column(0).to_pylist()[:3] == [0.0, 1.0, 2.0] and table.column(3).to_pylist()[10] == 0.5
    late = plain_table("id;lat;lon\n" + "\n".join(f"{n};51.{n};7.{n}" for n in range(1_500)) + "\n1500;x;7.1\n", ";", 3)
    assert [str(t) for t in late.schema.types] == ["string"] * 3 and late.column(1).to_pylist()[-1] == "x"
