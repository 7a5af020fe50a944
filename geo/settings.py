"""Where the committed files live. Runtime configuration is service/settings.py, passed down as values."""
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
COMMITTED_DATA = PACKAGE_ROOT / "data"


def data_dir() -> Path:
    """The data/ folder committed beside the packages (the default data folder)."""
    return COMMITTED_DATA
