"""Scalars from numpy/pandas as plain JSON values: the one place NaN becomes null."""
import math


def plain(value):
    """numpy/pandas scalars -> Python values; NaN, infinities and pandas' NA -> None."""
    if value is None or value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
