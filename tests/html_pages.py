"""The HTML pages every page-frame and accessibility test visits: one list, so a new page (the
commune index /gemeinden, a Kreis page) is covered by adding it here."""

HTML_PAGES = [
    "/?f=html",                                   # the landing page as a browser gets it
    "/karte",
    "/gemeinden",                                 # the commune index
    "/gemeinden/05913000",                        # a commune page (Dortmund)
    "/kreise/05978",                              # a Kreis page (Kreis Unna)
    "/planung",
    "/collections?f=html",
    "/collections/sites/items?f=html",
    "/collections/communes/items/05914000?f=html",
    "/summaries?f=html",
    "/ebenen",                                    # the planners' upload page (visited signed in)
]
# Pages that need a signed-in browser session: the tests sign in first (an account with a store).
SIGNED_IN_PAGES = {"/ebenen"}


def needs_session(path: str) -> bool:
    return path.split("?")[0] in SIGNED_IN_PAGES
# Pages whose content comes from a library we do not write (Swagger UI); checked where they can be.
LIBRARY_PAGES = ["/api.html"]
