"""A table's cells as JSON values (layer features, the portfolio tables, `ruhrkarte summary`): the gaps
pandas leaves in a table are null, numpy's numbers are plain numbers JSON can write."""
import json

import numpy as np
import pandas as pd

from geo.jsonable import plain


def _table():
    """An uploaded table as pandas reads it: whole numbers with a gap, dates with a gap, decimals with a gap."""
    return pd.DataFrame({"Plätze": pd.Series([40, None], dtype="Int64"),
                         "eröffnet": pd.to_datetime(["2021-08-01", None]),
                         "Anteil": [0.25, float("nan")], "offen": [True, False], "Name": ["Kita Nord", "Kita Süd"]})


def test_the_gaps_of_a_table_are_null():
    gaps = [plain(_table().loc[1, column]) for column in ("Plätze", "eröffnet", "Anteil")]
    assert gaps == [None, None, None] and plain(float("inf")) is None and plain(None) is None


def test_numpy_numbers_become_python_numbers_that_json_writes():
    row = [plain(_table().loc[0, column]) for column in ("Plätze", "Anteil", "offen", "Name")]
    assert row == [40, 0.25, True, "Kita Nord"] and [type(v) for v in row] == [int, float, bool, str]
    assert json.dumps(row, ensure_ascii=False) == '[40, 0.25, true, "Kita Nord"]'
    assert plain(np.int64(7)) == 7 and type(plain(np.int64(7))) is int
