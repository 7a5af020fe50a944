"""store/ sits beside maps/ above geo/: it imports geo, never maps or service (architecture.md)."""
import ast
from pathlib import Path

STORE = Path(__file__).resolve().parents[2] / "store"


def test_store_imports_neither_maps_nor_service():
    offenders = []
    for path in STORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("maps", "service", "fastapi")]
    assert offenders == []
    assert len(list(STORE.rglob("*.py"))) > 10
