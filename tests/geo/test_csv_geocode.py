"""geo/csv_geocode.py on its own: encodings, separators, kept lines, ragged rows, safe writing."""
import os

import pytest

from geo.csv_geocode import (
    STATUS_EMPTY,
    STATUS_OK,
    STATUS_OUTSIDE,
    Table,
    decode,
    detect_delimiter,
    geocode_table,
    ragged_note,
    read_table,
    refuse_same_file,
    write_table,
)
from geo.errors import InvalidInput

KOKEREI = ("51,540694", "7,412167")  # Kokerei Hansa, Dortmund (tests/data/known_places.csv)
DUESSELDORF = ("51,2262", "6,7725")  # Düsseldorf Rathaus, outside the Ruhr area


@pytest.mark.parametrize("text, expected", [
    ("Name;Breite;Länge;Straße\r\nA;51,5;7,2;Weg\r\n", ";"),  # Excel, German settings
    ("id,y,x,note\n1,51.4,6.8,Rathaus\n", ","),
    ("name\tlat\tlon\nA\t51.5\t7.2\n", "\t"),
    ('"Ort, Straße, Hausnummer, PLZ";lat;lon\n', ";"),  # commas inside quotes do not count
    ('lat;lon;Bemerkung\n51,5;7,2;"Schule, Turnhalle, Hof, Garten"\n', ";"),
    ("lat;lon\n" + "51,4,7,2,a,b,c,d\n" * 200, ";"),  # the header line decides, not the body
    ("a,b;c\n", ";"),  # a tie goes to ';'
    ("lat\n51.5\n", ","),  # one column
    (',"' * 32_000, ","),  # 63 KB that took csv.Sniffer 20 s
])
def test_the_header_line_decides_the_separator(text, expected):
    assert detect_delimiter(text) == expected


def test_excel_csv_utf8_with_bom_is_read_as_utf8(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffName;Breite;Länge\r\nMüller;51,54;7,41\r\n".encode("utf-8"))
    table = read_table(path)
    assert table.encoding == "utf-8-sig"
    assert table.header == ["Name", "Breite", "Länge"]  # the BOM is not part of the first column name
    assert table.rows == [["Müller", "51,54", "7,41"]]


def test_a_bom_file_with_a_latin1_byte_is_refused_with_its_line():
    raw = "\ufeffname,lat\nA,1\n".encode("utf-8") + "Müller,2\n".encode("latin-1")
    with pytest.raises(InvalidInput, match=r"line 3 has the byte 0xFC, which is not UTF-8"):
        decode(raw, "in.csv")


@pytest.mark.parametrize("raw, encoding, text", [
    ("Straße;€".encode(), "utf-8", "Straße;€"),
    ("Straße;€".encode("cp1252"), "cp1252", "Straße;€"),
    (b"Stra\xdfe;\x81", "latin-1", "Straße;\x81"),  # 0x81 is undefined in Windows-1252
])
def test_encodings_in_the_order_excel_writes_them(raw, encoding, text):
    assert decode(raw, "in.csv") == (text, encoding)
    assert text.encode(encoding) == raw  # written back byte for byte


def test_empty_and_whitespace_lines_are_kept_with_their_line_numbers(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('name;lat;lon\nA;51,5;7,2\n\n   \n"B\nzweite Zeile";51,5;7,2\n;;\nC;51,5;7,2\n', encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["A", "51,5", "7,2"], [], ["   "], ["B\nzweite Zeile", "51,5", "7,2"], ["", "", ""],
                          ["C", "51,5", "7,2"]]
    assert table.line_numbers == [2, 3, 4, 5, 7, 8]


def _table(header, rows):
    return Table(header, rows, list(range(2, len(rows) + 2)), "utf-8", ";", "\n")


def test_ragged_rows_never_shift_the_result_columns(repo):
    table = _table(["name", "lat", "lon", "extra"], [
        ["A", *KOKEREI, "x"],
        ["B", *KOKEREI],                 # short, coordinates complete
        ["C", KOKEREI[0]],               # shorter than the longitude column
        ["D", *KOKEREI, "x", "y"],       # long
        [],                              # empty line
        ["   "],                         # whitespace-only line
        ["E", *DUESSELDORF, "x"],
    ])
    rows, report = geocode_table(table, repo.geocoder, repo.commune_names)
    assert rows[0] == ["name", "lat", "lon", "extra", "", "ags", "commune", "geocode_status"]
    assert [len(r) for r in rows] == [8] * 8
    assert [r[5:] for r in rows[1:]] == [
        ["05913000", "Dortmund", STATUS_OK],
        ["05913000", "Dortmund", f"{STATUS_OK}; short row: 3 of 4 cells, padded"],
        ["", "", "invalid: longitude missing or not a number; short row: 2 of 4 cells, padded"],
        ["05913000", "Dortmund", f"{STATUS_OK}; long row: 5 cells for 4 columns, kept whole"],
        ["", "", STATUS_EMPTY],
        ["", "", STATUS_EMPTY],
        ["", "", STATUS_OUTSIDE],
    ]
    assert rows[4][:5] == ["D", *KOKEREI, "x", "y"]
    assert rows[6][:5] == ["   ", "", "", "", ""]
    assert (report.rows, report.located, report.outside, report.empty) == (7, 3, 1, 2)
    assert report.unusable == [(4, "longitude missing or not a number")]
    assert [line for line, _ in report.ragged] == [3, 4, 5]
    assert report.summary() == ("7 rows: 3 located, 1 outside the Ruhr area, 1 unusable, 2 empty; "
                                "3 with a different number of cells than the header (marked)")


def test_summary_counts_rows_outside_the_ruhr_area(repo):
    table = _table(["lat", "lon"], [list(DUESSELDORF), ["51,9629", "7,6257"], list(KOKEREI)])
    _, report = geocode_table(table, repo.geocoder, repo.commune_names)
    assert report.summary() == "3 rows: 1 located, 2 outside the Ruhr area, 0 unusable, 0 empty"


@pytest.mark.parametrize("cells, columns, note", [
    (3, 4, "short row: 3 of 4 cells, padded"),
    (4, 4, ""),
    (5, 4, "long row: 5 cells for 4 columns, kept whole"),
])
def test_ragged_note(cells, columns, note):
    assert ragged_note(cells, columns) == note


def test_text_the_encoding_cannot_hold_is_refused_not_replaced(tmp_path):
    target = tmp_path / "out.csv"
    like = Table(["name"], [], [], "latin-1", ";", "\r\n")
    with pytest.raises(InvalidInput, match=r"line 3 has '€', which latin-1 cannot hold; nothing was written"):
        write_table(target, [["name"], ["Müller"], ["5 €"]], like)
    assert not target.exists()


def test_output_keeps_bom_separator_and_line_ending(tmp_path):
    target = tmp_path / "out.csv"
    write_table(target, [["Name", "ags"], ["Müller; Sohn", "05913000"]], Table([], [], [], "utf-8-sig", ";", "\r\n"))
    assert target.read_bytes() == '\ufeffName;ags\r\n"Müller; Sohn";05913000\r\n'.encode("utf-8")


def test_the_input_file_is_recognised_under_any_name(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n", encoding="utf-8")
    os.link(source, tmp_path / "hard.csv")
    os.symlink(source, tmp_path / "soft.csv")
    for target in (source, tmp_path / "hard.csv", tmp_path / "soft.csv", tmp_path / "." / "in.csv"):
        with pytest.raises(InvalidInput, match="is the input file itself"):
            refuse_same_file(source, target)
    copy = tmp_path / "copy.csv"
    copy.write_text("lat,lon\n", encoding="utf-8")  # same content and size, another file
    refuse_same_file(source, copy)
    refuse_same_file(source, tmp_path / "new.csv")
