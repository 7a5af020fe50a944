"""A small HTTP server on a free loopback port, standing in for an outside service in a test
(a tile server, a package registry): it answers GET with what `answer` returns for the path."""
from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# (status, content type, body) for a path and the server's port
Answer = Callable[[str, int], tuple[int, str, bytes]]


@contextmanager
def loopback_server(answer: Answer) -> Iterator[http.server.ThreadingHTTPServer]:
    """Serve on 127.0.0.1 until the block ends; `server.asked` lists the paths asked, in order."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            status, content_type, body = answer(self.path, self.server.server_address[1])
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.asked = asked
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
