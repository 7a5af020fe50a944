"""One pass over a CSV file's bytes: its encoding, separator, header and whether the fast path is safe.

The pass holds one piece of the file at a time, so it costs the same memory for any size. The fast
path (pyarrow's columnar reader) is taken only for plain UTF-8 without quotes, NUL bytes or lone
carriage returns; everything else goes through the careful reader, which keeps every line.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from geo.csv_geocode import HEADER_SCAN_CHARS, EncodingSniffer, detect_delimiter
from geo.errors import InvalidInput

PIECE_BYTES = 8 * 1024 * 1024
FAST_ENCODINGS = ("utf-8", "utf-8-sig")


@dataclass(frozen=True)
class CsvFacts:
    path: Path
    size: int
    encoding: str
    delimiter: str
    newline: str
    header: list[str]
    header_end: int  # byte offset of the first data line (fast files only; 0 otherwise)
    fast: bool  # pyarrow may read it: plain UTF-8, no quotes, NUL bytes or lone carriage returns
    data_lines: int  # newlines after the header (+1 for an unterminated last line): rows on the fast path
    marks: list[tuple[int, int]] = field(default_factory=list)  # (byte offset of a line start, its line number)


def scan_csv(path: Path, mark_bytes: int = 0, piece_bytes: int | None = None) -> CsvFacts:
    """Read the file once in pieces; InvalidInput when it is missing, empty, binary or mixes encodings.

    With mark_bytes, a line start is recorded about every mark_bytes bytes (for splitting a fast
    file into partitions).
    """
    piece_bytes = piece_bytes or PIECE_BYTES
    sniffer = EncodingSniffer(path)
    head, size, newlines, crs, crlfs = b"", 0, 0, 0, 0
    quote = nul = False
    blank = True
    last = b""
    marks: list[tuple[int, int]] = []
    next_mark = mark_bytes or -1
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(piece_bytes):
                if size == 0 and b"\x00" in piece[:4096]:
                    raise InvalidInput(f"{path} is not a text file")
                sniffer.feed(piece)
                if len(head) < 4 * HEADER_SCAN_CHARS:
                    head += piece[:4 * HEADER_SCAN_CHARS]
                quote = quote or b'"' in piece
                nul = nul or b"\x00" in piece
                blank = blank and not piece.replace(b"\xef\xbb\xbf", b"").strip()
                crs += piece.count(b"\r")
                crlfs += piece.count(b"\r\n") + (last == b"\r" and piece[:1] == b"\n")
                while 0 < next_mark < size + len(piece):
                    cut = piece.find(b"\n", next_mark - size)
                    if cut < 0:
                        break
                    marks.append((size + cut + 1, newlines + piece.count(b"\n", 0, cut + 1) + 1))
                    next_mark = size + cut + 1 + mark_bytes
                newlines += piece.count(b"\n")
                size += len(piece)
                last = piece[-1:]
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None
    encoding = sniffer.encoding()
    if blank:
        raise InvalidInput(f"{path} is empty")
    text = head.decode(encoding, errors="replace")  # the head only finds the separator and header
    delimiter = detect_delimiter(text)
    try:
        header = next(csv.reader(text.splitlines(keepends=True), delimiter=delimiter), [])
    except csv.Error as error:
        raise InvalidInput(f"{path}: not a readable CSV file ({error})") from None
    newline = "\r\n" if "\r\n" in text[:HEADER_SCAN_CHARS] else "\n"
    fast = (encoding in FAST_ENCODINGS and not quote and not nul and crs == crlfs and len(header) > 1
            and b"\n" in head)
    header_end = head.find(b"\n") + 1 if fast else 0
    data_lines = newlines - 1 + (last != b"\n")
    marks = [m for m in marks if m[0] > header_end and m[0] < size]
    return CsvFacts(path, size, encoding, delimiter, newline, header, header_end, fast, data_lines, marks)
