"""The fast split of an upload's multipart body gives exactly the form Starlette's parser
(python-multipart) gives, or steps aside (None) and lets that parser decide."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from service.multipart_form import fast_form

BOUNDARY = b"b0undary7f3a"
CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY.decode()
LIMITS = {"max_files": 1, "max_fields": 4}


def _run(coroutine):
    """The coroutine on an event loop of its own, on a thread of its own: a browser test earlier in
    the same pytest worker leaves Playwright's loop running on this thread (asyncio.run refuses then)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _starlette(body: bytes, content_type: str) -> list[tuple] | str:
    """What Starlette's form parser makes of the body (or the refusal), in comparable terms."""
    async def parse():
        async def stream():
            yield body
        form = await MultiPartParser(Headers({"content-type": content_type}), stream(), **LIMITS).parse()
        return [await _comparable(item) for item in form.multi_items()]
    try:
        return _run(parse())
    except MultiPartException as error:
        return f"refused: {error}"


async def _comparable(item: tuple[str, str | UploadFile]) -> tuple:
    name, value = item
    if isinstance(value, str):
        return name, "field", value
    return name, "file", value.filename, value.headers.raw, value.size, await value.read()


def _fast(body: bytes, content_type: str = CONTENT_TYPE) -> list[tuple] | None:
    form = fast_form(body, content_type, **LIMITS)
    if form is None:
        return None
    assert isinstance(form, FormData)
    return _run(_all(form))


async def _all(form: FormData) -> list[tuple]:
    return [await _comparable(item) for item in form.multi_items()]


def test_the_bodies_of_httpx_and_browsers_take_the_fast_path():
    content = b"id;lat;lon\r\n1;51,5;7,2\r\n" + b"\r\n--" + BOUNDARY[:-1] + b"x\r\n--almost\r\n"
    request = httpx.Request("POST", "http://127.0.0.1/layers", files={"file": ("a.csv", content, "text/csv")},
                            data={"title": "Spielplätze", "csrf": "t0k3n"})
    body, content_type = request.read(), request.headers["content-type"]
    fast = _fast(body, content_type)
    assert fast is not None and fast == _starlette(body, content_type)
    assert [item[:2] for item in fast] == [("title", "field"), ("csrf", "field"), ("file", "file")]
    assert fast[2][3] == [(b"content-disposition", b'form-data; name="file"; filename="a.csv"'),
                          (b"content-type", b"text/csv")] and fast[2][5] == content
    browser = (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="file"; filename="Ma\xc3\x9fnahmen.csv"\r\n'
               b"Content-Type: text/csv\r\n\r\nx;y\r\n--" + BOUNDARY + b'\r\nContent-Disposition: form-data; '
               b'name="title"\r\n\r\nFl\xc3\xa4chen\r\n--' + BOUNDARY + b"--\r\n")
    assert _fast(browser) == _starlette(browser, CONTENT_TYPE) == [
        ("file", "file", "Maßnahmen.csv", [(b"content-disposition", b'form-data; name="file"; '
                                           b'filename="Ma\xc3\x9fnahmen.csv"'), (b"content-type", b"text/csv")],
         3, b"x;y"), ("title", "field", "Flächen")]


def test_other_shapes_are_left_to_starlette():
    part = b'Content-Disposition: form-data; name="title"\r\n\r\nT\r\n--' + BOUNDARY
    for body in (b"preamble\r\n--" + BOUNDARY + b"\r\n" + part + b"--",       # a preamble
                 b"--" + BOUNDARY + b"\r\n" + part,                             # no closing boundary
                 b"--" + BOUNDARY + b"\r\n" + part + b" \r\n" + part + b"--",   # padding after a boundary
                 b"--" + BOUNDARY + b"\r\n" + part + b"--epilogue"):            # an epilogue
        assert _fast(body) is None
    assert _fast(b"--" + BOUNDARY + b"\r\n" + part + b"--", CONTENT_TYPE + "; charset=latin-1") is None
    too_many = b"--" + BOUNDARY + b"\r\n" + b"\r\n".join([part] * 5) + b"--"
    assert _fast(too_many) is None and _starlette(too_many, CONTENT_TYPE).startswith("refused: Too many fields")



def test_part_headers_that_python_multipart_refuses_are_refused_not_taken_apart():
    """A bare carriage return inside a header line, or nine header lines in one part: python-multipart
    refuses the body, so the fast path must leave it to that refusal instead of returning a form."""
    def body(*headers: bytes) -> bytes:
        return (b"--" + BOUNDARY + b"\r\n" + b"\r\n".join(headers) + b"\r\n\r\nSpielpl\xc3\xa4tze\r\n--" + BOUNDARY
                + b"--\r\n")
    disposition = b'Content-Disposition: form-data; name="title"'
    for hostile in (body(disposition, b"X-Extra: a\rContent-Type: text/html"),
                    body(b"Content-Disposition: form-data;\r name=\"title\""),
                    body(disposition, *(b"X-Extra-%d: v" % number for number in range(8)))):
        assert _starlette(hostile, CONTENT_TYPE) == "refused: Invalid multipart data."
        assert _fast(hostile) is None
    eight = body(disposition, *(b"X-Extra-%d: v" % number for number in range(7)))  # the most python-multipart takes
    assert _fast(eight) == _starlette(eight, CONTENT_TYPE) == [("title", "field", "Spielpl\u00e4tze")]


def test_a_file_named_with_a_time_of_day_takes_the_fast_path():
    """A colon in the file name ("Zählung 12:30.csv", as a logger names its exports) is part of the header
    value, not the end of the header's name."""
    name = "Zählung 12:30.csv".encode()
    body = (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
            b"Content-Type: text/csv\r\n\r\nid;lat;lon\r\n--" + BOUNDARY + b"--\r\n")
    fast = _fast(body)
    assert fast is not None and fast == _starlette(body, CONTENT_TYPE)
    assert fast[0][:3] == ("file", "file", "Zählung 12:30.csv")


def _part(disposition: bytes, data: bytes, *headers: bytes) -> bytes:
    return b"\r\n".join((b"Content-Disposition: form-data; " + disposition, *headers)) + b"\r\n\r\n" + data


def _body(*parts: bytes) -> bytes:
    return b"--" + BOUNDARY + b"\r\n" + (b"\r\n--" + BOUNDARY + b"\r\n").join(parts) + b"\r\n--" + BOUNDARY + b"--\r\n"


def test_a_large_file_before_the_most_fields_allowed_takes_the_fast_path():
    """A browser sends the parts in the form's order: a 1.5 MB file first, then four fields (the limit).
    Only a field's own bytes count against the part limit, not where it lies in the body."""
    content = b"id;lat;lon\r\n" + b"1;51,5;7,2\r\n" * 130_000
    fields = [_part(b'name="%s"' % name, value) for name, value in
              ((b"title", b"Spielpl\xc3\xa4tze"), (b"csrf", b"t0k3n"), (b"description", b""), (b"source", b"Stadt"))]
    body = _body(_part(b'name="file"; filename="spielplaetze.csv"', content, b"Content-Type: text/csv"), *fields)
    fast = _fast(body)
    assert fast is not None and fast == _starlette(body, CONTENT_TYPE)
    assert [item[0] for item in fast] == ["file", "title", "csrf", "description", "source"] and fast[0][5] == content


def test_two_files_where_one_is_allowed_are_refused_as_starlette_refuses_them():
    body = _body(_part(b'name="file"; filename="a.csv"', b"x;y"), _part(b'name="file"; filename="b.csv"', b"x;y"),
                 _part(b'name="title"', b"Zwei"))
    assert _starlette(body, CONTENT_TYPE).startswith("refused: Too many files")
    assert _fast(body) is None


def test_a_multipart_body_of_another_kind_is_not_taken_for_a_form():
    body = _body(_part(b'name="title"', b"Mail"))
    assert _fast(body, "multipart/mixed; boundary=" + BOUNDARY.decode()) is None
    assert _fast(body, "multipart/form-data-x; boundary=" + BOUNDARY.decode()) is None


def test_the_header_values_of_a_part_are_kept_as_sent_after_the_spaces():
    """curl -F 'file=@plan.gml;headers=...': a tab after the colon and a value beginning with X stay."""
    body = _body(_part(b'name="file"; filename="plan.gml"', b"<gml/>", b"Content-Type:\tapplication/gml+xml",
                       b"X-Quelle: XPlanung 6.0"), _part(b'name="title"', b"Bebauungsplan"))
    fast = _fast(body)
    assert fast is not None and fast == _starlette(body, CONTENT_TYPE)
    assert fast[0][3][1:] == [(b"content-type", b"\tapplication/gml+xml"), (b"x-quelle", b"XPlanung 6.0")]

# Parts from pieces that stress the parser: CR/LF, hyphens, the boundary and near-misses in the data,
# header variants (spaces, case, other headers, odd characters, no name), fields and files.
DATA = st.lists(st.sampled_from([b"a", b"\xc3\xa4", b"\xff", b"\r", b"\n", b"\r\n", b"-", b"--", b" ", b'"', b";",
                                 BOUNDARY, b"\r\n--" + BOUNDARY[:-2], b"\r\n--" + BOUNDARY + b"x", b"\r\n--x"]),
                max_size=12).map(b"".join)
NAME = st.sampled_from([b"title", b"file", b"csrf", b"t\xc3\xa4tel", b"a b", b""])
HEADER = st.sampled_from([b"Content-Type: text/csv", b"content-type:text/plain", b"X-Extra:  spaced ",
                          b"Bad Header: x", b"NoColon", b"Content-Disposition: attachment; name=other",
                          b":empty", b"X: a\nb"])


@st.composite
def bodies(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        disposition = b"Content-Disposition: form-data"
        if draw(st.booleans()) or not parts:
            disposition += b'; name="' + draw(NAME) + b'"'
        if draw(st.booleans()):
            disposition += b'; filename="' + draw(st.sampled_from([b"a.csv", b"", b"\xc3\xbc.csv"])) + b'"'
        headers = [disposition] + draw(st.lists(HEADER, max_size=2))
        if draw(st.booleans()):
            headers.reverse()
        parts.append(b"\r\n".join(headers) + b"\r\n\r\n" + draw(DATA))
    ending = draw(st.sampled_from([b"--", b"--\r\n", b"", b"--tail", b" \r\n"]))
    body = b"--" + BOUNDARY + b"\r\n" + (b"\r\n--" + BOUNDARY + b"\r\n").join(parts) + b"\r\n--" + BOUNDARY + ending
    cut = draw(st.one_of(st.none(), st.integers(0, len(body))))
    return body if cut is None else body[:cut]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_the_fast_path_gives_what_starlette_gives(body):
    fast = _fast(body)
    if fast is not None:
        assert fast == _starlette(body, CONTENT_TYPE)
