"""``python -m benchmarks [--quick] [--suite NAME ...] [--out PATH]`` (``make bench``).

A run of every suite into the default output also rewrites the README's results block
and draws ``benchmarks/out/detect_cdf.png``: the README's numbers come from this run only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ._proc import ROOT
from .cdf import plot_detect_cdf
from .report import CDF_PATH, markdown, missing_keys, update_readme
from .runner import FULL, QUICK, run
from .suites import names

OUT = ROOT / "benchmarks" / "out" / "latest.json"
README = ROOT / "README.md"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced sizes (< 2 minutes)")
    parser.add_argument(
        "--suite", action="append", choices=names(), help="run only this suite (repeatable)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON output (default {OUT})")
    parser.add_argument(
        "--no-readme", action="store_true", help="leave README.md and the CDF image alone"
    )
    args = parser.parse_args(argv)
    suites = tuple(args.suite or names())
    doc = run(QUICK if args.quick else FULL, suites)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    complete = suites == names()
    # Only a run of every suite into latest.json speaks for the README.
    publish = complete and args.out.resolve() == OUT and not args.no_readme
    cdf = plot_detect_cdf(doc, ROOT / CDF_PATH) if publish else None
    shown = CDF_PATH if cdf is not None else None
    if publish:
        update_readme(README, doc, cdf=shown)
    print(markdown(doc, cdf=shown))
    print(f"\nwrote {args.out} in {doc['meta']['duration_s']} s", file=sys.stderr)
    if complete and (missing := missing_keys(doc)):
        print(f"missing keys: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
