"""``python -m a2e_async.emulator`` serves until terminated."""

from __future__ import annotations

import asyncio
import socket
import sys

import aiohttp


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "a2e_async.emulator",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_module_serves_on_the_given_port_until_terminated() -> None:
    """The CLI prints its URL, answers /_emulator/stats and exits cleanly on SIGTERM."""
    port = free_port()
    proc = await run("--host", "127.0.0.1", "--port", str(port), "--time-scale", "0.01")
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), timeout=20)
        url = line.decode().strip()
        assert url == f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as session, session.get(f"{url}/_emulator/stats") as r:
            assert r.status == 200
            assert set(await r.json()) == {"requests", "created", "faults"}
    finally:
        proc.terminate()
        code = await asyncio.wait_for(proc.wait(), timeout=20)
    assert code == 0


async def test_module_rejects_a_bad_fault_spec() -> None:
    """An unknown fault name is reported on stderr with exit status 2."""
    proc = await run("--faults", "meteor=0.5")
    _, err = await asyncio.wait_for(proc.communicate(), timeout=20)
    assert proc.returncode == 2
    assert b"meteor" in err
