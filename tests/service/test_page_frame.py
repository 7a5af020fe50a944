"""The frame of every HTML page (maps/frame.py) as served: language, one main, one h1, a viewport
that allows zooming, the skip link as the first focusable element, content inside landmarks."""
from html.parser import HTMLParser

import pytest

from tests.html_pages import HTML_PAGES, LIBRARY_PAGES, needs_session
from tests.service.editing import signed_in

FOCUSABLE = {"a", "button", "input", "select", "textarea"}
LANDMARKS = {"main", "header", "footer", "nav", "aside"}


class Outline(HTMLParser):
    """The few facts of a page the frame is about, from its HTML."""

    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.counts: dict[str, int] = {}
        self.viewports: list[str] = []
        self.first_focusable: dict | None = None
        self.main_id = None
        self.open: list[str] = []
        self.text_outside_landmarks: list[str] = []
        self.empty_headers = 0
        self._th_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "meta" and attrs.get("name") == "viewport":
            self.viewports.append(attrs.get("content", ""))
        if tag == "main":
            self.main_id = attrs.get("id")
        if self.first_focusable is None and "body" in self.open and (
                tag in FOCUSABLE and (tag != "a" or "href" in attrs) and attrs.get("type") != "hidden"
                or attrs.get("tabindex", "-1") != "-1"):
            self.first_focusable = {"tag": tag, **attrs}
        if tag == "th":
            self._th_text = []
        if tag not in ("meta", "link", "input", "br", "img"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "th" and self._th_text is not None:
            self.empty_headers += not "".join(self._th_text).strip()
            self._th_text = None
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._th_text is not None:
            self._th_text.append(data)
        inside_body = "body" in self.open and not {"script", "style"} & set(self.open)
        if inside_body and data.strip() and not LANDMARKS & set(self.open):
            self.text_outside_landmarks.append(data.strip())


@pytest.fixture
def visitor(request, client):
    """The client that may see a page: the public one, or a signed-in browser on a store for /ebenen."""
    def of(path: str):
        return signed_in(request.getfixturevalue("editing"), "dora") if needs_session(path) else client
    return of


def outline(client, path: str) -> Outline:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html"), path
    parsed = Outline()
    parsed.feed(response.text)
    return parsed


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_page_is_german_with_one_main_and_one_h1(visitor, path):
    page = outline(visitor(path), path)
    assert page.html_lang == "de"
    assert page.counts.get("main") == 1 and page.main_id == "inhalt"
    assert page.counts.get("h1") == 1


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_page_can_be_zoomed(visitor, path):
    page = outline(visitor(path), path)
    assert len(page.viewports) == 1, page.viewports
    assert "width=device-width" in page.viewports[0]
    assert "user-scalable" not in page.viewports[0] and "maximum-scale" not in page.viewports[0]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_the_skip_link_is_the_first_focusable_element(visitor, path):
    page = outline(visitor(path), path)
    assert page.first_focusable == {"tag": "a", "class": "rk-skip", "href": "#inhalt"}


@pytest.mark.parametrize("path", HTML_PAGES)
def test_all_text_is_inside_landmarks_and_no_table_header_is_empty(visitor, path):
    page = outline(visitor(path), path)
    assert page.text_outside_landmarks == ["Zum Inhalt springen"]  # the skip link comes before main by design
    assert page.empty_headers == 0


def test_english_pages_say_so(client):
    page = outline(client, "/karte?lang=en")
    assert page.html_lang == "en"
    assert page.text_outside_landmarks == ["Skip to content"]


@pytest.mark.parametrize("path", LIBRARY_PAGES)
def test_the_api_documentation_has_the_frame_around_swagger_ui(client, path):
    page = outline(client, path)
    assert page.html_lang == "de" and page.counts.get("h1") == 1 and page.counts.get("main") is None  # Swagger UI brings main
    assert page.first_focusable == {"tag": "a", "class": "rk-skip", "href": "#operations"}
    assert len(page.viewports) == 1 and "user-scalable" not in page.viewports[0]
    assert '<div id="swagger-ui" lang="en">' in client.get(path).text  # Swagger UI speaks English
