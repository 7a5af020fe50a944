"""The fast CSV path: pyarrow's columnar reader on plain UTF-8 files, every cell kept as text.

It is only offered files that the scan found plain (no quotes, NUL bytes or lone carriage
returns). A blank line becomes a row of empty cells, which is what the careful path makes of it
too. A row with another number of cells than the header (or only spaces) stops it with
FastPathUnsafe; the caller then starts again on the careful path, which keeps such rows.
"""
from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
from pyarrow import csv as pacsv

from batch.csv_scan import CsvFacts

BLOCK_BYTES = 1024 * 1024


class FastPathUnsafe(Exception):
    """The file has a row the columnar reader cannot keep as it stands."""


def column_names(count: int) -> list[str]:
    return [f"c{i}" for i in range(count)]


def read_batches(facts: CsvFacts, start: int, stop: int, block_bytes: int | None = None) -> Iterator[pa.RecordBatch]:
    """Record batches of string columns for the whole lines in bytes [start, stop), one block
    (BLOCK_BYTES unless given) in memory at a time."""
    block_bytes = block_bytes or BLOCK_BYTES
    names = column_names(len(facts.header))
    options = {
        "read_options": pacsv.ReadOptions(column_names=names, block_size=block_bytes, use_threads=False),
        "parse_options": pacsv.ParseOptions(delimiter=facts.delimiter, quote_char=False, ignore_empty_lines=False),
        "convert_options": pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                strings_can_be_null=False),
    }
    # Bytes [start, stop) as a stream over Arrow's own file: Arrow reads it block by block on its
    # own threads without a Python file object (which needs the GIL, and aborted the interpreter
    # at exit when a read-ahead thread was still waiting for it: "terminate called without an
    # active exception"). Not `read_at`, which returns the whole range as one Python bytes copy,
    # nor a memory map, whose touched pages all count as resident memory.
    handle = pa.OSFile(str(facts.path))
    reader = None
    try:
        reader = pacsv.open_csv(handle.get_stream(start, stop - start), **options)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowInvalid as error:
                raise FastPathUnsafe(str(error)) from None
            if batch.num_rows:
                yield batch
    except pa.ArrowInvalid as error:  # the first block is parsed when the reader opens
        raise FastPathUnsafe(str(error)) from None
    finally:
        if reader is not None:
            reader.close()
        handle.close()
