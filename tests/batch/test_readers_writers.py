"""batch/ readers and writers on their own: the scan, the careful reader in bounded chunks, the fast
reader's refusals, and CSV written exactly as Python's csv module writes it."""
import csv
import io
import random

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from batch import csv_careful, csv_fast, parquet_source
from batch.csv_scan import scan_csv
from batch.writers import CsvWriter, Staged
from geo.errors import InvalidInput


def test_excel_csv_utf8_with_bom_is_read_as_utf8(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffName;Breite;Länge\r\nMüller;51,54;7,41\r\n".encode("utf-8"))
    facts = scan_csv(path)
    assert (facts.encoding, facts.delimiter, facts.newline) == ("utf-8-sig", ";", "\r\n")
    assert facts.header == ["Name", "Breite", "Länge"]  # the BOM is not part of the first column name
    start = csv_careful.layout(facts).starts[0]
    assert list(csv_careful.read_rows(facts, start, 1, 10)) == [([["Müller", "51,54", "7,41"]], [2])]


def test_empty_and_whitespace_lines_are_kept_with_their_line_numbers(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('name;lat;lon\nA;51,5;7,2\n\n   \n"B\nzweite Zeile";51,5;7,2\n;;\nC;51,5;7,2\n', encoding="utf-8")
    facts = scan_csv(path)
    shape = csv_careful.layout(facts)
    assert (shape.rows, shape.width) == (6, 3)
    [(rows, lines)] = csv_careful.read_rows(facts, shape.starts[0], shape.rows, 100)
    assert rows == [["A", "51,5", "7,2"], [], ["   "], ["B\nzweite Zeile", "51,5", "7,2"], ["", "", ""],
                    ["C", "51,5", "7,2"]]
    assert lines == [2, 3, 4, 5, 7, 8]


def test_the_careful_reader_holds_one_chunk_and_partitions_start_where_rows_start(tmp_path):
    path = tmp_path / "in.csv"
    body = "".join(f'{i};"Zeile\n{i}";51,5;7,2\n' if i % 7 == 0 else f"{i};x;51,5;7,2\n" for i in range(1000))
    path.write_bytes(("id;name;lat;lon\n" + body).encode("cp1252"))
    facts = scan_csv(path)
    assert not facts.fast
    shape = csv_careful.layout(facts, partition_rows=300)
    assert [s.row for s in shape.starts] == [0, 300, 600, 900]
    seen = []
    for start, count in zip(shape.starts, [300, 300, 300, 100]):
        chunks = list(csv_careful.read_rows(facts, start, count, 64))
        assert max(len(rows) for rows, _ in chunks) <= 64  # never more than one chunk at a time
        for rows, lines in chunks:
            seen += [(int(r[0]), line) for r, line in zip(rows, lines)]
    assert [i for i, _ in seen] == list(range(1000))
    assert seen[8] == (8, 12) and seen[-1] == (999, 1000 + 1000 // 7 + 2)  # quoted line ends shift lines


def test_the_scan_marks_line_starts_for_partitions(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("lat,lon\n" + "".join(f"51.{i:04d},7.2\n" for i in range(1000)), encoding="utf-8")
    facts = scan_csv(path, mark_bytes=1000, piece_bytes=777)  # pieces that cut lines anywhere
    assert facts.fast and facts.data_lines == 1000 and len(facts.marks) > 10
    raw = path.read_bytes()
    for offset, line in facts.marks:
        assert raw[offset - 1:offset] == b"\n" and raw[:offset].count(b"\n") + 1 == line


@pytest.mark.parametrize("content, fast", [
    ("lat;lon\n51,5;7,2\n", True),
    ("\ufefflat;lon\r\n51,5;7,2\r\n", True),
    ('lat;lon;name\n51,5;7,2;"A; B"\n', False),  # quotes: the careful reader
    ("lat;lon\n51,5;7,2\rx;y\n", False),  # a lone carriage return
    ("lat\n51,5\n", False),  # one column
])
def test_the_fast_path_is_offered_only_plain_utf8(tmp_path, content, fast):
    path = tmp_path / "in.csv"
    path.write_bytes(content.encode("utf-8"))
    assert scan_csv(path).fast is fast


@pytest.mark.parametrize("body", ["1;2;3\n4;5\n", "1;2;3\n4;5;6;7\n", "1;2;3\n   \n"])
def test_the_fast_reader_gives_up_on_rows_it_cannot_keep(tmp_path, body):
    path = tmp_path / "in.csv"
    path.write_text("a;b;c\n" + body, encoding="utf-8")
    facts = scan_csv(path)
    assert facts.fast
    with pytest.raises(csv_fast.FastPathUnsafe):
        list(csv_fast.read_batches(facts, facts.header_end, facts.size))


def test_the_fast_reader_keeps_a_blank_line_as_a_row_of_empty_cells(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("a;b;c\n1;2;3\n\n4;5;6\n", encoding="utf-8")
    facts = scan_csv(path)
    [batch] = csv_fast.read_batches(facts, facts.header_end, facts.size)
    assert batch.to_pylist()[1] == {"c0": "", "c1": "", "c2": ""}


def test_the_fast_reader_reads_in_blocks(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("a;b\n" + "".join(f"{i};x\n" for i in range(20_000)), encoding="utf-8")
    facts = scan_csv(path)
    batches = list(csv_fast.read_batches(facts, facts.header_end, facts.size, block_bytes=16_384))
    assert len(batches) > 5 and max(b.num_rows for b in batches) < 20_000
    assert sum(b.num_rows for b in batches) == 20_000


CELLS = ["", "a", " a ", "a;b", "a,b", 'sa"gt', "zwei\nZeilen", "cr\rhere", "tab\there", "€", "Müller", '"', ";"]


@pytest.mark.parametrize("delimiter, newline", [(";", "\r\n"), (",", "\n"), ("\t", "\n")])
def test_csv_is_written_as_pythons_csv_module_writes_it(tmp_path, delimiter, newline):
    rng = random.Random(7)
    rows = [[rng.choice(CELLS) for _ in range(4)] for _ in range(300)]
    expected = io.StringIO(newline="")
    csv.writer(expected, delimiter=delimiter, lineterminator=newline).writerows([["h1", "h2", "h3", "h4"], *rows])
    path = tmp_path / "out.csv"
    writer = CsvWriter(path, path, "utf-8-sig", delimiter, newline, ["h1", "h2", "h3", "h4"])
    writer.write([pa.array(col, pa.string()) for col in zip(*rows)], np.arange(2, 302))
    writer.close()
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.getvalue().encode("utf-8")


def test_text_the_encoding_cannot_hold_is_refused_with_its_line_and_nothing_is_written(tmp_path):
    target = tmp_path / "out.csv"
    staged = Staged(target)
    writer = CsvWriter(staged.path, target, "latin-1", ";", "\r\n", ["name"])
    with pytest.raises(InvalidInput, match=r"line 7 has '€', which latin-1 cannot hold; nothing was written"):
        writer.write([pa.array(["Müller", "5 €"])], np.array([6, 7]))
    writer.close()
    staged.discard()
    assert list(tmp_path.iterdir()) == []


def test_the_parquet_reader_holds_one_row_group_at_a_time(tmp_path):
    rng = np.random.default_rng(5)
    groups, group_rows = 20, 50_000
    table = pa.table({name: rng.uniform(0, 1, groups * group_rows) for name in ("id", "lat", "lon")})
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=group_rows, compression="none")
    group_bytes = group_rows * 3 * 8
    before = pa.total_allocated_bytes()
    most, rows = 0, 0
    for batch in parquet_source.read_batches(tmp_path / "in.parquet", 0, groups, 10_000):
        most = max(most, pa.total_allocated_bytes() - before)
        rows += batch.num_rows
    assert rows == groups * group_rows
    assert most < 3 * group_bytes, (most, group_bytes)  # the whole file would be 20 row groups
