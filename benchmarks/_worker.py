"""Child process: run one measurement and print its result as one JSON line.

``python -m benchmarks._worker <suite> '<json params>'`` with suite ``overhead``,
``calls`` (the instruction count's fixed workload, run under callgrind), ``fanout`` or
``scale``. A fresh process per measurement makes peak RSS per strategy.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from typing import Any


async def _run(suite: str, params: dict[str, Any]) -> dict[str, Any]:
    if suite == "overhead":
        from .overhead import run_variant

        return await run_variant(**params)
    if suite == "calls":
        from .overhead import run_calls

        return await run_calls(**params)
    if suite == "fanout":
        from .fanout import run_strategy

        return await run_strategy(**params)
    if suite == "scale":
        from .scale import run_scale

        return await run_scale(**params)
    raise SystemExit(f"unknown suite {suite!r}")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        raise SystemExit("usage: python -m benchmarks._worker <suite> '<json params>'")
    result = asyncio.run(_run(args[0], json.loads(args[1])))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
