"""geo/data_files.py: more files a curator might break, each named with its line."""
import pytest

from geo.data_files import read_csv
from geo.errors import DataError


def test_a_header_with_an_unclosed_quote_is_line_1(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text('"ags,name,population\n05913000,Dortmund,588250\n', encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_csv(path, ["ags"])
    assert str(error.value) == f"{path} line 1: not valid CSV (unexpected end of data; an unclosed quote or a cut-off file?)"


def test_a_file_saved_on_windows_keeps_its_cells_and_line_numbers(tmp_path):
    """CRLF line ends (Excel, Notepad) and a two-line address typed into one quoted cell: the cell as
    written, and each record's line as an editor shows it."""
    path = tmp_path / "sites.csv"
    path.write_bytes('id,address\r\nfgz-1,"Hauptstraße 1\r\n44135 Dortmund"\r\nfgz-2,Marktplatz 2\r\n'.encode())
    frame = read_csv(path, ["id", "address"])
    assert frame["address"].tolist() == ["Hauptstraße 1\r\n44135 Dortmund", "Marktplatz 2"]
    assert frame["line"].tolist() == [2, 4]


def test_a_file_with_classic_mac_line_ends_reads_like_any_other(tmp_path):
    """Excel's "CSV (Macintosh)" ends each line with a bare CR."""
    path = tmp_path / "sites.csv"
    path.write_bytes("id,address\rfgz-1,Hauptstraße 1\rfgz-2,Marktplatz 2\r".encode())
    frame = read_csv(path, ["id", "address"])
    assert frame.to_dict("list") == {"id": ["fgz-1", "fgz-2"], "address": ["Hauptstraße 1", "Marktplatz 2"], "line": [2, 3]}


def test_an_empty_sheet_exported_as_csv_utf8_is_empty(tmp_path):
    """Excel's "CSV UTF-8" of an empty sheet: only the byte order mark and a line end."""
    path = tmp_path / "sites.csv"
    path.write_bytes("\ufeff\r\n".encode())
    with pytest.raises(DataError) as error:
        read_csv(path, ["id"])
    assert str(error.value) == f"{path}: file is empty"
