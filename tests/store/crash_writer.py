"""Child process of the crash test: creates sites one by one and prints each id once its write returned.

Usage: python -m tests.store.crash_writer SQLITE_FILE
"""
import sys

from geo.boundaries import load_region
from geo.geocoder import Geocoder
from geo.settings import COMMITTED_DATA
from store import Put, open_store
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_POINT, SOURCE, new_site


def main(path: str) -> None:
    region = load_region(COMMITTED_DATA)
    store = open_store(f"sqlite:///{path}", COMMITTED_DATA, region, Geocoder(region.communes))
    number = 0
    while True:
        number += 1
        key = f"crash-{number}"
        store.apply(Put("sites", key, new_site(key, DORTMUND, DORTMUND_POINT, name=f"Standort {number}"), None,
                        "Lasttest", SOURCE), CURATOR)
        print(f"ACK {key}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
