"""`make mutation`: run mutmut, then print the score per module and the survivors, without the listed equivalents.

    python tools/mutation.py                      # every module of [tool.mutmut] only_mutate
    python tools/mutation.py 'geo.portfolio.*'    # one module (mutmut's mutant-name pattern)
    python tools/mutation.py --report-only        # the report of the results kept in mutants/

Named patterns make mutmut test every matching mutant again (it would otherwise keep old verdicts
after the tests changed); its one-line-per-mutant listing is left out of the output.
mutmut keeps its results in mutants/. Mutants that cannot change behaviour are listed once, each
with its reason, in mutation-equivalents.toml; they are matched by function and by the changed
line (not by mutmut's number, which shifts when a function changes), so the list stays valid
while the code around them evolves. An entry that matches no mutant any more is reported as
stale. Run from the repository root with the Python that has the `dev` extra installed.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.file_utils import walk_mutatable_files
from mutmut.utils.format_utils import CLASS_NAME_SEPARATOR

EQUIVALENTS = Path("mutation-equivalents.toml")
MAX_CHILDREN = 2  # the development machine has 2 shared cores
GOAL = 90.0
DETECTED = {"killed", "timeout", "segfault", "caught by type check"}


def changed_lines(diff: str) -> str:
    """The mutated line(s) of a mutmut diff, stripped: what the equivalents file quotes."""
    return "\n".join(line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++"))


def function_of(mutant: str) -> str:
    """'geo.portfolio.x__rank__mutmut_3' -> 'geo.portfolio._rank' (methods: Class.method)."""
    mangled = mutant.partition("__mutmut_")[0]
    module, _, name = mangled.rpartition(".")
    if name.startswith("x_"):
        return f"{module}.{name[2:]}"
    _, cls, method = name.split(CLASS_NAME_SEPARATOR)
    return f"{module}.{cls}.{method}"


def load_equivalents() -> list[dict]:
    if not EQUIVALENTS.exists():
        return []
    entries = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8")).get("equivalent", [])
    for entry in entries:
        missing = {"function", "change", "reason"} - set(entry)
        if missing:
            sys.exit(f"{EQUIVALENTS}: entry {entry} lacks {', '.join(sorted(missing))}")
        entry["change"] = "\n".join(line.strip() for line in entry["change"].strip().splitlines())
    return entries


def default_patterns() -> list[str]:
    """[tool.mutmut] only_mutate as mutant-name patterns: 'geo/*' -> 'geo.*', 'service/crs.py' -> 'service.crs.*'."""
    globs = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]
    return [re.sub(r"\.py$", "", glob).replace("/", ".").removesuffix(".*") + ".*" for glob in globs]


def run_mutmut(patterns: list[str], max_children: int) -> int:
    """mutmut run, streaming its progress but not its one-line-per-mutant listing."""
    mutmut = Path(sys.executable).parent / "mutmut"
    process = subprocess.Popen([str(mutmut), "run", "--max-children", str(max_children), *patterns],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pending = b""
    while chunk := os.read(process.stdout.fileno(), 4096):
        *pieces, pending = re.split(rb"(?<=[\r\n])", pending + chunk)
        for piece in pieces:
            if b"__mutmut_" not in piece:
                sys.stdout.buffer.write(piece)
        sys.stdout.flush()
    sys.stdout.buffer.write(pending)
    return process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="*", help="mutant-name patterns, e.g. 'geo.portfolio.*' (default: all)")
    parser.add_argument("--report-only", action="store_true", help="only report the results kept in mutants/")
    parser.add_argument("--max-children", type=int, default=MAX_CHILDREN)
    arguments = parser.parse_args()
    if not arguments.report_only:
        code = run_mutmut(arguments.patterns or default_patterns(), arguments.max_children)
        if code != 0:
            print(f"mutmut run failed (exit {code})", file=sys.stderr)
            return code
    report()
    return 0


def report() -> None:
    equivalents = load_equivalents()
    listed_functions = {e["function"] for e in equivalents}
    used: set[int] = set()
    checked_functions: set[str] = set()
    rows = []
    survivors: list[tuple[str, str, str]] = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        counts: dict[str, int] = defaultdict(int)
        for mutant, exit_code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[exit_code]
            if status == "not checked":
                counts["not checked"] += 1
                continue
            checked_functions.add(function_of(mutant))
            detected = status in DETECTED
            if not detected or function_of(mutant) in listed_functions:
                change = changed_lines(get_diff_for_mutant(mutant, path=path))
                match = next((i for i, e in enumerate(equivalents)
                              if e["function"] == function_of(mutant) and e["change"] == change), None)
                if match is not None:
                    used.add(match)
                    counts["equivalent"] += 1
                    continue
            if detected:
                counts["killed"] += 1
                counts["timeout"] += status == "timeout"
            else:
                counts["survived"] += 1
                survivors.append((str(path), mutant, status))
        tested = counts["killed"] + counts["survived"]
        if tested or counts["equivalent"] or counts["not checked"]:
            rows.append((str(path), counts, 100.0 * counts["killed"] / tested if tested else None))

    print(f"\n{'module':28} {'mutants':>7} {'equiv.':>6} {'killed':>6} {'surv.':>5} {'score':>7}  (killed includes timeouts)")
    unchecked_modules = [path for path, counts, score in rows if score is None and not counts["equivalent"]]
    for path, counts, score in rows:
        if path in unchecked_modules:
            continue
        total = counts["killed"] + counts["survived"] + counts["equivalent"]
        shown = f"{score:6.1f}%" if score is not None else "      -"
        flag = "" if score is None or score >= GOAL else f"  < {GOAL:.0f} %"
        unchecked = f"  ({counts['not checked']} not checked)" if counts["not checked"] else ""
        timeouts = f"  ({counts['timeout']} timeouts)" if counts["timeout"] else ""
        print(f"{path:28} {total:7d} {counts['equivalent']:6d} {counts['killed']:6d} {counts['survived']:5d} {shown}{flag}"
              f"{timeouts}{unchecked}")
    killed = sum(c["killed"] for _, c, _ in rows)
    tested = killed + sum(c["survived"] for _, c, _ in rows)
    if tested:
        print(f"{'all':28} {'':7} {sum(c['equivalent'] for _, c, _ in rows):6d} {killed:6d} {tested - killed:5d} "
              f"{100.0 * killed / tested:6.1f}%")

    if unchecked_modules:
        print(f"(not run yet: {', '.join(sorted(unchecked_modules))})")
    if survivors:
        print(f"\nSurvivors ({len(survivors)}): `.venv/bin/mutmut show NAME` shows one in full")
        for path, mutant, status in survivors:
            diff = get_diff_for_mutant(mutant, path=path).splitlines()
            change = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            print(f"  {mutant} ({status})")
            for line in change:
                print(f"      {line.strip()}")
    stale = [e for i, e in enumerate(equivalents) if i not in used]
    stale = [e for e in stale if e["function"] in checked_functions]
    if stale:
        print(f"\nStale entries in {EQUIVALENTS} (they match no mutant; update or remove them):")
        for entry in stale:
            print(f"  {entry['function']}: {entry['change']!r}")


if __name__ == "__main__":
    sys.exit(main())
