"""Page benchmark: bytes transferred and first render of the citizens' map in headless Chromium.

Starts Ruhrkarte on loopback, loads /karte with an empty cache RUNS times, sums what was
transferred (bodies as sent, compressed where the server compressed them, plus headers) and times
the first render: from navigation start until the map objects exist and all 53 commune boundaries
are drawn. The plain API landing page, loaded the same way, is the reference in the same run.
Usage (from the repository root): python -m bench.pages [--runs N]
"""
from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

from tests.e2e.browser.harness import CHROMIUM_FLAGS, LiveServer, chromium_path  # the same server the browser tests use

RENDERED = "window.ruhrkarte !== undefined && document.querySelectorAll('path.leaflet-interactive').length >= 53"


def load(browser, url: str, ready: str) -> tuple[int, float]:
    """(bytes transferred, ms from navigation start until `ready` holds) with a fresh cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_function(ready)
    render_ms = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    transferred = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished)
    context.close()
    return transferred, render_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    chromium = chromium_path()
    with LiveServer() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        load(browser, f"{server.url}/karte", RENDERED)  # the server renders and caches the page once
        karte = [load(browser, f"{server.url}/karte", RENDERED) for _ in range(args.runs)]
        reference = [load(browser, f"{server.url}/?f=html", "document.readyState === 'complete'") for _ in range(args.runs)]
        browser.close()
    karte_bytes = karte[-1][0]
    karte_ms = statistics.median(ms for _, ms in karte)
    reference_ms = statistics.median(ms for _, ms in reference)
    print(f"/karte: {karte_bytes / 1024:.0f} KiB transferred, first render {karte_ms:.0f} ms "
          f"(median of {args.runs}, each with an empty cache; range {min(ms for _, ms in karte):.0f}-{max(ms for _, ms in karte):.0f} ms)")
    print(f"reference, API landing page (plain HTML): {reference[-1][0] / 1024:.1f} KiB, {reference_ms:.0f} ms; "
          f"ratio {karte_ms / reference_ms:.1f}x")
    print(f"RESULT karte_bytes={karte_bytes} karte_first_render_ms={karte_ms:.0f}")


if __name__ == "__main__":
    main()
