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
