"""`ruhrkarte geocode`: files as people export them from Excel."""
import csv
import io
import os

import pytest

from tests.cli_helpers import run_cli

KOKEREI = ("51.540694", "7.412167")  # Dortmund, from tests/data/known_places.csv


def _read(path, encoding="utf-8", delimiter=","):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=delimiter))


def test_semicolon_latin1_with_decimal_commas(tmp_path):
    source = tmp_path / "schulen.csv"
    source.write_bytes(
        "Name;Breite;Länge;Straße\r\n"
        "Kokerei Hansa;51,540694;7,412167;Emscherallee\r\n"
        "Düsseldorf;51,2262;6,7725;Marktplatz\r\n"
        "Kaputt;abc;7,1;Weg\r\n"
        "Leer;;;Gasse\r\n".encode("latin-1"))
    target = tmp_path / "out.csv"
    result = run_cli("geocode", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    rows = _read(target, "cp1252", ";")
    assert rows[0] == ["Name", "Breite", "Länge", "Straße", "ags", "commune", "geocode_status"]
    assert rows[1] == ["Kokerei Hansa", "51,540694", "7,412167", "Emscherallee", "05913000", "Dortmund", "ok"]
    assert rows[2][4:] == ["", "", "outside the Ruhr area"]
    assert rows[3][4:] == ["", "", "invalid: latitude missing or not a number"]
    assert len(rows) == 5
    assert "line 4: latitude missing or not a number" in result.stderr
    assert "line 5:" in result.stderr
    assert target.read_bytes().endswith(b"\r\n")


def test_comma_utf8_with_named_columns(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text('id,y,x,note\n1,51.4281,6.8791,"Rathaus, Mülheim"\n2,51.4858,7.0440,Zollverein\n', encoding="utf-8")
    target = tmp_path / "out.csv"
    result = run_cli("geocode", str(source), "-o", str(target), "--lat", "y", "--lon", "x")
    assert result.returncode == 0, result.stderr
    rows = _read(target)
    assert rows[1] == ["1", "51.4281", "6.8791", "Rathaus, Mülheim", "05117000", "Mülheim an der Ruhr", "ok"]
    assert rows[2][-3:] == ["05113000", "Essen", "ok"]


def test_existing_ags_column_is_kept(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("ags,lat,lon\nmine,51.540694,7.412167\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    assert run_cli("geocode", str(source), "-o", str(target)).returncode == 0
    assert _read(target)[0] == ["ags", "lat", "lon", "ruhrkarte_ags", "commune", "geocode_status"]
    assert _read(target)[1][:4] == ["mine", "51.540694", "7.412167", "05913000"]


def test_large_file_shows_progress(tmp_path):
    source = tmp_path / "big.csv"
    source.write_text("lat,lon\n" + "51.540694,7.412167\n" * 20_000, encoding="utf-8")
    result = run_cli("geocode", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 0
    assert "20000/20000 rows" in result.stderr
    assert "20000 rows: 20000 located" in result.stderr


@pytest.mark.parametrize("content, args, message", [
    (None, (), "cannot read"),
    (b"", (), "is empty"),
    (b"name,city\nA,B\n", (), "no latitude column found"),
    (b"lat,lon\n51.5,7.2\n", ("--lat", "breite"), "no column 'breite'"),
    (b"\x00\x01\x02PK", (), "not a text file"),
])
def test_unusable_files_exit_2(tmp_path, content, args, message):
    source = tmp_path / "in.csv"
    if content is not None:
        source.write_bytes(content)
    result = run_cli("geocode", str(source), "-o", str(tmp_path / "out.csv"), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_input_is_never_overwritten(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n51.5,7.2\n", encoding="utf-8")
    result = run_cli("geocode", str(source), "-o", str(source))
    assert result.returncode == 2
    assert source.read_text(encoding="utf-8") == "lat,lon\n51.5,7.2\n"


def test_excel_csv_utf8_with_bom(tmp_path):
    source = tmp_path / "excel.csv"  # the coordinate column comes first, right after the BOM
    source.write_bytes("\ufeffBreite;Länge;Name\r\n51,540694;7,412167;Kokerei Hansa\r\n"
                       "51,2262;6,7725;Düsseldorf Rathaus\r\n51,9629;7,6257;Münster Dom\r\n".encode("utf-8"))
    target = tmp_path / "out.csv"
    result = run_cli("geocode", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith("\ufeffBreite;Länge;Name;ags;commune;geocode_status\r\n".encode("utf-8"))
    rows = _read(target, "utf-8-sig", ";")
    assert rows[1] == ["51,540694", "7,412167", "Kokerei Hansa", "05913000", "Dortmund", "ok"]
    assert [r[-1] for r in rows[2:]] == ["outside the Ruhr area"] * 2
    assert "3 rows: 1 located, 2 outside the Ruhr area, 0 unusable, 0 empty" in result.stderr


def test_every_line_stays_and_ragged_rows_keep_their_columns(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"name;lat;lon;extra\nA;51,5136;7,4653;x\nB;51,5136;7,4653\n\n   \n"
                       b"C;51,5136;7,4653;x;y\nD;51,5136\n")
    target = tmp_path / "out.csv"
    result = run_cli("geocode", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    rows = _read(target, "utf-8", ";")
    assert len(rows) == 7  # 7 lines in, 7 lines out
    assert rows[0] == ["name", "lat", "lon", "extra", "", "ags", "commune", "geocode_status"]
    assert {len(r) for r in rows} == {8}
    assert [r[5] for r in rows[1:]] == ["05913000", "05913000", "", "", "05913000", ""]
    assert rows[2][7] == "ok; short row: 3 of 4 cells, padded"
    assert rows[3] == [""] * 7 + ["empty row"] and rows[4][0] == "   "
    assert rows[5][:5] == ["C", "51,5136", "7,4653", "x", "y"]
    assert rows[6][7] == "invalid: longitude missing or not a number; short row: 2 of 4 cells, padded"
    assert "6 rows: 3 located, 0 outside the Ruhr area, 1 unusable, 2 empty; 3 with a different" in result.stderr
    assert "line 3: short row: 3 of 4 cells, padded" in result.stderr
    assert "line 7: longitude missing or not a number" in result.stderr


def test_hard_link_to_the_input_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n51.5,7.2\n", encoding="utf-8")
    link = tmp_path / "hard.csv"
    os.link(source, link)
    result = run_cli("geocode", str(source), "-o", str(link))
    assert result.returncode == 2
    assert "is the input file itself" in result.stderr and "Traceback" not in result.stderr
    assert source.read_text(encoding="utf-8") == "lat,lon\n51.5,7.2\n"


def test_bom_file_with_a_latin1_byte_is_refused_not_damaged(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes("\ufeffname,lat,lon\n".encode("utf-8") + "Müller,51.5,7.2\n".encode("latin-1"))
    target = tmp_path / "out.csv"
    result = run_cli("geocode", str(source), "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "line 2 has the byte 0xFC, which is not UTF-8" in result.stderr
    assert not target.exists()


def test_pathological_separators_get_a_clear_answer(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(',"' * 32_000, encoding="ascii")  # 63 KB: csv.Sniffer needed 20 s for it
    result = run_cli("geocode", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert "no latitude column found" in result.stderr and "Traceback" not in result.stderr
