"""Print mutmut's score in one line from `mutmut export-cicd-stats` (used by `make mutation`)."""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        stats = json.load(f)
    total, killed = stats["total"], stats["killed"]
    others = {k: v for k, v in stats.items() if k not in ("total", "killed") and v}
    detail = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in others.items())
    print(f"mutation score: {killed}/{total} killed ({100 * killed / max(total, 1):.1f} %)"
          + (f"; {detail}" if detail else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "mutants/mutmut-cicd-stats.json"))
