"""Edition cases a curator meets: importing an edition prepared from the export, projects without a
number, rows that come back, and what the revisions of an import and of the seeding say."""
from __future__ import annotations

import csv
import shutil

import pytest
from sqlalchemy import update

from geo.errors import DataError, InvalidInput
from geo.programme_data import read_programme_frames
from geo.settings import COMMITTED_DATA
from store import Delete, open_store
from store.errors import ValidationFailed
from store.schema import TABLES
from tests.store.helpers import CURATOR, DORTMUND, a_site, changed, counts, delete

EDITION = COMMITTED_DATA / "programmes"


def _unnumbered_projects(store) -> list:
    return [r for r in store.records("projects") if r.values["project_id"] == ""]


def test_importing_the_export_after_a_project_without_number_was_deleted_keeps_every_project_and_version(
        store, tmp_path):
    """Projects without a number are keyed by their place; deleting one moves the others up a line in the
    export, yet importing that export must find each of them again: no key, version or revision changes."""
    project = _unnumbered_projects(store)[0]
    assert store.apply(Delete("projects", project.key, project.version, "doppelt", "Bericht"),
                       CURATOR).status == "published"
    before = {r.key: (r.version, r.values) for r in store.records("projects")}
    store.export(tmp_path)
    assert store.import_edition(tmp_path, CURATOR, "dieselbe Ausgabe", "Export") == 0
    assert {r.key: (r.version, r.values) for r in store.records("projects")} == before


def test_a_new_project_without_number_inserted_above_others_gets_its_own_key(store, tmp_path):
    """A new edition lists a new project without a number above one that already has no number: the new
    one gets a key of its own, and the stored project keeps its key, values and version."""
    shutil.copytree(EDITION, tmp_path / "edition")
    _edit_projects(tmp_path / "edition", lambda rows: rows.insert(
        next(i for i, row in enumerate(rows) if i and row[0] == ""),
        ["", "Neues Projekt ohne Nummer", "1", "", "", "05913000", "", "", "1-2", "", "Bericht 2025"]))
    before = {r.key: (r.version, r.values) for r in store.records("projects")}
    assert store.import_edition(tmp_path / "edition", CURATOR, "Ausgabe 2025", "Bericht 2025") == 1
    after = {r.key: (r.version, r.values) for r in store.records("projects")}
    new = set(after) - set(before)
    assert len(new) == 1 and next(iter(new)).startswith("row-")
    assert after[next(iter(new))][1]["title"] == "Neues Projekt ohne Nummer"
    assert {k: v for k, v in after.items() if k in before} == before


def test_a_deleted_site_that_the_new_edition_lists_again_comes_back_with_a_revision(store, tmp_path):
    """A site deleted in the living data is back in the next edition: it is published again, its version
    rises (an editor's old copy is stale) and its revision says it came from that import, by whom and why."""
    key = a_site(store, DORTMUND)
    values = store.get("sites", key).values
    delete(store, key)
    hidden_version = store.row_version("sites", key)
    version = store.data_version()
    assert store.import_edition(EDITION, CURATOR, "Ausgabe 2025", "Landtag NRW Vorlage 18/1") == 1
    back = store.get("sites", key)
    assert back.values == values and back.version == hidden_version + 1
    revision = store.history("sites", key)[-1]
    assert (revision.action, revision.author, revision.author_role, revision.reason, revision.source) == (
        "import", CURATOR.name, CURATOR.role, "Ausgabe 2025", "Landtag NRW Vorlage 18/1")
    assert revision.before is None and revision.after == values and revision.data_version == version + 1


def test_an_import_that_changes_a_cell_records_before_and_after(store, tmp_path):
    """The revision of an imported change shows the old and the new cells, so a curator sees what the
    edition changed; only the changed row gets a new version."""
    key = a_site(store, DORTMUND)
    old = store.get("sites", key)
    store.export(tmp_path)
    sites = tmp_path / "sites.csv"
    text = sites.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(key + ","))
    sites.write_text(text.replace(line, line.replace(old.values["name"], "Umbenannt"), 1), encoding="utf-8")
    others = {r.key: r.version for r in store.records("sites") if r.key != key}
    assert store.import_edition(tmp_path, CURATOR, "Umbenennung", "Stadt Dortmund") == 1
    revision = store.history("sites", key)[-1]
    assert revision.before == old.values and revision.after == {**old.values, "name": "Umbenannt"}
    assert store.get("sites", key).version == old.version + 1
    assert {r.key: r.version for r in store.records("sites") if r.key != key} == others


def test_a_new_database_is_seeded_once_from_the_committed_edition_with_its_origin(empty_url, region, geocoder):
    """The first start fills an empty database; every row's first revision names the committed edition as
    its origin (not a person), and a second start seeds nothing again."""
    store = open_store(empty_url, COMMITTED_DATA, region, geocoder)
    try:
        key = a_site(store, DORTMUND)
        (revision,) = store.history("sites", key)
        assert (revision.action, revision.author, revision.reason, revision.source) == (
            "seed", "edition", "seeded from the committed edition", "programmes/ of the repository")
        assert revision.before is None and revision.after == store.get("sites", key).values
        assert store.get("sites", key).version == 1 and revision.data_version == store.data_version() == 1
        # a project without a number has the same address on every new database: its place in the file
        projects = store.records("projects")
        assert [(place, r.key) for place, r in enumerate(projects, start=1) if r.values["project_id"] == ""] == [
            (place, f"row-{place}") for place, r in enumerate(projects, start=1) if r.values["project_id"] == ""]
        assert all(r.key == r.values["project_id"] for r in projects if r.values["project_id"])
    finally:
        store.close()
    again = open_store(empty_url, COMMITTED_DATA, region, geocoder)
    try:
        assert again.data_version() == 1 and len(again.history("sites", key)) == 1
    finally:
        again.close()


def _edit_projects(folder, edit) -> None:
    projects = folder / "projects.csv"
    with projects.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    edit(rows)
    with projects.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def test_a_new_project_without_number_at_the_end_is_addressed_by_its_place(store, tmp_path):
    """A new edition appends a project without a number: like a seeded one, it is keyed by its place in
    the file, so a fresh database seeded from this edition would give it the same address."""
    shutil.copytree(EDITION, tmp_path / "edition")
    _edit_projects(tmp_path / "edition", lambda rows: rows.append(
        ["", "Neues Projekt ohne Nummer", "1", "", "", "05913000", "", "", "1-2", "", "Bericht 2025"]))
    place = len(store.records("projects")) + 1
    assert store.import_edition(tmp_path / "edition", CURATOR, "Ausgabe 2025", "Bericht 2025") == 1
    assert store.get("projects", f"row-{place}").values["title"] == "Neues Projekt ohne Nummer"


def test_an_edition_that_retitles_a_numbered_project_changes_that_project(store, tmp_path):
    """The project keeps its number as its address and gets a new version; no second project appears."""
    shutil.copytree(EDITION, tmp_path / "edition")
    old = store.get("projects", "13-01")
    _edit_projects(tmp_path / "edition", lambda rows: rows[1].__setitem__(1, "ÖPNV-Initiative Ruhr"))
    keys = [r.key for r in store.records("projects")]
    assert store.import_edition(tmp_path / "edition", CURATOR, "Ausgabe 2025", "Bericht 2025") == 1
    assert store.get("projects", "13-01").values == {**old.values, "title": "ÖPNV-Initiative Ruhr"}
    assert store.get("projects", "13-01").version == old.version + 1
    assert [r.key for r in store.records("projects")] == keys


def test_an_edition_that_reorders_the_sites_is_published_in_its_order_and_changes_only_the_edited_one(
        store, tmp_path):
    """A curator sorts the sites file differently and renames one site on the way: the export afterwards
    is the imported file byte for byte, and only the renamed site gets a new version."""
    store.export(tmp_path / "edition")
    sites = tmp_path / "edition" / "sites.csv"
    with sites.open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    rows.reverse()
    rows[0][header.index("name")] = "Umbenannt beim Umsortieren"
    with sites.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows([header, *rows])
    renamed = rows[0][header.index("id")]
    versions = {r.key: r.version for r in store.records("sites")}
    assert store.import_edition(tmp_path / "edition", CURATOR, "neu sortiert", "Export") == 1
    assert {r.key: r.version for r in store.records("sites")} == {**versions, renamed: versions[renamed] + 1}
    store.export(tmp_path / "out")
    assert (tmp_path / "out" / "sites.csv").read_bytes() == sites.read_bytes()


def test_an_edition_whose_project_number_looks_like_a_store_key_is_refused_and_changes_nothing(store, tmp_path):
    """Projects without a number are addressed as 'row-<place>'; a project numbered like that would take
    the place of one of them. A write refuses such a number, and so does an import."""
    shutil.copytree(EDITION, tmp_path / "edition")
    _edit_projects(tmp_path / "edition", lambda rows: rows[1].__setitem__(0, "row-40"))
    before = counts(store)
    with pytest.raises(ValidationFailed) as refused:
        store.import_edition(tmp_path / "edition", CURATOR, "Ausgabe 2025", "Bericht 2025")
    assert [str(p) for p in refused.value.problems] == ["projects row-40: project_id must not start with 'row-'"]
    assert counts(store) == before and store.get("projects", "row-40").values["project_id"] == ""


def test_an_edition_without_a_site_hides_it_with_its_last_cells_in_the_revision(store, tmp_path):
    """A site the new edition no longer lists is deleted: its version rises by one (an editor's open edit
    of it is stale, and a curator restores it with that version), and its revision keeps the cells it had."""
    key = a_site(store, DORTMUND)
    old = store.get("sites", key)
    store.export(tmp_path)
    sites = tmp_path / "sites.csv"
    sites.write_text("".join(line for line in sites.read_text(encoding="utf-8").splitlines(keepends=True)
                             if not line.startswith(key + ",")), encoding="utf-8")
    assert store.import_edition(tmp_path, CURATOR, "geschlossen", "Stadt Dortmund") == 1
    assert store.row_version("sites", key) == old.version + 1
    revision = store.history("sites", key)[-1]
    assert (revision.action, revision.before, revision.after) == ("import", old.values, None)


def test_an_export_into_a_new_nested_folder_writes_the_five_files(store, tmp_path):
    """An operator exports into a dated folder that does not exist yet; the five files are written there,
    in the edition's order, and the export of unchanged data is the committed edition byte for byte."""
    target = tmp_path / "sicherung" / "2025-06-30"
    written = store.export(target)
    assert [p.name for p in written] == ["programmes.csv", "sites.csv", "five_locations.csv", "projects.csv",
                                         "funding.csv"]
    assert all(p.parent == target and p.read_bytes() == (EDITION / p.name).read_bytes() for p in written)


def test_the_published_frames_are_the_committed_files_with_their_line_numbers(store):
    """The store's state reads like the committed files: same cells, and each row's line is the line it has
    in the file, so a problem found in the published data names the line a curator finds in the export."""
    published = store.published_dataset().frames
    for name, frame in read_programme_frames(EDITION).items():
        assert published[name].astype(object).to_dict("records") == frame.astype(object).to_dict("records"), name


def test_an_edition_with_a_column_the_store_does_not_know_is_refused_and_changes_nothing(store, tmp_path):
    shutil.copytree(EDITION, tmp_path / "edition")
    _edit_projects(tmp_path / "edition", lambda rows: [row.append("x" if i else "budget") for i, row in enumerate(rows)])
    before = counts(store)
    with pytest.raises(InvalidInput) as refused:
        store.import_edition(tmp_path / "edition", CURATOR, "Ausgabe 2025", "Bericht 2025")
    assert str(refused.value).startswith(f"{tmp_path / 'edition' / 'projects.csv'} line 1: unknown columns ['budget']; "
                                         "known: ['project_id', 'title',")
    assert counts(store) == before


def test_the_published_versions_are_those_of_the_published_rows(store):
    """The service's item ETags come from the snapshot's versions: a changed site shows its new version,
    and a deleted one has none (it is not published)."""
    deleted, edited = a_site(store, DORTMUND), a_site(store, "05911000")
    delete(store, deleted)
    changed(store, edited, name="Neu benannt")
    versions = store.published_dataset().row_versions
    for entity in ("programmes", "sites", "five_locations", "projects", "funding"):
        assert versions[entity] == {r.key: r.version for r in store.records(entity)}, entity
    assert deleted not in versions["sites"] and versions["sites"][edited] == 2


def test_a_database_edited_by_hand_past_the_checks_is_refused_when_read(store, region, geocoder):
    """An operator's hand edit in the database bypasses the write checks; building the maps from it must
    stop with the data error (which names the broken row), not publish a site at a made-up point."""
    key = a_site(store, DORTMUND)
    sites = TABLES["sites"]
    with store.engine.begin() as connection:
        connection.execute(update(sites).where(sites.c.row_key == key).values(lat="nördlich"))
    with pytest.raises(DataError, match=key):
        store.published_dataset().programme_data(region, geocoder)


def test_an_edition_without_an_optional_column_imports_it_as_empty(store, tmp_path):
    """An edition prepared with an older template has no `notes` column for the projects: it imports,
    and the notes are empty afterwards (the projects that had notes change, the others do not)."""
    shutil.copytree(EDITION, tmp_path / "edition")
    titles = sorted(r.values["title"] for r in store.records("projects"))
    _edit_projects(tmp_path / "edition", lambda rows: [row.pop(rows[0].index("notes")) for row in rows[::-1]])
    assert store.import_edition(tmp_path / "edition", CURATOR, "alte Vorlage", "Bericht") > 0
    assert {r.values["notes"] for r in store.records("projects")} == {""}
    assert sorted(r.values["title"] for r in store.records("projects")) == titles
