"""geo/csv_geocode.py on its own: encodings, separators, ragged rows, the report, the same-file refusal."""
import os

import pytest

from geo.csv_geocode import (
    LISTED,
    STATUS_EMPTY,
    STATUS_OK,
    STATUS_OUTSIDE,
    Columns,
    EncodingSniffer,
    GeocodeReport,
    decode,
    detect_delimiter,
    geocode_rows,
    ragged_note,
    refuse_same_file,
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


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 1000])
def test_a_bom_file_with_a_latin1_byte_is_refused_with_its_line(piece):
    raw = "\ufeffname,lat\nA,1\n".encode("utf-8") + "Müller,2\n".encode("latin-1")
    sniffer = EncodingSniffer("in.csv")  # fed in pieces, as a file of any size is read
    with pytest.raises(InvalidInput, match=r"line 3 has the byte 0xFC, which is not UTF-8"):
        for start in range(0, len(raw), piece):
            sniffer.feed(raw[start:start + piece])
        sniffer.encoding()


@pytest.mark.parametrize("piece", [1, 2, 5])
def test_the_encoding_is_judged_on_every_byte_in_any_pieces(piece):
    # 0x81 is undefined in Windows-1252 but a UTF-8 continuation byte ('ā' is C4 81): seen before the
    # byte that is not UTF-8, it still rules out Windows-1252
    raw = "ā;b\n".encode() + ("a;b\n" * 50).encode() + "Straße".encode("latin-1")
    sniffer = EncodingSniffer("in.csv")
    for start in range(0, len(raw), piece):
        sniffer.feed(raw[start:start + piece])
    assert sniffer.encoding() == "latin-1"


@pytest.mark.parametrize("raw, encoding, text", [
    ("Straße;€".encode(), "utf-8", "Straße;€"),
    ("Straße;€".encode("cp1252"), "cp1252", "Straße;€"),
    (b"Stra\xdfe;\x81", "latin-1", "Straße;\x81"),  # 0x81 is undefined in Windows-1252
])
def test_encodings_in_the_order_excel_writes_them(raw, encoding, text):
    assert decode(raw, "in.csv") == (text, encoding)
    assert text.encode(encoding) == raw  # written back byte for byte


def _geocode(repo, header, rows):
    report = GeocodeReport()
    columns = Columns.find(header, max(map(len, rows)))
    out = geocode_rows(rows, list(range(2, len(rows) + 2)), columns, repo.geocoder, repo.commune_names, report)
    return [columns.output_header(), *out], report


def test_ragged_rows_never_shift_the_result_columns(repo):
    rows, report = _geocode(repo, ["name", "lat", "lon", "extra"], [
        ["A", *KOKEREI, "x"],
        ["B", *KOKEREI],                 # short, coordinates complete
        ["C", KOKEREI[0]],               # shorter than the longitude column
        ["D", *KOKEREI, "x", "y"],       # long
        [],                              # empty line
        ["   "],                         # whitespace-only line
        ["E", *DUESSELDORF, "x"],
    ])
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
    _, report = _geocode(repo, ["lat", "lon"], [list(DUESSELDORF), ["51,9629", "7,6257"], list(KOKEREI)])
    assert report.summary() == "3 rows: 1 located, 2 outside the Ruhr area, 0 unusable, 0 empty"


@pytest.mark.parametrize("cells, columns, note", [
    (3, 4, "short row: 3 of 4 cells, padded"),
    (4, 4, ""),
    (5, 4, "long row: 5 cells for 4 columns, kept whole"),
])
def test_ragged_note(cells, columns, note):
    assert ragged_note(cells, columns) == note


def test_the_report_keeps_the_first_lines_and_counts_all(repo):
    first, second = GeocodeReport(), GeocodeReport()
    for line in range(2, 2 + 3 * LISTED):
        first.add_unusable(line, "latitude missing or not a number")
    second.add_ragged(1000, "short row: 1 of 2 cells, padded")
    second.add_unusable(1001, "latitude missing or not a number")
    first.merge(second)
    assert (first.unusable_count, first.ragged_count, len(first.unusable)) == (3 * LISTED + 1, 1, LISTED)
    assert first.listed()[0] == (2, "latitude missing or not a number") and len(first.listed()) == LISTED
    assert "151 unusable" in first.summary() and "1 with a different number of cells" in first.summary()


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
