"""Files as they arrive from planners' machines: names with dates and capitals, tab-separated text
exports (.txt, .tsv), an empty file, a file whose encodings are mixed, and a wide table of daily
counts whose header runs past the part of the file read to find it. Both readers (columnar and row
by row) give the same answer."""
from __future__ import annotations

import pytest

from geo.errors import InvalidInput
from geo.layer_files import read_layer_file

READERS = pytest.mark.parametrize("columnar", [True, False], ids=["columnar", "row by row"])
POINTS = "Standort\tBreite\tLänge\tPlätze\nKita Kortumstraße\t51,4818\t7,2162\t75\nKita am Markt\t51,5141\t7,4668\t60\n"


@READERS
@pytest.mark.parametrize("name", ["kitas.txt", "kitas.tsv", "KITAS.CSV", "Kitas_Stand_01.06.2024.csv",
                                  "kitas.2024.txt"])
def test_text_exports_are_read_whatever_their_name(name, columnar):
    # Excel's "Text (Tabstopp-getrennt)" saves .txt, other tools .tsv; Windows shows names in capitals,
    # and planners put the date in the name.
    layer = read_layer_file(POINTS.encode("utf-8"), name, None, columnar=columnar)
    assert layer.kind == "point" and layer.lines == [2, 3]
    assert layer.values.to_dict("list") == {"Standort": ["Kita Kortumstraße", "Kita am Markt"], "Plätze": [75.0, 60.0]}


def test_a_geojson_with_a_date_in_its_name_is_read_as_geojson():
    raw = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Rathaus"}, '
           b'"geometry": {"type": "Point", "coordinates": [7.2162, 51.4818]}}]}')
    layer = read_layer_file(raw, "Rathaeuser_Stand_01.06.2024.geojson", None)
    assert layer.kind == "point" and layer.values["name"].tolist() == ["Rathaus"]


@READERS
@pytest.mark.parametrize("raw", [b"", b"\n\n", b";;\n1;2\n"], ids=["empty", "blank lines", "blank header"])
def test_an_empty_file_is_refused_by_its_name(raw, columnar):
    with pytest.raises(InvalidInput) as refused:
        read_layer_file(raw, "kitas.csv", None, columnar=columnar)
    assert str(refused.value) == "kitas.csv: the file is empty or has no header line"


@READERS
def test_a_column_name_given_twice_is_refused_rather_than_one_column_lost(columnar):
    # Two "Betrag" columns (say, 2023 and 2024 pasted side by side): keeping one would lose the other's amounts.
    raw = "Standort;lat;lon;Betrag;Betrag\nKita;51,4818;7,2162;100;250\n".encode("utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_layer_file(raw, "foerderung.csv", None, columnar=columnar)
    assert str(refused.value) == ("foerderung.csv: the column 'Betrag' appears twice in the header; "
                                  "give each column a name of its own")


@READERS
def test_unnamed_columns_after_the_last_one_may_repeat(columnar):
    # Excel leaves empty header cells for formatted but empty columns after the table.
    layer = read_layer_file(b"Standort;lat;lon;;\nKita;51,4818;7,2162;;\n", "kitas.csv", None, columnar=columnar)
    assert layer.kind == "point" and layer.values["Standort"].tolist() == ["Kita"]


@READERS
def test_a_file_with_a_byte_order_mark_and_windows_umlauts_is_refused_by_its_name(columnar):
    # Saved as "CSV UTF-8" and then edited in a program that wrote 'Höntrop' in Windows-1252.
    raw = b"\xef\xbb\xbfStandort;Breite;L\xc3\xa4nge\nKita;51,4818;7,2162\n" + "Höntrop;51,46;7,15\n".encode("cp1252")
    with pytest.raises(InvalidInput) as refused:
        read_layer_file(raw, "kitas.csv", None, columnar=columnar)
    assert str(refused.value).startswith("kitas.csv starts with a UTF-8 byte order mark, but line 3 has the byte 0xF6")


def _daily_counts(first_header_cell: str) -> str:
    # Bicycle counting stations with one column per day, 2010 to 2023: a header of about 76,000 characters.
    days = [f"Tag_{year}-{day:03d}" for year in range(2010, 2024) for day in range(1, 366)]
    header = ";".join([first_header_cell, "lat", "lon", *days])
    rows = [f"{station};{lat};{lon};" + ";".join(str((n * 7 + k) % 900) for n in range(len(days)))
            for k, (station, lat, lon) in enumerate([("1", 51.4818, 7.2162), ("2", 51.5141, 7.4668)])]
    return "\n".join([header, *rows]) + "\n"


@READERS
@pytest.mark.parametrize("first_header_cell", ["Zaehlstelle", '"Zaehlstelle\n(Nr.)"'],
                         ids=["plain header", "header cell with a line break"])
def test_a_wide_table_of_daily_counts_keeps_every_column(first_header_cell, columnar):
    # The header runs past the first 64,000 characters, which are all that is read to find the separator;
    # Excel quotes a header cell with a line break in it.
    layer = read_layer_file(_daily_counts(first_header_cell).encode("ascii"), "zaehlstellen.csv", None, columnar=columnar)
    assert layer.kind == "point" and layer.lines == [2, 3] and layer.rejected == []
    assert len(layer.values.columns) == 1 + 14 * 365
    assert layer.values.columns[0] == first_header_cell.strip('"')
    assert layer.values["Tag_2023-365"].tolist() == [(5109 * 7) % 900, (5109 * 7 + 1) % 900]


def test_a_file_without_place_columns_is_refused_by_its_name(repo):
    with pytest.raises(InvalidInput) as refused:
        read_layer_file("Projekt;Betrag\nSpielplatz;5\n".encode("utf-8"), "foerderung.csv", repo.gazetteer)
    assert str(refused.value).startswith("foerderung.csv: no coordinate columns (lat/lon or x/y) and no commune column")


@READERS
def test_a_file_with_carriage_returns_only_is_read(columnar):
    # Classic Mac programs (and Excel for Mac's "CSV (Macintosh)") end each line with a carriage return alone.
    layer = read_layer_file(POINTS.replace("\n", "\r").encode("utf-8"), "kitas.csv", None, columnar=columnar)
    assert layer.kind == "point" and layer.lines == [2, 3] and layer.rejected == []
    assert layer.values["Standort"].tolist() == ["Kita Kortumstraße", "Kita am Markt"]


@READERS
def test_line_breaks_inside_quoted_cells_are_kept_as_written(columnar):
    # A Windows program writes a cell's line break as CR LF inside the quotes, in the header too.
    text = ('Standort;Breite;Länge;"Bemerkung\r\n(intern)"\r\n'
            'Kita Kortumstraße;51,4818;7,2162;"Zufahrt\r\nüber den Hof"\r\n'
            "Kita am Markt;51,5141;7,4668;\r\n")
    layer = read_layer_file(text.encode("utf-8"), "kitas.csv", None, columnar=columnar)
    assert layer.lines == [2, 3] and layer.rejected == []
    assert layer.values.to_dict("list") == {"Standort": ["Kita Kortumstraße", "Kita am Markt"],
                                            "Bemerkung\r\n(intern)": ["Zufahrt\r\nüber den Hof", ""]}


@pytest.mark.parametrize("name", ["csv", "geojson", "kitas"])
def test_a_file_saved_without_a_suffix_is_refused_as_of_unknown_type(name):
    # A browser saving a download without a suffix: the type is told by the suffix, even when the name is a type's.
    with pytest.raises(InvalidInput) as refused:
        read_layer_file(POINTS.encode("utf-8"), name, None)
    assert str(refused.value) == (f"{name}: unknown file type; upload CSV, GeoJSON (.geojson) or GeoPackage (.gpkg)")


@READERS
def test_a_long_plain_file_is_read_to_its_last_row(columnar):
    # 5,000 points in plain ASCII, far more than the first 64,000 characters, which are read to find the
    # header; every row has 31 characters, so the 64,000th character ends a row (header 16 + 2,064 rows).
    rows = "".join(f"P{n:05d},{51.40 + n * 0.00002:.5f},{7.20 + n * 0.00003:.6f},{n:05d}\n" for n in range(5000))
    text = "id,lat,lon,wert\n" + rows
    assert {len(row) for row in rows.splitlines(keepends=True)} == {31} and text[63_999] == "\n"
    layer = read_layer_file(text.encode("ascii"), "punkte.csv", None, columnar=columnar)
    assert layer.rejected == [] and list(layer.lines) == list(range(2, 5002))
    assert layer.values["id"].tolist()[-1] == "P04999" and layer.values["wert"].sum() == sum(range(5000))
