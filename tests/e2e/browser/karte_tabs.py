"""Browser contexts for /karte as people use it: a desktop (1366x768) or a phone (390x844)."""
from __future__ import annotations

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def new_context(browser, viewport, **options):
    phone = viewport == PHONE
    return browser.new_context(viewport=viewport, locale="de-DE", is_mobile=phone, has_touch=phone, **options)
