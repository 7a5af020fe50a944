"""A real `ruhrkarte serve` process survives clients that hang up, idle or drip-feed (issue 8)."""
import json
import socket
import struct
import time

import pytest

from tests.e2e.server_process import ServerProcess

HANG_UP_PATHS = ["/", "/karte", "/communes/05911000", "/collections/sites/items?limit=1000",
                 "/collections/communes/items?limit=1000&crs=http://www.opengis.net/def/crs/EPSG/0/25832",
                 "/collections/communes/items?f=gpkg"]
# Pages not yet rendered: the client is gone long before the first byte is written (a browser
# navigating away); the server's second write to such a socket raises SIGPIPE.
SLOW_PATHS = [f"/planung?measure=sites_total&scheme={scheme}&k={k}"
              for scheme in ("quantiles", "equal_interval") for k in range(3, 8)]


def hang_up(port: int, path: str, how: str) -> None:
    """Send a request and go away: at once, after the first byte, or with a reset (as curl -m 0.05 does)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    if how == "reset":  # close with RST: the server's next write fails at once (EPIPE/ECONNRESET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n".encode())
    if how == "first-byte":
        sock.recv(1)
    sock.close()


@pytest.fixture(scope="module")
def server():
    with ServerProcess(env={"RUHRKARTE_HEADER_TIMEOUT_S": "1", "RUHRKARTE_KEEP_ALIVE_S": "1"}) as process:
        yield process


def test_server_survives_twenty_hang_ups_per_path(server):
    for path in HANG_UP_PATHS:
        for attempt in range(20):
            hang_up(server.port, path, ("reset", "first-byte", "at-once")[attempt % 3])
        time.sleep(0.2)
        assert server.process.poll() is None, f"server died after hang-ups on {path}"
    for path in SLOW_PATHS:
        hang_up(server.port, path, "at-once")
        time.sleep(0.4)
        assert server.process.poll() is None, f"server died after a hang-up on {path}"
    status, body = server.get("/collections/sites/items?limit=5")
    assert status == 200 and json.loads(body)["numberReturned"] == 5
    assert server.process.poll() is None


def closed_by_server(sock: socket.socket, drip: bytes = b"") -> bool:
    """True when the server closes the connection; bytes of `drip` are sent one every 0.2 s meanwhile."""
    sock.settimeout(0.2)
    for position in range(100):  # 20 s at most: far beyond the configured 1 s header deadline
        if drip:
            try:
                sock.send(drip[position % len(drip):position % len(drip) + 1])
            except OSError:
                return True
        try:
            if sock.recv(1024) == b"":
                return True
        except socket.timeout:
            continue
        except OSError:
            return True
    return False


def test_connection_that_sends_nothing_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        assert closed_by_server(sock)


def test_connection_that_drip_feeds_its_headers_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")
        assert closed_by_server(sock, drip=b"X-Slow: a\r\n")


def test_idle_keep_alive_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /conformance HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.settimeout(5)
        assert b"200 OK" in sock.recv(65536)
        assert closed_by_server(sock)
