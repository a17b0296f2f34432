"""``python -m benchmarks [--quick] [--suite NAME ...] [--out PATH]`` (``make bench``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .report import markdown, missing_keys
from .runner import FULL, QUICK, SUITES, run

OUT = Path(__file__).resolve().parent / "out" / "latest.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced sizes (< 60 s)")
    parser.add_argument(
        "--suite", action="append", choices=SUITES, help="run only this suite (repeatable)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON output (default {OUT})")
    args = parser.parse_args(argv)
    suites = tuple(args.suite or SUITES)
    doc = run(QUICK if args.quick else FULL, suites)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    print(markdown(doc))
    print(f"\nwrote {args.out} in {doc['meta']['duration_s']} s", file=sys.stderr)
    if suites == SUITES and (missing := missing_keys(doc)):
        print(f"missing keys: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
