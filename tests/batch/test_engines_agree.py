"""The fast path, the careful path and the Dask job give the same output, byte for byte.

The inputs mix placed rows, rows outside the Ruhr area, points on commune borders and broken,
empty and ragged rows; the Dask runs split them into several partitions on a local cluster of
two worker processes.
"""
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

from batch.dask_job import geocode_file_dask
from batch.job import geocode_file
from batch.sources import plan
from geo.errors import InvalidInput
from tests.batch.samples import plain_rows, write_broken_csv, write_plain_csv

ROWS = 3000


@pytest.fixture(scope="module")
def files(repo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("engines")
    rows = plain_rows(repo, ROWS)
    write_plain_csv(folder / "plain.csv", rows)
    write_broken_csv(folder / "unquoted.csv", rows, quoted=False, encoding="utf-8")
    write_broken_csv(folder / "broken.csv", rows)
    table = pa.table({name: [r[i] for r in rows] for i, name in enumerate(["id", "lat", "lon", "note"])})
    pq.write_table(table, folder / "plain.parquet", row_group_size=400)
    return folder


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def _run(repo, source, target, **options):
    report = geocode_file(source, target, repo.geocoder, repo.commune_names, **options)
    return target.read_bytes(), report


def test_fast_and_careful_paths_write_the_same_bytes(repo, files, tmp_path):
    assert plan(files / "plain.csv", None, None).kind == "csv-fast"
    fast, fast_report = _run(repo, files / "plain.csv", tmp_path / "fast.csv")
    careful, careful_report = _run(repo, files / "plain.csv", tmp_path / "careful.csv", fast=False)
    assert fast == careful
    assert fast_report == careful_report
    assert fast_report.located > 1000 and fast_report.outside > 100 and fast_report.unusable_count > 100


def test_a_plain_file_with_ragged_rows_falls_back_to_the_careful_path(repo, files, tmp_path):
    assert plan(files / "unquoted.csv", None, None).kind == "csv-fast"  # the scan cannot see ragged rows
    tried, tried_report = _run(repo, files / "unquoted.csv", tmp_path / "tried.csv", chunk_rows=500)
    careful, careful_report = _run(repo, files / "unquoted.csv", tmp_path / "careful.csv", fast=False)
    assert tried == careful and tried_report == careful_report
    assert careful_report.ragged_count > 0 and careful_report.empty > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["careful.csv", "tried.csv"]  # nothing staged is left


def test_parquet_in_gives_the_rows_csv_in_gives(repo, files, tmp_path):
    _, csv_report = _run(repo, files / "plain.csv", tmp_path / "a.parquet")
    _, parquet_report = _run(repo, files / "plain.parquet", tmp_path / "b.parquet")
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))
    assert parquet_report.summary() == csv_report.summary() and parquet_report.label == "row"


def test_geoparquet_points_in_and_out(repo, tmp_path):
    lat = ["51.540694", "51.2262", None]
    lon = ["7.412167", "6.7725", None]
    points = [shapely.to_wkb(shapely.Point(float(x), float(y))) if x else None for x, y in zip(lon, lat)]
    points.append(shapely.to_wkb(shapely.box(7.41, 51.54, 7.42, 51.55)))  # an area, not a point
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    table = pa.table({"name": ["Kokerei", "Düsseldorf", "leer", "Fläche"], "geometry": pa.array(points, pa.binary())})
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), tmp_path / "in.parquet")
    report = geocode_file(tmp_path / "in.parquet", tmp_path / "out.parquet", repo.geocoder, repo.commune_names)
    out = pq.read_table(tmp_path / "out.parquet")
    assert json.loads(out.schema.metadata[b"geo"]) == geo  # still GeoParquet
    assert out.column("geometry").to_pylist() == points
    assert out.column("ags").to_pylist() == ["05913000", "", "", ""]
    assert out.column("geocode_status").to_pylist() == ["ok", "outside the Ruhr area"] + [
        "invalid: geometry missing or not a point"] * 2
    assert report.summary() == "4 rows: 1 located, 1 outside the Ruhr area, 2 unusable, 0 empty"


def test_every_partition_starts_on_the_line_it_names(files):
    for name, kind in (("plain.csv", "csv-fast"), ("broken.csv", "csv-careful")):
        source = plan(files / name, None, None, partition_rows=700, partition_bytes=20_000)
        assert source.kind == kind and len(source.parts) >= 4
        raw = (files / name).read_bytes()
        for part in source.parts:  # text positions are byte offsets in these one-byte and UTF-8 files
            assert raw[part.start - 1:part.start] == b"\n" and raw[:part.start].count(b"\n") + 1 == part.first_line
        assert sum(p.rows for p in source.parts) == source.rows >= ROWS


@pytest.mark.parametrize("name", ["broken.csv", "unquoted.csv", "plain.csv", "plain.parquet"])
def test_dask_writes_what_one_process_writes(repo, files, tmp_path, cluster, name):
    single, single_report = _run(repo, files / name, tmp_path / "single.csv")
    report = geocode_file_dask(files / name, tmp_path / "dask.csv", repo.geocoder, repo.commune_names,
                               scheduler=cluster, partition_rows=700, partition_bytes=20_000)
    assert (tmp_path / "dask.csv").read_bytes() == single
    assert report == single_report
    assert len(plan(files / name, None, None, partition_rows=700, partition_bytes=20_000).parts) >= 4


def test_dask_writes_partitioned_parquet_with_the_rows_of_one_process(repo, files, tmp_path, cluster):
    geocode_file(files / "broken.csv", tmp_path / "single.parquet", repo.geocoder, repo.commune_names)
    geocode_file_dask(files / "broken.csv", tmp_path / "parts.parquet", repo.geocoder, repo.commune_names,
                      scheduler=cluster, partition_rows=700)
    assert len(list((tmp_path / "parts.parquet").iterdir())) == 5
    assert pq.read_table(tmp_path / "parts.parquet").equals(pq.read_table(tmp_path / "single.parquet"))


@pytest.mark.parametrize("name", ["out.csv", "out.parquet"])
@pytest.mark.parametrize("run", [geocode_file, geocode_file_dask])
def test_a_missing_output_folder_is_refused_before_any_work(repo, files, tmp_path, name, run):
    with pytest.raises(InvalidInput, match=r"the folder .*missing does not exist"):
        run(files / "plain.csv", tmp_path / "missing" / name, repo.geocoder, repo.commune_names)
    assert list(tmp_path.iterdir()) == []
