"""geo/csv_geocode.py on its own: encodings, separators, ragged rows, the report, the same-file refusal."""
import math
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
    parse_coordinate,
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


@pytest.mark.parametrize("text, expected", [
    ("X_WGS84;Y_WGS84;Name\n7,41;51,54;Kokerei\n", ";"),  # an upper-case X opens the header
    ("id,name,lat,lon,note; remark\n", ","),  # one ';' inside a column name does not outvote four ','
])
def test_the_separator_of_headers_people_write(text, expected):
    assert detect_delimiter(text) == expected


@pytest.mark.parametrize("raw, text, encoding", [
    (b"", "", "utf-8"),  # an empty file
    (b"\xef\xbb\xbf", "", "utf-8-sig"),  # Excel's 'CSV UTF-8' of an empty sheet: the BOM alone
    ("\ufefflat;lon\n51,54;7,41\n".encode(), "lat;lon\n51,54;7,41\n", "utf-8-sig"),  # the BOM is not text
    ("Ö".encode("cp1252"), "Ö", "cp1252"),  # shorter than a BOM, still judged
    ("Name\nCafé".encode("cp1252"), "Name\nCafé", "cp1252"),  # ends inside what would be a UTF-8 sequence
])
def test_short_files_bom_files_and_files_ending_mid_sequence(raw, text, encoding):
    assert decode(raw, "in.csv") == (text, encoding)


def test_a_bom_file_with_a_latin1_byte_names_the_file_and_the_remedy():
    raw = "\ufeffname;lat\n".encode() + "Müller;2\n".encode("latin-1")
    with pytest.raises(InvalidInput) as error:
        decode(raw, "liste.csv")
    assert str(error.value) == ("liste.csv starts with a UTF-8 byte order mark, but line 2 has the byte 0xFC, which is "
                                "not UTF-8 (mixed encodings); save the file again as 'CSV UTF-8' or without the byte "
                                "order mark")


def test_a_bom_file_whose_last_bytes_are_not_utf8_is_refused():
    raw = "\ufeffName\n".encode() + "Café".encode("cp1252")
    with pytest.raises(InvalidInput) as error:
        decode(raw, "liste.csv")
    assert str(error.value) == ("liste.csv starts with a UTF-8 byte order mark, but its last bytes are not UTF-8 "
                                "(mixed encodings); save the file again as 'CSV UTF-8'")


def test_a_mixed_encoding_file_is_refused_at_its_bad_piece_without_reading_on():
    sniffer = EncodingSniffer("gross.csv")
    sniffer.feed("\ufeffname;lat\n".encode())
    sniffer.feed(b"A;1\n" * 1000)
    with pytest.raises(InvalidInput, match="line 1002 has the byte 0xFC"):
        sniffer.feed("Müller;2\n".encode("latin-1"))


@pytest.mark.parametrize("text, value", [
    ("51.4567", 51.4567),
    ("51,4567", 51.4567),  # German decimal comma
    (" 7,1 ", 7.1),
    ("\u22127,25", -7.25),  # the minus sign Word and Excel's autocorrect put in
    ("-7.25", -7.25),
])
def test_coordinate_text_as_people_write_it(text, value):
    assert parse_coordinate(text) == value


@pytest.mark.parametrize("text", ["", "n/a", "k.A.", "51°32'", "1.234,5"])
def test_coordinate_text_that_is_not_a_number(text):
    assert math.isnan(parse_coordinate(text))


def test_rows_with_text_in_a_coordinate_cell_are_marked_not_dropped(repo):
    rows, report = _geocode(repo, ["name", "lat", "lon"], [["A", "k.A.", KOKEREI[1]], ["B", *KOKEREI]])
    assert [r[-1] for r in rows[1:]] == ["invalid: latitude missing or not a number", STATUS_OK]
    assert report.summary() == "2 rows: 1 located, 0 outside the Ruhr area, 1 unusable, 0 empty"


def test_columns_named_on_the_command_line_in_any_case(repo):
    header = ["Name", "Hochwert", "Rechtswert", "lat", "lon"]
    columns = Columns.find(header, 5, lat=" hochwert", lon="RECHTSWERT ")
    assert (columns.lat, columns.lon) == (1, 2)  # the named columns win over lat/lon
    assert (Columns.find(header, 5).lat, Columns.find(header, 5).lon) == (3, 4)


def test_a_column_named_twice_uses_the_first(repo):
    columns = Columns.find(["lat", "lon", "Lat", "Lon"], 4, lat="LAT", lon="lon")
    assert (columns.lat, columns.lon) == (0, 1)


@pytest.mark.parametrize("lat, lon, message", [
    ("Nord", None, "no column 'Nord'; the columns are: Name, Breite, Laenge"),
    (None, "Ost", "no column 'Ost'; the columns are: Name, Breite, Laenge"),
])
def test_a_named_column_that_is_missing_lists_the_columns(lat, lon, message):
    with pytest.raises(InvalidInput) as error:
        Columns.find(["Name", "Breite", "Laenge"], 3, lat=lat, lon=lon)
    assert str(error.value) == message


@pytest.mark.parametrize("header, message", [
    (["Name", "Nord", "Ost"], "no latitude column found (tried lat, latitude, breite, breitengrad, y_wgs84); "
                              "name it with --lat"),
    (["Name", "Breite", "Ost"], "no longitude column found (tried lon, lng, long, longitude, laenge, länge, "
                                "laengengrad, längengrad, x_wgs84); name it with --lon"),
])
def test_a_header_without_coordinate_columns_says_which_option_names_them(header, message):
    with pytest.raises(InvalidInput) as error:
        Columns.find(header, 3)
    assert str(error.value) == message


def test_result_columns_never_overwrite_columns_of_the_same_name(repo):
    rows, _ = _geocode(repo, ["Name", "ags", "Commune", "lat", "lon"], [["A", "x", "y", *KOKEREI]])
    assert rows[0][5:] == ["ruhrkarte_ags", "ruhrkarte_commune", "geocode_status"]
    assert rows[1] == ["A", "x", "y", *KOKEREI, "05913000", "Dortmund", STATUS_OK]


def test_a_file_in_chunks_or_in_parts_gets_the_report_of_the_whole_file(repo):
    kinds = [["A", *KOKEREI], ["B", *DUESSELDORF], [], ["C", "n/a", "7"], ["D", KOKEREI[0]]]
    rows, lines = kinds * 2, list(range(2, 12))
    columns = Columns.find(["name", "lat", "lon"], 3)

    def geocode(start, stop, report):
        geocode_rows(rows[start:stop], lines[start:stop], columns, repo.geocoder, repo.commune_names, report)

    whole = GeocodeReport()
    geocode(0, 10, whole)
    chunked = GeocodeReport()  # one report fed chunk by chunk, as batch/job.py does
    for start in range(0, 10, 3):
        geocode(start, start + 3, chunked)
    first, second = GeocodeReport(), GeocodeReport()  # reports of two parts merged, as batch/dask_job.py does
    geocode(0, 5, first)
    geocode(5, 10, second)
    first.merge(second)
    expected = ("10 rows: 2 located, 2 outside the Ruhr area, 4 unusable, 2 empty; "
                "2 with a different number of cells than the header (marked)")
    for report in (whole, chunked, first):
        assert report.summary() == expected
        assert report.listed() == [
            (5, "latitude missing or not a number"), (6, "longitude missing or not a number"),
            (6, "short row: 2 of 3 cells, padded"), (10, "latitude missing or not a number"),
            (11, "longitude missing or not a number"), (11, "short row: 2 of 3 cells, padded")]


def test_a_report_of_one_large_chunk_lists_only_the_first_lines(repo):
    rows = [["n/a", "n/a"]] * (LISTED + 10) + [["1"]] * (LISTED + 10)
    _, report = _geocode(repo, ["lat", "lon"], rows)
    assert (report.unusable_count, report.ragged_count) == (2 * LISTED + 20, LISTED + 10)
    assert [line for line, _ in report.unusable] == list(range(2, 2 + LISTED))
    assert [line for line, _ in report.ragged] == list(range(LISTED + 12, 2 * LISTED + 12))


def test_refusing_the_input_as_output_says_what_to_do(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        refuse_same_file(source, source)
    assert str(error.value) == f"{source} is the input file itself (the input is never overwritten); choose another output file"
