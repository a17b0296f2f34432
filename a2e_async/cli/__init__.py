"""``a2e``: a thin shell over the public API. The only part of the package that prints."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="a2e", description="A2E from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "emulator",
        help="serve a local fake of the A2E API (same options as python -m a2e_async.emulator)",
        add_help=False,
    )
    demo = commands.add_parser(
        "demo", help="fan out avatar videos against an embedded emulator and report"
    )
    demo.add_argument("--jobs", type=int, default=100, help="videos to make (default 100)")
    demo.add_argument(
        "--time-scale",
        type=float,
        default=0.02,
        help="real seconds per simulated A2E second (default 0.02: a 60 s render takes 1.2 s)",
    )
    demo.add_argument("--concurrency", type=int, default=100, help="jobs in flight at most")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--no-progress", action="store_true", help="no live progress bar")
    commands.add_parser(
        "credits", help="show the account's coins and diamonds (uses A2E_API_KEY, A2E_BASE_URL)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``a2e`` command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["emulator"]:
        from ..emulator.__main__ import main as emulator_main

        return emulator_main(args_list[1:])
    args = _parser().parse_args(args_list)
    if args.command == "demo":
        from .demo import run_demo

        return run_demo(
            jobs=args.jobs,
            time_scale=args.time_scale,
            concurrency=args.concurrency,
            seed=args.seed,
            progress=not args.no_progress,
        )
    if args.command == "credits":
        from .account import run_credits

        return run_credits()
    return 2  # pragma: no cover - argparse rejects unknown commands first
