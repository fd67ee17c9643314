"""Dispatcher: ``python -m bench <name> [args...]`` imports ``bench.<name>`` and calls ``main``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path


def _available() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    names = _available()
    if not argv or argv[0] not in names:
        print(
            f"usage: python -m bench <name> [args...]; names: {', '.join(names)}", file=sys.stderr
        )
        return 2
    module = importlib.import_module(f"bench.{argv[0]}")
    entry = module.main
    result = entry(argv[1:]) if inspect.signature(entry).parameters else entry()
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
