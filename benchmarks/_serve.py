"""Child process: serve an emulator with the benchmark's task durations.

``python -m a2e_async.emulator`` has no flag for per-family durations, so this builds
:class:`~a2e_async.emulator.Emulator` itself. The first stdout line is the base URL. It stops
on SIGTERM/SIGINT, and also when its stdin closes, so that a parent killed without cleanup
cannot leave a server behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import threading
from collections.abc import Sequence

from a2e_async.emulator import Emulator


def _range(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._serve")
    parser.add_argument("--time-scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--video-durations", type=_range, default=None, help="LOW,HIGH in A2E seconds"
    )
    return parser


async def _serve(args: argparse.Namespace) -> None:
    durations = {"video": args.video_durations} if args.video_durations else None
    emulator = Emulator(time_scale=args.time_scale, seed=args.seed, durations=durations)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)

    def watch_stdin() -> None:
        sys.stdin.read()  # returns at EOF: the parent is gone or done
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    async with emulator:
        print(emulator.url, flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    asyncio.run(_serve(_parser().parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
