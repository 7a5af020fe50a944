"""A planner's upload at its edges: files exactly at the size limit (plain, zipped, gzipped) and one byte
over it, archives that are damaged or expand far beyond the limit, titles at their limits, the feature
limit, files without a usable row, and the progress the command line shows."""
from __future__ import annotations

import gzip
import io
import tracemalloc
import zipfile

import pytest

from geo.errors import InvalidInput
from maps.problem_text import upload_problem_de
from service.layer_uploads import MB, UploadLimits, summary_of_layer, upload_layer
from service.settings import load_settings
from store import Principal
from store.errors import TooLarge
from tests.service.edit_helpers import bearer, open_api
from service.live import open_settings_store

PAULA = Principal("paula", "editor", frozenset({"05913000"}))
LIMITS = UploadLimits(max_bytes=MB, max_features=5_000, quota_bytes=100 * MB)
# Test points, not data: Bochum city centre and the Reinoldikirche in Dortmund (as in tests/store/helpers.py)
BOCHUM_ROW, DORTMUND_ROW = "51.4818,7.2162", "51.5141,7.4668"


@pytest.fixture
def store(repo, tmp_path):
    opened = open_settings_store(load_settings(state_dir=tmp_path), repo)
    opened.add_account("paula", "editor", ["05913000"])
    yield opened
    opened.close()


def _measures(size: int) -> bytes:
    """A CSV of exactly `size` bytes: measures of 1 EUR in Bochum padded with long descriptions, and a
    last measure of 15 EUR in Dortmund whose amount is the file's last two bytes (no line end after it)."""
    head, last = b"massnahme,lat,lon,euro\n", f",{DORTMUND_ROW},15".encode()
    row = ("Sanierung " + "x" * 990 + f",{BOCHUM_ROW},1\n").encode()
    rows = (size - len(head) - len(last)) // len(row)
    body = head + row * rows
    return body + b"y" * (size - len(body) - len(last)) + last


def _zipped(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _euro_in(store, repo, layer_id: int) -> dict[str, float]:
    _, summary = summary_of_layer(store, repo, PAULA, layer_id)
    sums = summary.rows.set_index("code")["euro_sum"]
    return {code: float(sums[code]) for code in ("05911000", "05913000", "ruhr")}


@pytest.mark.parametrize("pack, filename", [(lambda content: content, "massnahmen.csv"),
                                            (lambda content: _zipped("massnahmen.csv", content), "paket.zip"),
                                            (gzip.compress, "massnahmen.csv.gz")])
def test_a_file_of_exactly_the_size_limit_is_read_to_its_last_byte(store, repo, pack, filename):
    content = _measures(MB)
    assert len(content) == MB and content.endswith(b",15")
    layer_id, report = upload_layer(store, repo, PAULA, pack(content), filename, "Sanierungen", LIMITS)
    rows = content.count(b"\n")
    assert report.features == rows and report.placed_per_commune == {"05911000": rows - 1, "05913000": 1}
    assert _euro_in(store, repo, layer_id) == {"05911000": rows - 1, "05913000": 15.0, "ruhr": rows + 14}


@pytest.mark.parametrize("pack, filename, named", [
    (lambda content: content, "massnahmen.csv", "massnahmen.csv is larger"),
    (lambda content: _zipped("massnahmen.csv", content), "paket.zip", "massnahmen.csv in paket.zip is larger"),
    (gzip.compress, "massnahmen.csv.gz", "massnahmen.csv.gz expanded is larger")])
def test_one_byte_over_the_limit_is_refused_naming_the_file_and_stores_nothing(store, repo, pack, filename, named):
    with pytest.raises(TooLarge) as refused:
        upload_layer(store, repo, PAULA, pack(_measures(MB + 1)), filename, "Sanierungen", LIMITS)
    assert str(refused.value) == f"{named} than the limit of 1 MB"
    assert store.layers(PAULA) == []


def test_a_zip_holding_one_csv_in_a_folder_uploads_the_csv(store, repo):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.mkdir("export")
        archive.writestr("export/kitas.csv", f"lat,lon\n{BOCHUM_ROW}\n{DORTMUND_ROW}\n")
    progress: list[str] = []
    layer_id, report = upload_layer(store, repo, PAULA, buffer.getvalue(), "export.zip", "Kitas", LIMITS,
                                    progress.append)
    assert report.placed_per_commune == {"05911000": 1, "05913000": 1}
    assert progress[0] == "gelesen: 38 Bytes aus export/kitas.csv"
    assert store.layer(PAULA, layer_id).title == "Kitas"


def test_a_gzip_bomb_is_refused_without_being_expanded(store, repo):
    """64 MB of zeros packed into 64 KB: refused after expanding at most the 1 MB limit."""
    bomb = gzip.compress(bytes(64 * MB))
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="expanded is larger than the limit of 1 MB"):
            upload_layer(store, repo, PAULA, bomb, "nullen.csv.gz", "Nullen", LIMITS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB


def _damaged(archive: bytes, at: int) -> bytes:
    broken = bytearray(archive)
    broken[at] ^= 0xFF
    return bytes(broken)


KITAS = f"lat,lon\n{BOCHUM_ROW}\n{DORTMUND_ROW}\n" * 20
PACKED = _zipped("kitas.csv", KITAS)
DIRECTORY = PACKED.index(b"PK\x01\x02")  # the archive's central directory: the entry of kitas.csv


@pytest.mark.parametrize("archive", [
    _damaged(PACKED, 30 + len("kitas.csv") + 5),  # a flipped byte in the packed data
    _damaged(PACKED, DIRECTORY + 16),             # a wrong checksum
    PACKED[:DIRECTORY - 4] + PACKED[DIRECTORY:],  # cut short: the last bytes of the packed data lost
], ids=["flipped byte", "wrong checksum", "cut short"])
def test_a_zip_whose_file_is_damaged_is_refused_as_damaged(store, repo, archive):
    with pytest.raises(InvalidInput, match=r"^paket\.zip: a damaged zip archive$"):
        upload_layer(store, repo, PAULA, archive, "paket.zip", "Kitas", LIMITS)
    assert store.layers(PAULA) == []


def _flagged(archive: bytes, field: int, value: bytes) -> bytes:
    """The archive with one field of its file's local header and directory entry (offsets in the local
    header; the directory entry's are 2 further) set to `value`."""
    broken = bytearray(archive)
    broken[field:field + len(value)] = value
    broken[DIRECTORY + 2 + field:DIRECTORY + 2 + field + len(value)] = value
    return bytes(broken)


@pytest.mark.parametrize("archive", [_flagged(PACKED, 6, b"\x01\x00"),   # encrypted (general purpose flag bit 0)
                                     _flagged(PACKED, 8, b"\x09\x00")],  # Deflate64, which Python cannot unpack
                         ids=["encrypted", "deflate64"])
def test_an_encrypted_zip_or_one_packed_by_an_unknown_method_is_refused_with_what_to_do(store, repo, archive):
    with pytest.raises(InvalidInput) as refused:
        upload_layer(store, repo, PAULA, archive, "paket.zip", "Kitas", LIMITS)
    assert str(refused.value) == ("paket.zip: kitas.csv is encrypted or packed in a way that cannot be read; "
                                  "pack it again without a password")
    assert upload_problem_de(str(refused.value)) == ("paket.zip: kitas.csv ist verschlüsselt oder so gepackt, dass es "
                                                     "nicht gelesen werden kann; bitte ohne Passwort neu packen.")


def test_titles_of_up_to_200_characters_with_spaces_are_kept_and_others_refused(store, repo):
    csv = f"lat,lon\n{BOCHUM_ROW}\n".encode()
    for title in ("Kitas in Bochum", "K" * 200, "  Kitas 2025  "):
        layer_id, _ = upload_layer(store, repo, PAULA, csv, "kitas.csv", title, LIMITS)
        assert store.layer(PAULA, layer_id).title == title.strip()
    for title in ("K" * 201, "Kitas\nBochum", "Kitas\tin Bochum", "  "):
        with pytest.raises(InvalidInput, match="^title: give a title of 1 to 200 characters without control"):
            upload_layer(store, repo, PAULA, csv, "kitas.csv", title, LIMITS)
    assert len(store.layers(PAULA)) == 3


def test_a_layer_of_exactly_the_feature_limit_is_stored_and_one_more_is_refused(store, repo):
    limits = UploadLimits(MB, max_features=20, quota_bytes=100 * MB)
    rows = f"{BOCHUM_ROW}\n"
    upload_layer(store, repo, PAULA, f"lat,lon\n{rows * 20}".encode(), "zwanzig.csv", "T", limits)
    with pytest.raises(TooLarge, match=r"^einundzwanzig\.csv: 21 features; the limit is 20 per layer$"):
        upload_layer(store, repo, PAULA, f"lat,lon\n{rows * 21}".encode(), "einundzwanzig.csv", "T", limits)


def test_a_file_without_a_usable_row_names_the_first_five_refused_lines(store, repo):
    unusable = b"lat,lon\n" + b"x,7.2\n" * 7
    with pytest.raises(InvalidInput) as refused:
        upload_layer(store, repo, PAULA, unusable, "kaputt.csv", "T", LIMITS)
    assert str(refused.value) == "kaputt.csv: no usable row (" + "; ".join(
        f"line {n}: latitude missing or not a number" for n in range(2, 7)) + ")"
    with pytest.raises(InvalidInput) as empty:
        upload_layer(store, repo, PAULA, b"lat,lon\n", "leer.csv", "T", LIMITS)
    assert str(empty.value) == "leer.csv: no usable row (the file has no rows)"


def test_the_upload_reports_its_progress_step_by_step(store, repo):
    progress: list[str] = []
    csv = f"lat,lon\n{BOCHUM_ROW}\n{DORTMUND_ROW}\n{DORTMUND_ROW}\nx,1\n".encode()
    layer_id, _ = upload_layer(store, repo, PAULA, csv, "kitas.csv", "Kitas", LIMITS, progress.append)
    assert progress == ["gelesen: 57 Bytes aus kitas.csv", "3 Objekte gelesen, 1 abgelehnt; Zuordnung zu den Gemeinden …",
                        "3 Zuordnungen zu 2 Gemeinden; speichern …", f"gespeichert als Ebene {layer_id}"]


def test_a_damaged_zip_over_http_is_a_400_with_what_to_fix_not_a_500(repo, tmp_path):
    client, store = open_api(repo, tmp_path)
    with client:
        paula = bearer(store.add_account("paula", "editor", ["05913000"]))
        answer = client.post("/layers", headers=paula, files={"file": ("paket.zip", _damaged(PACKED, DIRECTORY + 16))},
                             data={"title": "Kitas"})
        encrypted = _flagged(PACKED, 6, b"\x01\x00")
        german = client.post("/layers?lang=de", headers=paula, files={"file": ("paket.zip", encrypted)},
                             data={"title": "Kitas"})
    store.close()
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == "paket.zip: a damaged zip archive"
    assert german.status_code == 400 and german.json()["detail"].startswith("paket.zip: kitas.csv ist verschlüsselt")


def test_a_table_per_commune_by_name_is_matched_by_the_gazetteer(store, repo):
    table = "Gemeinde;Kitaplätze\nBochum;120\nDortmund;80\nDortmnd;5\n".encode()  # the last one misspelt
    layer_id, report = upload_layer(store, repo, PAULA, table, "kitas.csv", "Kitaplätze", LIMITS)
    assert report.placed_per_commune == {"05911000": 1, "05913000": 1}
    assert [line for line, _ in report.rejected] == [4] and "Dortmund" in report.rejected[0][1]
    _, summary = summary_of_layer(store, repo, PAULA, layer_id)
    assert float(summary.rows.set_index("code").loc["ruhr", "Kitaplätze_sum"]) == 200.0
