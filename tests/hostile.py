"""A copy of the committed data with one site whose every text field is an XSS payload."""
import shutil
from pathlib import Path

import pandas as pd

from geo.manifest import write_manifest
from geo.settings import data_dir

PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">'
HOSTILE_SITE = "xss-1"


def hostile_data_copy(folder: Path) -> Path:
    """Copy data/ into folder and add site xss-1 in Dortmund named, addressed and sourced hostilely."""
    shutil.copytree(data_dir(), folder)
    path = folder / "programmes" / "sites.csv"
    sites = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = sites[sites["id"] == "iga-02"].iloc[0].copy()
    row["id"], row["name"], row["address"] = HOSTILE_SITE, PAYLOAD, PAYLOAD
    row["source"] = "javascript:window.__xss=2"
    row["lat"], row["lon"] = "51.5300", "7.4300"
    pd.concat([sites, row.to_frame().T]).to_csv(path, index=False)
    write_manifest(folder)  # sealed, as a curator would with `ruhrkarte data seal`
    return folder
