"""Column-wise coordinates read every cell exactly as geo.csv_geocode.parse_coordinate does."""
import numpy as np
import pyarrow as pa
import pytest

from batch.arrow_geocode import coordinates
from geo.csv_geocode import parse_coordinate

CELLS = ["51.5", "51,5", " 7.2 ", "+7", "-7e0", ".5", "5.", ",5", "1e", "inf", "-inf", "nan", "NaN", "Infinity",
         "1_000", "\uff11\uff12", "0x10", "1,000.5", "1.5,3", "1,5,3", "", "   ", "\u22127,1", "7.2\t", "1e400",
         "1d5", "1E+2", "7.2.1", "- 7", "7-", "\xa07.2", "٣.٥", "51.4567890123456789"]


@pytest.mark.parametrize("cell", CELLS)
def test_one_cell_alone(cell):
    np.testing.assert_array_equal(coordinates(pa.array([cell])), [parse_coordinate(cell)])


def test_a_column_of_every_cell():
    np.testing.assert_array_equal(coordinates(pa.array(CELLS)), [parse_coordinate(c) for c in CELLS])
    np.testing.assert_array_equal(coordinates(pa.array(["51.5", None])), [51.5, np.nan])
