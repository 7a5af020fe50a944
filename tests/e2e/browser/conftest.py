"""A real server on loopback and Debian's Chromium driven by Playwright; nothing leaves the machine."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.browser.harness import (
    ARTIFACTS,
    CHROMIUM_FLAGS,
    LiveServer,
    chromium_path,
)
from tests.e2e.browser.karte_tabs import DESKTOP, new_context


@pytest.fixture(scope="session")
def live_server():
    with LiveServer() as server:
        yield server


@pytest.fixture(scope="session")
def layers_server(repo, tmp_path_factory):
    """A server on the living data of its own store, with the accounts of tests/service/editing.py."""
    from tests.service.editing import seeded_folder

    with LiveServer(state_dir=seeded_folder(repo, tmp_path_factory.mktemp("layers-state"))) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class PageWatch:
    """Console errors, page errors, dialogs and every request that tried to leave loopback."""

    def __init__(self):
        self.errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE")
    watch = PageWatch()

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:", "file:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            watch.external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("console", lambda message: watch.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: watch.errors.append(str(error)))
    tab.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    tab.watch = watch
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert watch.external == [], f"requests left loopback: {watch.external}"
    assert watch.errors == [], f"console errors: {watch.errors}"
    assert watch.dialogs == [], f"dialogs opened: {watch.dialogs}"


@pytest.fixture
def open_karte(browser, live_server, request):
    """open_karte(viewport, **context options) -> a tab on /karte; console errors and requests
    leaving loopback fail the test; a screenshot of the last state is kept."""
    opened = []

    def open_(viewport=DESKTOP, **options):
        context = new_context(browser, viewport, **options)
        errors, external = [], []

        def guard(route):
            if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
                route.continue_()
            else:
                external.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        tab = context.new_page()
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"{live_server.url}/karte")
        tab.wait_for_function("() => window.ruhrkarte !== undefined")
        opened.append((context, tab, errors, external))
        return tab

    yield open_
    for number, (context, tab, errors, external) in enumerate(opened):
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"karte-{request.node.name}-{number}.png"))
        context.close()
        assert errors == [] and external == [], (errors, external)
