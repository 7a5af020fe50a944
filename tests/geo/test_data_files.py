"""geo/data_files.py in process: every broken data file is one DataError naming file and line.

(tests/e2e/test_data_files.py checks the same through the CLI and the server; these run in
process, so mutation testing sees them.)
"""
import hashlib

import pandas as pd
import pytest

from geo.data_files import count_rows, numbers, parse_json, read_bytes, read_csv, read_json, read_text, sha256
from geo.errors import DataError

HEADER = "ags,name,population\n"


def _write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("content, message", [
    (b"", "{path}: file is empty"),
    (b" \r\n\n", "{path}: file is empty"),
    (b"ags,name\n05\x0013000,x\n", "{path}: binary content, not a text file"),
    ("ags,name\n05913000,Dortmund\n05119000,Oberhausen\n05954016,Hattingen\nx,Mülheim\n".encode("latin-1"),
     "{path} line 5: byte 0xfc is not UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8"),
    ("ags,name\n05117000,Mü".encode()[:-1], "{path} line 2: the file ends inside a character (cut off?); save it as UTF-8"),
])
def test_files_that_are_not_utf8_text(tmp_path, content, message):
    path = _write(tmp_path, "communes.csv", content)
    with pytest.raises(DataError) as error:
        read_text(path)
    assert str(error.value) == message.format(path=path)


def test_a_utf8_file_with_or_without_bom(tmp_path):
    assert read_text(_write(tmp_path, "a.csv", "\ufeffags,name\n05117000,Mülheim\n")) == "ags,name\n05117000,Mülheim\n"
    assert read_text(_write(tmp_path, "b.csv", "ags,name\n05117000,Mülheim\n")) == "ags,name\n05117000,Mülheim\n"


def test_a_missing_file(tmp_path):
    with pytest.raises(DataError) as error:
        read_bytes(tmp_path / "communes.csv")
    assert str(error.value) == f"{tmp_path / 'communes.csv'}: file missing"
    with pytest.raises(DataError, match="file missing"):
        read_bytes(tmp_path)  # a folder where the file should be


@pytest.mark.parametrize("content, message", [
    (HEADER + '05913000,"Dortmund,588250\n05911000,Bochum,364454\n',
     "{path} line 2: not valid CSV (unexpected end of data; an unclosed quote or a cut-off file?)"),
    (HEADER + "05913000,Dortmund,588250\n\n05911000,Bochum\n", "{path} line 4: 2 fields, the header has 3"),
    (HEADER + "05913000,Dortmund,588250,x\n", "{path} line 2: 4 fields, the header has 3"),
    ("ags,name,ags\n05913000,Dortmund,1\n", "{path} line 1: duplicate columns ['ags']"),
    ("ags,name\n05913000,Dortmund\n", "{path} line 1: missing columns ['population'] (found ['ags', 'name'])"),
    (HEADER, "{path}: no data rows, only the header"),
    ("\n\n", "{path}: file is empty"),
])
def test_csv_files_a_curator_might_break(tmp_path, content, message):
    path = _write(tmp_path, "communes.csv", content)
    with pytest.raises(DataError) as error:
        read_csv(path, ["ags", "population"])
    assert str(error.value) == message.format(path=path)


def test_a_csv_file_as_text_with_its_line_numbers(tmp_path):
    path = _write(tmp_path, "communes.csv", HEADER + '05913000,Dortmund,588250\n\n05911000,"Bochum\nStadt",364454\n'
                                                    "05117000,Mülheim,170921\n")
    frame = read_csv(path, ["ags"])
    assert frame.to_dict("list") == {"ags": ["05913000", "05911000", "05117000"],
                                     "name": ["Dortmund", "Bochum\nStadt", "Mülheim"],
                                     "population": ["588250", "364454", "170921"], "line": [2, 4, 6]}
    assert count_rows(path) == 3


@pytest.mark.parametrize("values, integer, message", [
    (["588250", "0", "-3"], True, "line 3 (05911000): population '0' is not a positive whole number (1 more)"),
    (["588250", "364454", "1.5"], True, "line 4 (05117000): population '1.5' is not a positive whole number"),
    (["inf", "1", "2"], False, "line 2 (05913000): population 'inf' is not a positive number"),
    (["588250", "", "x"], False, "line 3 (05911000): population '' is not a positive number (1 more)"),
])
def test_numbers_name_the_first_bad_line_and_count_the_rest(tmp_path, values, integer, message):
    frame = pd.DataFrame({"ags": ["05913000", "05911000", "05117000"], "population": values, "line": [2, 3, 4]},
                         dtype=object)
    with pytest.raises(DataError) as error:
        numbers(frame, "population", tmp_path / "communes.csv", "ags", integer=integer)
    assert str(error.value) == f"{tmp_path / 'communes.csv'} {message}"


def test_numbers_as_numbers(tmp_path):
    frame = pd.DataFrame({"ags": ["a", "b"], "v": [" 588250 ", "1e3"], "line": [2, 3]}, dtype=object)
    whole = numbers(frame, "v", tmp_path / "x.csv", "ags", integer=True)
    assert whole.tolist() == [588250, 1000] and whole.dtype == "int64"
    area = numbers(frame.assign(v=["280.71", "0.5"]), "v", tmp_path / "x.csv", "ags")
    assert area.tolist() == [280.71, 0.5] and area.dtype == "float64"


def test_json_files(tmp_path):
    path = _write(tmp_path, "communes.geojson", '{"type": "FeatureCollection",\n "features": [{}, {}]}')
    assert read_json(path)["type"] == "FeatureCollection" and count_rows(path) == 2
    with pytest.raises(DataError) as error:
        parse_json(path, '{"type": "FeatureCollection",\n "features": [')
    assert str(error.value) == f"{path} line 2: not valid JSON (Expecting value; a cut-off file?)"


@pytest.mark.parametrize("name, content", [
    ("a.geojson", '{"type": "FeatureCollection",\n "features": ['),  # cut off
    ("b.geojson", '[1, 2]'),  # not an object
    ("c.geojson", '{"features": 5}'),
    ("d.json", '{"features": []}'),  # neither CSV nor GeoJSON
    ("e.csv", ""),
])
def test_rows_of_files_that_have_none(tmp_path, name, content):
    assert count_rows(_write(tmp_path, name, content)) is None


def test_sha256_of_a_file_larger_than_one_read(tmp_path):
    content = bytes(range(256)) * 5000  # 1.28 MB: more than one 1 MiB chunk
    assert sha256(_write(tmp_path, "big.bin", content)) == hashlib.sha256(content).hexdigest()
    with pytest.raises(DataError) as error:
        sha256(tmp_path / "gone.bin")
    assert str(error.value) == f"{tmp_path / 'gone.bin'}: cannot be read (No such file or directory)"


def test_a_cut_off_json_file_names_itself(tmp_path):
    path = _write(tmp_path, "MANIFEST.json", '{"files": {\n')
    with pytest.raises(DataError) as error:
        read_json(path)
    assert str(error.value) == f"{path} line 2: not valid JSON (Expecting property name enclosed in double quotes; a cut-off file?)"
