"""Run every benchmark and exit non-zero if any misses its limit (``make bench``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_evaluate
import bench_weighting


def main() -> int:
    failures = 0
    for module in (bench_weighting, bench_evaluate):
        print(f"\n== {module.__name__}")
        failures += module.main() != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
