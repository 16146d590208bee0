"""Print mutmut's score for one part of the code, and every mutant that was not killed.

`make mutation` calls it after `mutmut run`, once per part (mutant-name prefix); mutants not run
(`make mutation MUTANTS=...`) stay "not checked" and are left out of the score.
Reads mutmut's own result files (mutants/**/*.py.meta); exit codes as in mutmut.stats. A
survivor whose change is listed in scripts/mutation_equivalent.txt is reported as explained.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3}
SURVIVED = {0}
TIMEOUT = {36, 24, -24, 152, 255}
NO_TESTS = {5, 33}
EXPLAINED = Path(__file__).with_name("mutation_equivalent.txt")


def status(exit_code: int | None) -> str:
    if exit_code is None:
        return "not checked"
    if exit_code in KILLED:
        return "killed"
    if exit_code in SURVIVED:
        return "survived"
    if exit_code in TIMEOUT:
        return "timeout"
    if exit_code in NO_TESTS:
        return "no tests"
    return f"other (exit {exit_code})"


def explained() -> dict[tuple[str, str], str]:
    """(function, changed line) -> why, from mutation_equivalent.txt."""
    found = {}
    for line in EXPLAINED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            function, rest = line.split(" | ", 1)
            change, why = rest.rsplit(" | ", 1)  # a changed line may hold " | " (a type union)
            function, change, why = function.strip(), change.strip(), why.strip()
            found[(function, change)] = why
    return found


def why_equivalent(name: str, known: dict[tuple[str, str], str]) -> str | None:
    function = name.rsplit("__mutmut_", 1)[0]
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name],
                           capture_output=True, text=True, check=False).stdout
    added = [line[1:].strip() for line in shown.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    reasons = [known.get((function, change)) for change in added]
    return reasons[0] if len(added) == 1 and reasons[0] else None


def main(prefix: str, folder: str = "mutants") -> int:
    results: dict[str, str] = {}
    for meta in sorted(Path(folder).rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        results.update({name: status(code) for name, code in codes.items() if name.startswith(prefix)})
    known = explained()
    for name, result in sorted(results.items()):
        if result == "survived" and (why := why_equivalent(name, known)):
            results[name] = "explained"
            print(f"    {name}: survived, equivalent ({why})")
        elif result not in ("killed", "not checked"):
            print(f"    {name}: {result}")
    counts = Counter(results.values())
    checked = sum(n for s, n in counts.items() if s != "not checked")
    if not checked:
        print(f"no mutant of {prefix} was checked; run mutmut first")
        return 1
    others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())
                       if s not in ("killed", "not checked", "explained"))
    print(f"mutation score for {prefix}*: {counts['killed']}/{checked} killed "
          f"({100 * counts['killed'] / checked:.1f} %); {counts['explained']} survivors explained "
          f"as equivalent; " + (others if others else "no unexplained survivor"))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
