"""Where the data lives; overridable by environment variable for tests and deployments."""
import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """RUHRKARTE_DATA_DIR, or the data/ folder committed beside the packages."""
    return Path(os.environ.get("RUHRKARTE_DATA_DIR", PACKAGE_ROOT / "data"))
