"""What a refused write or import says (store/errors.py): the count, each problem with its entity and
row, at most ten of them and how many more; the service and the CLI show exactly this text."""
from __future__ import annotations

import csv
import shutil

import pytest

from geo.settings import COMMITTED_DATA
from store.errors import FieldProblem, ValidationFailed
from tests.store.helpers import CURATOR, counts

EDITION = COMMITTED_DATA / "programmes"


def _edition_with_bad_statuses(folder, how_many: int) -> list[str]:
    """A copy of the committed edition whose first `how_many` sites have an unknown status; their ids."""
    shutil.copytree(EDITION, folder)
    sites = folder / "sites.csv"
    with sites.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    status = rows[0].index("status")
    for row in rows[1:how_many + 1]:
        row[status] = "geschlossen"
    with sites.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    return [row[0] for row in rows[1:how_many + 1]]


def _refusal(store, folder) -> ValidationFailed:
    before = counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.import_edition(folder, CURATOR, "Ausgabe 2025", "Bericht 2025")
    assert counts(store) == before
    return refused.value


def _said(key: str) -> str:
    return f"sites {key}: status 'geschlossen' is not one of active, planned, phase-out"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_an_edition_with_twelve_bad_rows_names_the_first_ten_and_counts_the_rest(store, tmp_path):
    keys = _edition_with_bad_statuses(tmp_path / "edition", 12)
    refused = _refusal(store, tmp_path / "edition")
    assert len(refused.problems) == 12 and refused.fields == ["status"] * 12
    assert str(refused) == "12 problem(s): " + "; ".join(_said(k) for k in keys[:10]) + "; … and 2 more"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_an_edition_with_exactly_ten_or_eleven_bad_rows(store, tmp_path):
    keys = _edition_with_bad_statuses(tmp_path / "ten", 10)
    assert str(_refusal(store, tmp_path / "ten")) == "10 problem(s): " + "; ".join(_said(k) for k in keys)
    keys = _edition_with_bad_statuses(tmp_path / "eleven", 11)
    assert str(_refusal(store, tmp_path / "eleven")) == (
        "11 problem(s): " + "; ".join(_said(k) for k in keys[:10]) + "; … and 1 more")


def test_a_problem_of_a_row_without_id_names_only_its_table():
    assert str(FieldProblem("projects", "", "project_id", "a project without number needs a title")) == (
        "projects: a project without number needs a title")
    assert str(FieldProblem("sites", "fgz-1", "lat", "lat is no number")) == "sites fgz-1: lat is no number"
