"""Overhead: one video status call (``POST /api/v1/video/awsResult``) in a loop at fixed
concurrency, through the SDK (with model decoding), raw aiohttp (``json()`` only) and httpx.

Each variant runs in its own process against the same emulator; ``cpu_us_per_call`` is the
client process's CPU time per call, which shows the client's own cost even when the
emulator (one core of a small machine) is what limits the request rate. ``sdk`` is the SDK
as ``make bench`` installs it (with the ``fast`` extra, orjson); ``sdk_stdlib_json`` blocks
orjson so the SDK falls back to the standard library, like the raw clients use.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["VARIANTS", "measure", "run_variant"]

VARIANTS = ("sdk", "sdk_stdlib_json", "aiohttp", "httpx")
_PATH = "/api/v1/video/awsResult"
# A hard ceiling on calls per run, whatever the clock says.
_MAX_CALLS_PER_SECOND = 200_000


async def measure(
    call: Callable[[], Awaitable[Any]], *, concurrency: int, warmup: float, seconds: float
) -> dict[str, float]:
    """Run ``call`` in ``concurrency`` loops; count calls and CPU after a warm-up."""
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + warmup + seconds
    budget = int(_MAX_CALLS_PER_SECOND * (warmup + seconds))
    done = 0
    marks: dict[str, float] = {}

    async def worker() -> None:
        nonlocal done
        while loop.time() < stop_at and done < budget:
            await call()
            done += 1

    async def marker() -> None:
        await asyncio.sleep(warmup)
        marks.update(calls0=done, wall0=time.perf_counter(), cpu0=time.process_time())
        await asyncio.sleep(seconds)
        marks.update(calls1=done, wall1=time.perf_counter(), cpu1=time.process_time())

    await asyncio.gather(marker(), *(worker() for _ in range(concurrency)))
    calls = marks["calls1"] - marks["calls0"]
    elapsed = marks["wall1"] - marks["wall0"]
    cpu = marks["cpu1"] - marks["cpu0"]
    return {
        "rps": calls / elapsed if elapsed > 0 else 0.0,
        "calls": calls,
        "cpu_us_per_call": cpu / calls * 1e6 if calls else 0.0,
    }


async def run_variant(
    variant: str,
    *,
    url: str,
    api_key: str,
    video_id: str,
    concurrency: int = 64,
    warmup: float = 1.0,
    seconds: float = 3.0,
) -> dict[str, float]:
    """Measure one client variant against the emulator at ``url``."""
    clients = {
        "sdk": _sdk,
        "sdk_stdlib_json": _sdk_stdlib_json,
        "aiohttp": _aiohttp,
        "httpx": _httpx,
    }
    if variant not in clients:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    return await clients[variant](
        url, api_key, video_id, concurrency=concurrency, warmup=warmup, seconds=seconds
    )


async def _sdk(
    url: str, api_key: str, video_id: str, *, concurrency: int, warmup: float, seconds: float
) -> dict[str, float]:
    from a2e_async import A2EClient

    async with A2EClient(
        api_key=api_key, base_url=url, max_concurrency=concurrency, max_connections=concurrency
    ) as client:

        async def call() -> None:
            await client.videos.get(video_id)

        return await measure(call, concurrency=concurrency, warmup=warmup, seconds=seconds)


async def _sdk_stdlib_json(
    url: str, api_key: str, video_id: str, *, concurrency: int, warmup: float, seconds: float
) -> dict[str, float]:
    # A None entry makes `import orjson` fail, so the SDK takes its stdlib fallback; this
    # only works in a process that has not imported the SDK yet (each variant has its own).
    if "a2e_async._protocol" in sys.modules:
        raise RuntimeError("sdk_stdlib_json needs a fresh process")
    sys.modules["orjson"] = None  # type: ignore[assignment]
    return await _sdk(
        url, api_key, video_id, concurrency=concurrency, warmup=warmup, seconds=seconds
    )


async def _aiohttp(
    url: str, api_key: str, video_id: str, *, concurrency: int, warmup: float, seconds: float
) -> dict[str, float]:
    import aiohttp

    headers = {"Authorization": f"Bearer {api_key}"}
    body = {"_id": video_id}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def call() -> None:
            async with session.post(url + _PATH, json=body, headers=headers) as resp:
                await resp.json()

        return await measure(call, concurrency=concurrency, warmup=warmup, seconds=seconds)


async def _httpx(
    url: str, api_key: str, video_id: str, *, concurrency: int, warmup: float, seconds: float
) -> dict[str, float]:
    import httpx

    headers = {"Authorization": f"Bearer {api_key}"}
    body = {"_id": video_id}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits) as client:

        async def call() -> None:
            resp = await client.post(_PATH, json=body)
            resp.json()

        return await measure(call, concurrency=concurrency, warmup=warmup, seconds=seconds)
