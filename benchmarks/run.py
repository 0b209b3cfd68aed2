"""Run every benchmark (``make bench``); with ``--check`` exit non-zero if any misses its limit."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_cli
import bench_evaluate
import bench_kernels
import bench_weighting


def main() -> int:
    check = "--check" in sys.argv[1:]
    flags = ["--check"] if check else []
    failures = 0
    for module in (bench_weighting, bench_kernels):
        print(f"\n== {module.__name__}")
        failures += module.main(flags) != 0
    print("\n== bench_cli")
    failures += bench_cli.main(flags) != 0
    print("\n== bench_evaluate")
    failures += bench_evaluate.main() != 0 and check
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
