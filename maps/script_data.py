"""Data handed to page scripts as JSON that cannot close a <script> element or inject markup."""
import json

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """JSON for embedding inside <script>: '<', '>' and '&' escaped, so data stays data."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for raw, escaped in _UNSAFE.items():
        text = text.replace(raw, escaped)
    return text
