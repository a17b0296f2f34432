"""``python -m a2e_async.emulator``: serve the emulator until Ctrl-C or SIGTERM.

The first line on stdout is the base URL, so scripts can read the port when ``--port 0``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence

from .server import Emulator

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m a2e_async.emulator", description="Serve a local fake of the A2E API."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--time-scale", type=float, default=1.0, help="real seconds per A2E second")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--token", default=None, help="accept only this bearer token")
    parser.add_argument("--faults", default=None, help='e.g. "5xx=0.05,429=0.03,slow=0.1"')
    parser.add_argument("--fail-rate", type=float, default=0.0, help="share of tasks that fail")
    parser.add_argument("--coins", type=int, default=100_000, help="each user's starting coins")
    parser.add_argument("--diamonds", type=int, default=10, help="each user's starting diamonds")
    parser.add_argument(
        "--retry-after", type=float, default=1.0, help="Retry-After seconds of injected 429s"
    )
    return parser


async def _serve(args: argparse.Namespace) -> None:
    emulator = Emulator(
        host=args.host,
        port=args.port,
        time_scale=args.time_scale,
        seed=args.seed,
        token=args.token,
        faults=args.faults,
        fail_rate=args.fail_rate,
        coins=args.coins,
        diamonds=args.diamonds,
        retry_after=args.retry_after,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Windows has no loop signal handlers; Ctrl-C still ends asyncio.run there.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    async with emulator:
        print(emulator.url, flush=True)
        print("A2E emulator running; Ctrl-C to stop", file=sys.stderr, flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover - only without signal handlers
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
