"""Run the installed `ruhrkarte` console script as a user would."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def ruhrkarte_executable() -> str:
    candidate = Path(sys.executable).parent / "ruhrkarte"
    return str(candidate) if candidate.exists() else shutil.which("ruhrkarte")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ruhrkarte_executable(), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def run_json(*args: str):
    result = run_cli(*args, "--json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)
