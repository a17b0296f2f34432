"""``python -m benchmarks.profile``: the SDK's status-call loop under pyinstrument.

The emulator runs in its own process, so the profile shows only the client: session,
envelope, converter. Writes ``benchmarks/out/profile.html`` and prints the call tree.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from ._proc import EmulatorProcess
from .overhead import run_variant
from .runner import create_video

OUT = Path(__file__).resolve().parent / "out" / "profile.html"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    api_key = "sk_bench_profile"
    with EmulatorProcess(time_scale=0.0) as url:
        video_id = create_video(url, api_key)
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        with profiler:
            result = asyncio.run(
                run_variant(
                    "sdk",
                    url=url,
                    api_key=api_key,
                    video_id=video_id,
                    concurrency=args.concurrency,
                    warmup=0.5,
                    seconds=args.seconds,
                )
            )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False))
    print(f"{result['rps']:.0f} calls/s under the profiler; wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
