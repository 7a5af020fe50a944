"""Every setting is validated once at start: a bad value is one line naming it, exit 2 (issue 8)."""
import pytest

from tests.cli_helpers import run_cli


@pytest.mark.parametrize("env, args, named", [
    ({"RUHRKARTE_PORT": "abc"}, ("serve",), "RUHRKARTE_PORT"),
    ({"RUHRKARTE_GRID_CELL_M": "0"}, ("communes",), "RUHRKARTE_GRID_CELL_M"),
    ({"RUHRKARTE_DISPLAY_TOLERANCE_M": "abc"}, ("communes",), "RUHRKARTE_DISPLAY_TOLERANCE_M"),
    ({"RUHRKARTE_MAX_LIMIT": "0"}, ("serve",), "RUHRKARTE_MAX_LIMIT"),
    ({"RUHRKARTE_WORKERS": "-2"}, ("serve",), "RUHRKARTE_WORKERS"),
    ({"RUHRKARTE_HEADER_TIMEOUT_S": "0"}, ("serve",), "RUHRKARTE_HEADER_TIMEOUT_S"),
    ({"RUHRKARTE_PUBLIC_URL": "ftp://example.org"}, ("serve",), "RUHRKARTE_PUBLIC_URL"),
    ({"RUHRKARTE_PROT": "8001"}, ("communes",), "unknown setting RUHRKARTE_PROT"),
    ({}, ("serve", "--port", "99999"), "--port"),
    ({}, ("serve", "--workers", "0"), "--workers"),
    ({}, ("maps", "build", "--out", "/proc/nope"), "/proc/nope"),
])
def test_bad_setting_is_one_line_and_exit_2(env, args, named):
    result = run_cli(*args, env=env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""

