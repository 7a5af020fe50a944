"""API benchmark: Ruhrkarte against pygeoapi and tipg (on PostGIS) on the same communes, all on loopback.

Both servers run as single-process uvicorn apps on 127.0.0.1; one asyncio driver in this process
sends the same requests to both (8 concurrent clients, bounded in count and time) and prints
requests/s, p50 and p99 latency, and the ratio. pygeoapi is a benchmark-only extra:
    .venv/bin/pip install -e '.[bench]' && .venv/bin/python -m bench.api
tipg runs from its own virtual environment (bench/tipg_peer.py); `make bench` installs both.
"""
from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.tipg_peer import tipg
from geo.settings import data_dir

CONCURRENCY = 8
PYGEOAPI_CONFIG = """
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  limits: {{default_items: 10, max_items: 1000}}
  map: {{url: "http://127.0.0.1/{{z}}/{{x}}/{{y}}.png", attribution: "none"}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: bench, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: none, url: "http://127.0.0.1"}}
  license: {{name: dl-de/by-2-0, url: "https://www.govdata.de/dl-de/by-2-0"}}
  provider: {{name: bench, url: "http://127.0.0.1"}}
  contact: {{name: bench, position: bench, address: bench, city: bench, stateorprovince: bench, postalcode: "0", country: DE, phone: "0", fax: "0", email: a@b.c, url: "http://127.0.0.1", hours: x, instructions: x, role: pointOfContact}}
resources:
  communes:
    type: collection
    title: communes
    description: Ruhr communes (BKG VG250)
    keywords: [communes]
    links: []
    extents:
      spatial: {{bbox: [6.4, 51.2, 8.0, 51.9], crs: "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}
    providers:
      - type: feature
        name: GeoJSON
        data: {data}
        id_field: ags
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start within {timeout_s} s")


@contextmanager
def server(args: list[str], ready_url: str, env: dict | None = None):
    process = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=Path(__file__).resolve().parents[1])
    try:
        wait_ready(ready_url)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def ours():
    port = free_port()
    # The real command, with its server configuration (header deadline, limits), as `make serve` runs it.
    with tempfile.TemporaryDirectory(prefix="ruhrkarte-state-") as state, \
            server([str(Path(sys.executable).parent / "ruhrkarte"), "serve", "--port", str(port)],
                   f"http://127.0.0.1:{port}/conformance", env={**os.environ, "RUHRKARTE_STATE_DIR": state}):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def snapshot():
    """The same server on the committed files without a store (bench/snapshot_server.py)."""
    port = free_port()
    with server([sys.executable, "-m", "bench.snapshot_server", str(port)], f"http://127.0.0.1:{port}/conformance"):
        yield f"http://127.0.0.1:{port}"


def store_vs_snapshot(rounds: int = 2) -> tuple[float, float]:
    """Items throughput of `ruhrkarte serve` (store attached) and of the snapshot, alternated so that
    a change in the machine's load hits both alike; the best round of each."""
    path = REQUESTS["items limit=10"][0]
    store_rps, snapshot_rps = [], []
    for _ in range(rounds):
        with ours() as base:
            store_rps.append(asyncio.run(drive(base, path, 20_000, 5))["rps"])
        with snapshot() as base:
            snapshot_rps.append(asyncio.run(drive(base, path, 20_000, 5))["rps"])
    return max(store_rps), max(snapshot_rps)


@contextmanager
def bare(body: bytes):
    """bench/bare.py on uvicorn, answering `body` to every request: what the stack itself can do."""
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="ruhrkarte-bare-") as handle:
        handle.write(body)
        handle.flush()
        with server([sys.executable, "-m", "uvicorn", "bench.bare:app", "--host", "127.0.0.1", "--port", str(port),
                     "--lifespan", "off", "--log-level", "warning"], f"http://127.0.0.1:{port}/",
                    {"BARE_BODY": handle.name}):
            yield f"http://127.0.0.1:{port}"


@contextmanager
def pygeoapi():
    try:
        import pygeoapi  # noqa: F401  (only checks that the bench extra is installed)
    except ImportError:
        raise SystemExit("pygeoapi is not installed: .venv/bin/pip install -e '.[bench]'") from None
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="ruhrkarte-pygeoapi-") as folder:
        config, openapi = Path(folder) / "config.yml", Path(folder) / "openapi.yml"
        config.write_text(PYGEOAPI_CONFIG.format(port=port, data=data_dir() / "boundaries" / "communes.geojson"))
        env = {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
        subprocess.run([str(Path(sys.executable).parent / "pygeoapi"), "openapi", "generate", str(config),
                        "--output-file", str(openapi)], env={**os.environ, **env}, check=True, capture_output=True)
        with server([sys.executable, "-m", "uvicorn", "pygeoapi.starlette_app:APP", "--host", "127.0.0.1",
                     "--port", str(port), "--log-level", "warning"], f"http://127.0.0.1:{port}/conformance?f=json", env):
            yield f"http://127.0.0.1:{port}"


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status (body read fully)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def drive(base: str, path: str, max_requests: int, max_seconds: float) -> dict:
    """CONCURRENCY keep-alive clients send GET base+path until max_requests or max_seconds; all must be 200.

    A minimal client on asyncio streams keeps the driver's own cost far below the servers'; it sends
    no Accept-Encoding, so neither server compresses.
    """
    host = base.removeprefix("http://")
    name, port = host.split(":")
    latencies: list[float] = []
    sent = 0
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal sent
        reader, writer = await asyncio.open_connection(name, int(port))
        try:
            while sent < max_requests and time.perf_counter() < deadline:
                sent += 1
                start = time.perf_counter()
                status = await _get(reader, writer, host, path)
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    raise SystemExit(f"{base}{path}: HTTP {status}")
        finally:
            writer.close()

    reader, writer = await asyncio.open_connection(name, int(port))
    await _get(reader, writer, host, path)  # warm-up: caches, lazy imports
    writer.close()
    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50_ms": statistics.median(ordered) * 1000, "p99_ms": ordered[int(0.99 * (len(ordered) - 1))] * 1000}


# The same request to each server, in its own spelling: (ours, pygeoapi, tipg).
REQUESTS = {
    "items limit=10": ("/collections/communes/items?limit=10", "/collections/communes/items?limit=10&f=json",
                       "/collections/public.communes/items?limit=10"),
    "one feature": ("/collections/communes/items/05913000", "/collections/communes/items/05913000?f=json",
                    "/collections/public.communes/items/05913000"),
    "bbox query": ("/collections/communes/items?bbox=7.3,51.4,7.5,51.6&limit=10",
                   "/collections/communes/items?bbox=7.3,51.4,7.5,51.6&limit=10&f=json",
                   "/collections/public.communes/items?bbox=7.3,51.4,7.5,51.6&limit=10"),
}
PEERS = ("pygeoapi", "tipg")


def planung_paths(base: str) -> list[str]:
    """Every /planung parameter combination, read from the server's own OpenAPI document."""
    parameters = {p["name"]: p["schema"] for p in httpx.get(f"{base}/api").json()["paths"]["/planung"]["get"]["parameters"]}
    k = parameters["k"]
    ks = k.get("enum") or range(k["minimum"], k["maximum"] + 1)
    return [f"/planung?measure={m}&scheme={s}&k={k}"
            for m in parameters["measure"]["enum"] for s in parameters["scheme"]["enum"] for k in ks]


async def under_planung_attack(base: str, path: str, seconds: float) -> tuple[dict, int]:
    """Normal traffic on `path` while one client cycles through every /planung combination (issue 8).

    The server is fresh, so the attacker's first cycle makes it render every page: the worst case."""
    host = base.removeprefix("http://")
    name, port = host.split(":")
    combos = planung_paths(base)
    stop = asyncio.Event()
    pages = 0

    async def attacker() -> None:
        nonlocal pages
        reader, writer = await asyncio.open_connection(name, int(port))
        try:
            while not stop.is_set():
                await _get(reader, writer, host, combos[pages % len(combos)])
                pages += 1
        finally:
            writer.close()

    attack = asyncio.create_task(attacker())
    normal = await drive(base, path, 10**9, seconds)
    stop.set()
    await attack
    return normal, pages


def line(name: str, who: str, figures: dict) -> None:
    print(f"{name:<16} {who:<9} {figures['rps']:>9.1f} req/s  p50 {figures['p50_ms']:>7.1f} ms  "
          f"p99 {figures['p99_ms']:>7.1f} ms  ({figures['requests']} requests)")


def main() -> None:
    if "--store-vs-snapshot" in sys.argv[1:]:  # only this comparison (a minute instead of several)
        attached, files = store_vs_snapshot()
        print(f"RESULT store_items_rps={attached:.0f} snapshot_items_rps={files:.0f} "
              f"store_share_of_snapshot={attached / files:.2f}")
        return
    results: dict[str, dict] = {}
    with ours() as base:
        for name, (path, _, _) in REQUESTS.items():
            results[(name, "ours")] = asyncio.run(drive(base, path, 20_000, 5))
        nearby = asyncio.run(drive(base, "/nearby?lat=51.5136&lon=7.4653&radius=10000", 20_000, 5))
        commune = asyncio.run(drive(base, "/communes/05913000", 20_000, 5))
        items_body = httpx.get(base + REQUESTS["items limit=10"][0]).content
    with bare(items_body) as base:
        ceiling = asyncio.run(drive(base, REQUESTS["items limit=10"][0], 50_000, 5))
    with ours() as base:
        attacked, planung_pages = asyncio.run(under_planung_attack(base, REQUESTS["items limit=10"][0], 20))
    attached, files = store_vs_snapshot()
    with pygeoapi() as base:
        for name, (_, path, _) in REQUESTS.items():
            results[(name, "pygeoapi")] = asyncio.run(drive(base, path, 2_000, 10))
    sizes = {"ours": len(items_body)}
    with tipg(server, free_port) as base:
        for name, (_, _, path) in REQUESTS.items():
            results[(name, "tipg")] = asyncio.run(drive(base, path, 20_000, 5))
        sizes["tipg"] = len(httpx.get(base + REQUESTS["items limit=10"][2]).content)
    print(f"{CONCURRENCY} concurrent clients, one uvicorn process per server, loopback")
    for name in REQUESTS:
        line(name, "ours", results[(name, "ours")])
        for peer in PEERS:
            line(name, peer, results[(name, peer)])
            print(f"{'':<16} ratio to {peer} {results[(name, 'ours')]['rps'] / results[(name, peer)]['rps']:.1f}x")
    print(f"{'':<16} items limit=10 bodies: ours {sizes['ours']:,} bytes, tipg {sizes['tipg']:,} bytes")
    line("/nearby", "ours", nearby)
    line("/communes/{ags}", "ours", commune)
    line("items, attacked", "ours", attacked)
    print(f"{'':<16} while one client fetched {planung_pages} /planung pages (every combination, fresh server)")
    line("items limit=10", "bare", ceiling)
    print(f"{'':<16} the same bytes from a minimal ASGI app on the same uvicorn: the ceiling of the stack")
    items_ours, items_theirs = results[("items limit=10", "ours")]["rps"], results[("items limit=10", "pygeoapi")]["rps"]
    items_tipg = results[("items limit=10", "tipg")]["rps"]
    print(f"RESULT ours_items_rps={items_ours:.0f} pygeoapi_items_rps={items_theirs:.1f} ratio={items_ours / items_theirs:.1f} "
          f"nearby_p99_ms={nearby['p99_ms']:.1f} commune_p99_ms={commune['p99_ms']:.1f} "
          f"planung_attack_items_p99_ms={attacked['p99_ms']:.1f} planung_attack_items_rps={attacked['rps']:.0f} "
          f"bare_items_rps={ceiling['rps']:.0f} share_of_bare={items_ours / ceiling['rps']:.2f} "
          f"tipg_items_rps={items_tipg:.0f} ratio_tipg={items_ours / items_tipg:.1f} "
          f"store_items_rps={attached:.0f} snapshot_items_rps={files:.0f} store_share_of_snapshot={attached / files:.2f}")


if __name__ == "__main__":
    main()
