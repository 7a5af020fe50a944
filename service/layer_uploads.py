"""The one way a planner's file becomes a stored layer, shared by `POST /layers` and `ruhrkarte layers upload`.

Unpack (a zip or gzip payload is checked against the size limit before it is expanded), check the
limits, read, place on the communes, report, sum per commune, Kreis and region, and store in one
transaction: a broken upload stores nothing and raises InvalidInput (400) or TooLarge (413) with what
to fix. The sums made here are what a layer's summary is read from (summary_of_layer).
"""
from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable

from geo.errors import InvalidInput
from geo.layer_files import read_layer_file
from geo.layer_report import UploadReport, place_layer
from geo.layer_summary import LayerSummary, summarise_table, summary_of
from geo.repository import Repository
from store import Principal, Store
from store.errors import TooLarge
from store.layer_rows import LayerEncoding, LayerInfo

MB = 1024 * 1024
GZIP_MAGIC, ZIP_MAGIC = b"\x1f\x8b", b"PK\x03\x04"
MAX_TITLE = 200


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int          # one file, after unpacking
    max_features: int       # usable rows of one layer
    quota_bytes: int        # all layers of one account

    @classmethod
    def of(cls, settings) -> UploadLimits:
        return cls(settings.layer_max_mb * MB, settings.layer_max_features, settings.layer_quota_mb * MB)


def _too_large(what: str, limit: int) -> TooLarge:
    return TooLarge(f"{what} is larger than the limit of {limit // MB} MB")


def unpacked(raw: bytes, filename: str, max_bytes: int) -> tuple[bytes, str]:
    """The file itself: a zip with exactly one file, or gzip, expanded only up to `max_bytes`."""
    if raw.startswith(ZIP_MAGIC):
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            members = [m for m in archive.infolist() if not m.is_dir()]
        except zipfile.BadZipFile:
            raise InvalidInput(f"{filename}: a damaged zip archive") from None
        if len(members) != 1:
            raise InvalidInput(f"{filename}: a zip archive must hold exactly one file (it holds {len(members)})")
        if members[0].file_size > max_bytes:  # the declared size, checked before anything is expanded
            raise _too_large(f"{members[0].filename} in {filename}", max_bytes)
        try:
            with archive.open(members[0]) as member:
                content = member.read(max_bytes + 1)  # a lying header cannot expand more than this
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):  # damaged or cut short: a wrong checksum,
            raise InvalidInput(f"{filename}: a damaged zip archive") from None  # broken packed data, a bad offset
        except (RuntimeError, NotImplementedError):  # a password, or a packing method Python cannot unpack
            raise InvalidInput(f"{filename}: {members[0].filename} is encrypted or packed in a way that cannot be "
                               "read; pack it again without a password") from None
        if len(content) > max_bytes:
            raise _too_large(f"{members[0].filename} in {filename}", max_bytes)
        return content, members[0].filename
    if raw.startswith(GZIP_MAGIC):
        expander = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            content = expander.decompress(raw, max_bytes + 1)
        except zlib.error:
            raise InvalidInput(f"{filename}: damaged gzip data") from None
        if len(content) > max_bytes or expander.unconsumed_tail:
            raise _too_large(f"{filename} expanded", max_bytes)
        return content, filename.removesuffix(".gz")
    if len(raw) > max_bytes:
        raise _too_large(filename, max_bytes)
    return raw, filename


def upload_layer(store: Store, repo: Repository, owner: Principal, raw: bytes, filename: str, title: str,
                 limits: UploadLimits, progress: Callable[[str], None] = lambda _: None) -> tuple[int, UploadReport]:
    """Store the file as a layer of `owner`; returns its id and the report."""
    title = title.strip()
    if not title or len(title) > MAX_TITLE or any(ord(c) < 32 for c in title):
        raise InvalidInput(f"title: give a title of 1 to {MAX_TITLE} characters without control characters")
    content, name = unpacked(raw, filename, limits.max_bytes)
    progress(f"gelesen: {len(content):,} Bytes aus {name}")
    layer = read_layer_file(content, name, repo.gazetteer)
    if len(layer.lines) > limits.max_features:
        raise TooLarge(f"{name}: {len(layer.lines):,} features; the limit is {limits.max_features:,} per layer")
    if not layer.lines:
        problems = "; ".join(f"line {line}: {reason}" for line, reason in layer.rejected[:5])
        raise InvalidInput(f"{name}: no usable row ({problems or 'the file has no rows'})")
    progress(f"{len(layer.lines):,} Objekte gelesen, {len(layer.rejected):,} abgelehnt; Zuordnung zu den Gemeinden …")
    with LayerEncoding(layer) as encoding:  # the features are encoded while they are placed
        stored, report = encoding.new_layer(title, place_layer(layer, repo.region, repo.geocoder), len(content),
                                            repo.region)
    progress(f"{sum(report.placed_per_commune.values()):,} Zuordnungen zu {len(report.placed_per_commune)} "
             f"Gemeinden; speichern …")
    layer_id = store.add_layer(owner, stored, limits.quota_bytes)
    progress(f"gespeichert als Ebene {layer_id}")
    return layer_id, report


def summary_of_layer(store: Store, repo: Repository, principal: Principal,
                     layer_id: int) -> tuple[LayerInfo, LayerSummary]:
    """The layer and its summary: from the sums made at upload, or, for a layer stored before they were
    kept (or made for other communes than the data's), summed from its features."""
    info, sums = store.layer_sums(principal, layer_id)
    summary = None if sums is None else summary_of(repo.region, sums)
    if summary is None:
        info, table = store.layer_table(principal, layer_id)
        summary = summarise_table(repo.region, info.columns, table)
    return info, summary
