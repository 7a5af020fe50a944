"""Edit a copy of the committed CSV data the way a careless contributor might."""
import pandas as pd


def edit_csv(path, key: str, changes: dict) -> None:
    """Set {(key value, column): new value} in the CSV at path."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for (value, column), new in changes.items():
        frame.loc[frame[key] == value, column] = new
    frame.to_csv(path, index=False)
