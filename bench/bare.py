"""The ceiling of this server stack: a minimal ASGI app on the same uvicorn that answers every
request with the same pre-serialised bytes (read from the file named by BARE_BODY)."""
import os
from pathlib import Path

BODY = Path(os.environ["BARE_BODY"]).read_bytes()
HEADERS = [(b"content-type", b"application/geo+json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
