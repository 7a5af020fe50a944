"""`ruhrkarte geocode` at any size: bounded memory, Parquet in and out, the Dask engine."""
import random
import socket
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.cli_helpers import ruhrkarte_executable, run_cli


def _peak_kb(*args: str) -> int:
    """Peak resident memory of one `ruhrkarte` run, measured by /usr/bin/time (GNU time's %M)."""
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB=%M", ruhrkarte_executable(), *args], check=False,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return int(result.stderr.rsplit("PEAK_KB=", 1)[1].split()[0])


@pytest.mark.skipif(not __import__("os").path.exists("/usr/bin/time"), reason="needs GNU time")
def test_memory_stays_bounded_by_the_chunk_not_the_file(tmp_path):
    """150,000 careful-path rows in chunks of 1,000: the peak stays within 40 MB of a 2-row file's,
    where holding the whole file took some 100 MB more."""
    rng = random.Random(3)
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="cp1252", newline="") as handle:
        handle.write("id;name;lat;lon;note\n")
        for i in range(150_000):
            handle.write(f'{i};Jürgen {i};{51.3 + rng.random() * 0.4:.6f};{6.5 + rng.random() * 1.2:.6f};"a;b"\n')
    small = tmp_path / "small.csv"
    small.write_bytes(big.read_bytes()[:120])
    baseline = _peak_kb("geocode", str(small), "-o", str(tmp_path / "small_out.csv"), "--chunk-rows", "1000")
    peak = _peak_kb("geocode", str(big), "-o", str(tmp_path / "big_out.csv"), "--chunk-rows", "1000")
    assert peak < baseline + 40_000, (baseline, peak)
    assert (tmp_path / "big_out.csv").read_bytes().count(b"\n") == 150_001


def test_parquet_in_csv_out_lists_problem_rows(tmp_path):
    table = pa.table({"name": ["Kokerei Hansa", "Kaputt", "Düsseldorf"], "lat": [51.540694, None, 51.2262],
                      "lon": [7.412167, 7.1, 6.7725]})
    pq.write_table(table, tmp_path / "in.parquet")
    result = run_cli("geocode", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines() == [
        "name,lat,lon,ags,commune,geocode_status",
        "Kokerei Hansa,51.540694,7.412167,05913000,Dortmund,ok",
        "Kaputt,,7.1,,,invalid: latitude missing or not a number",
        "Düsseldorf,51.2262,6.7725,,,outside the Ruhr area",
    ]
    assert "3 rows: 1 located, 1 outside the Ruhr area, 1 unusable, 0 empty" in result.stderr
    assert "row 2: latitude missing or not a number" in result.stderr


def test_not_a_parquet_file_exits_2(tmp_path):
    source = tmp_path / "in.parquet"
    source.write_bytes(b"PAR1 but nothing more")
    result = run_cli("geocode", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert "not a readable Parquet file" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def test_dask_engine_on_a_running_cluster_writes_what_one_process_writes(tmp_path, scheduler):
    source = tmp_path / "in.csv"
    source.write_bytes("Name;Breite;Länge\r\nKokerei Hansa;51,540694;7,412167\r\n\r\nKurz;51,5\r\n"
                       "Düsseldorf;51,2262;6,7725\r\n".encode("cp1252"))
    single = run_cli("geocode", str(source), "-o", str(tmp_path / "single.csv"))
    dask = run_cli("geocode", str(source), "-o", str(tmp_path / "dask.csv"), "--engine", "dask",
                   "--scheduler", scheduler)
    assert dask.returncode == 0, dask.stderr
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "single.csv").read_bytes()
    assert dask.stderr == single.stderr


def test_dask_engine_on_its_own_local_cluster_writes_what_one_process_writes(tmp_path):
    """Without --scheduler the command starts (forks) its own workers, geocodes and stops them, and
    says nothing more than one process does, also when Dask's usual port 8787 is taken."""
    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 8787))
        taken.listen()
    except OSError:
        pass  # already taken by another program: just as good
    source = tmp_path / "in.csv"
    source.write_bytes("Name;Breite;Länge\r\nKokerei Hansa;51,540694;7,412167\r\n\r\nKurz;51,5\r\n"
                       "Düsseldorf;51,2262;6,7725\r\nKaputt;x;7\r\n".encode("cp1252"))
    single = run_cli("geocode", str(source), "-o", str(tmp_path / "single.csv"))
    dask = run_cli("geocode", str(source), "-o", str(tmp_path / "dask.csv"), "--engine", "dask", "--workers", "2")
    assert dask.returncode == 0, dask.stderr
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "single.csv").read_bytes()
    assert dask.stderr == single.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask.csv", "in.csv", "single.csv"]
    taken.close()


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("lat,lon\n51.5,7.2\n", encoding="utf-8")
    result = run_cli("geocode", str(source), "-o", str(tmp_path / "out.csv"), "--engine", "dask",
                     "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "out.csv").exists()

