"""Overhead: one video status call (``POST /api/v1/video/awsResult``) through the SDK (with
model decoding), raw aiohttp (``json()`` only) and httpx.

Two measurements share the clients defined here:

- :func:`run_variant`, wall clock: the call in ``concurrency`` loops for a few seconds;
  ``cpu_us_per_call`` is the client process's CPU time per call.
- :func:`run_calls`, for instruction counts: exactly ``calls`` calls one after another after
  ``warmup`` calls, so that a run under callgrind with N and one with 2N calls differ by N
  calls' work and nothing else (``benchmarks.instructions``).

``sdk`` is the SDK as ``make bench`` installs it (with the ``fast`` extra, orjson);
``sdk_stdlib_json`` blocks orjson so the SDK falls back to the standard library, like the
raw clients use. Every variant runs in its own process against the same emulator.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

__all__ = ["VARIANTS", "measure", "run_calls", "run_variant"]

VARIANTS = ("sdk", "sdk_stdlib_json", "aiohttp", "httpx")
_PATH = "/api/v1/video/awsResult"
# A hard ceiling on calls per run, whatever the clock says.
_MAX_CALLS_PER_SECOND = 200_000

Call = Callable[[], Awaitable[Any]]


async def measure(
    call: Call, *, concurrency: int, warmup: float, seconds: float
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


def _client(
    variant: str, url: str, api_key: str, video_id: str, concurrency: int
) -> AbstractAsyncContextManager[Call]:
    clients = {
        "sdk": _sdk,
        "sdk_stdlib_json": _sdk_stdlib_json,
        "aiohttp": _aiohttp,
        "httpx": _httpx,
    }
    if variant not in clients:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    return clients[variant](url, api_key, video_id, concurrency)


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
    """Measure one client variant's calls/s and CPU per call against the emulator at ``url``."""
    async with _client(variant, url, api_key, video_id, concurrency) as call:
        return await measure(call, concurrency=concurrency, warmup=warmup, seconds=seconds)


async def run_calls(
    variant: str,
    *,
    url: str,
    api_key: str,
    video_id: str,
    calls: int,
    warmup: int = 20,
    callgrind_marks: bool = False,
) -> dict[str, Any]:
    """Make ``warmup`` then ``calls`` status calls one at a time (the instruction count's
    workload: no clock decides how much work is done, so two runs differ only by ``calls``).

    ``callgrind_marks``: this process runs under callgrind started with
    ``--instr-atstart=no``. After the warm-up, instrumentation goes on and the counters are
    dumped (through ``vgdb``) after ``calls`` more calls and again after ``2 * calls`` more:
    start-up and imports run at valgrind's uninstrumented speed and count in neither dump.
    """
    async with _client(variant, url, api_key, video_id, 1) as call:
        for _ in range(warmup):
            await call()
        if not callgrind_marks:
            for _ in range(calls):
                await call()
            return {"variant": variant, "calls": calls, "warmup": warmup}
        # A full collection walks everything start-up left behind: landing in one window
        # and not the other, it would move the figure by tens of thousands per call. Frozen,
        # those objects are skipped; the calls' own garbage is still collected and counted.
        gc.collect()
        gc.freeze()
        _callgrind("instrumentation", "on")
        _callgrind("dump", "warm-up")
        for n in (calls, 2 * calls):
            for _ in range(n):
                await call()
            _callgrind("dump", f"calls={n}")
    return {"variant": variant, "calls": calls, "warmup": warmup}


def _callgrind(*command: str) -> None:
    """A monitor command to the callgrind running this process (each costs the same few
    instructions, so it cancels between two dumps)."""
    import os
    import subprocess

    argv = ["vgdb", f"--pid={os.getpid()}", *command]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"vgdb {' '.join(command)} failed: {done.stderr.strip()[-500:]}")


@asynccontextmanager
async def _sdk(url: str, api_key: str, video_id: str, concurrency: int) -> AsyncIterator[Call]:
    from a2e_async import A2EClient

    async with A2EClient(
        api_key=api_key, base_url=url, max_concurrency=concurrency, max_connections=concurrency
    ) as client:

        async def call() -> None:
            await client.videos.get(video_id)

        yield call


@asynccontextmanager
async def _sdk_stdlib_json(
    url: str, api_key: str, video_id: str, concurrency: int
) -> AsyncIterator[Call]:
    # A None entry makes `import orjson` fail, so the SDK takes its stdlib fallback; this
    # only works in a process that has not imported the SDK yet (each variant has its own).
    if "a2e_async._protocol" in sys.modules:
        raise RuntimeError("sdk_stdlib_json needs a fresh process")
    sys.modules["orjson"] = None  # type: ignore[assignment]
    async with _sdk(url, api_key, video_id, concurrency) as call:
        yield call


@asynccontextmanager
async def _aiohttp(url: str, api_key: str, video_id: str, concurrency: int) -> AsyncIterator[Call]:
    import aiohttp

    headers = {"Authorization": f"Bearer {api_key}"}
    body = {"_id": video_id}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def call() -> None:
            async with session.post(url + _PATH, json=body, headers=headers) as resp:
                await resp.json()

        yield call


@asynccontextmanager
async def _httpx(url: str, api_key: str, video_id: str, concurrency: int) -> AsyncIterator[Call]:
    import httpx

    headers = {"Authorization": f"Bearer {api_key}"}
    body = {"_id": video_id}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits) as client:

        async def call() -> None:
            resp = await client.post(_PATH, json=body)
            resp.json()

        yield call


# -- the suite (parent process) ------------------------------------------------------------
def run_suite(config: Any, log: Callable[[str], None]) -> dict[str, Any]:
    """The ``overhead`` section: instructions per call (callgrind) and, interleaved round by
    round, calls/s and CPU per call of every variant (``config`` is a ``runner.Config``)."""
    from ._proc import EmulatorProcess
    from ._stats import spread
    from .instructions import count_instructions
    from .runner import create_video

    api_key = "sk_bench_overhead"
    # Time scale 0: the video is finished at once, so every call reads the same record.
    with EmulatorProcess(time_scale=0.0, seed=config.seed) as url:
        video_id = create_video(url, api_key)
        counted = count_instructions(
            VARIANTS,
            url=url,
            api_key=api_key,
            video_id=video_id,
            calls=config.instruction_calls,
            warmup=config.instruction_warmup,
            log=log,
        )
        runs = _interleaved_rounds(config, url, api_key, video_id, log)
    out: dict[str, Any] = {"instructions": counted}
    if counted["available"]:
        per_call = counted["instructions_per_call"]
        out["instructions_per_call"] = per_call
        out["sdk_vs_aiohttp_instructions"] = per_call["sdk"] / per_call["aiohttp"]
        out["sdk_stdlib_json_vs_aiohttp_instructions"] = (
            per_call["sdk_stdlib_json"] / per_call["aiohttp"]
        )
    details = {
        variant: {
            "rps": spread(r["rps"] for r in results),
            "cpu_us_per_call": spread(r["cpu_us_per_call"] for r in results),
        }
        for variant, results in runs.items()
    }
    rps = {variant: row["rps"]["median"] for variant, row in details.items()}
    out.update(
        sdk_rps=rps["sdk"],
        aiohttp_rps=rps["aiohttp"],
        httpx_rps=rps["httpx"],
        sdk_stdlib_json_rps=rps["sdk_stdlib_json"],
        sdk_vs_aiohttp=rps["sdk"] / rps["aiohttp"],
        sdk_stdlib_json_vs_aiohttp=rps["sdk_stdlib_json"] / rps["aiohttp"],
        concurrency=config.concurrency,
        rounds=config.overhead_rounds,
        details=details,
    )
    return out


def _interleaved_rounds(
    config: Any, url: str, api_key: str, video_id: str, log: Callable[[str], None]
) -> dict[str, list[dict[str, float]]]:
    """Every variant once per round, so a noisy minute on the shared machine hits all of
    them alike; the order rotates so that none is always first."""
    from ._proc import run_worker

    runs: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
    for round_no in range(config.overhead_rounds):
        shift = round_no % len(VARIANTS)
        for variant in VARIANTS[shift:] + VARIANTS[:shift]:
            params: dict[str, Any] = {
                "variant": variant,
                "url": url,
                "api_key": api_key,
                "video_id": video_id,
                "concurrency": config.concurrency,
                "warmup": config.overhead_warmup,
                "seconds": config.overhead_seconds,
            }
            budget = 60 + 3 * (config.overhead_warmup + config.overhead_seconds)
            result = run_worker("overhead", params, timeout=budget)
            log(
                f"overhead {variant:15} round {round_no + 1}: {result['rps']:8.0f} calls/s, "
                f"{result['cpu_us_per_call']:6.0f} µs CPU/call"
            )
            runs[variant].append(result)
    return runs
