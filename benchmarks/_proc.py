"""Child processes: the emulator server and one process per measured client.

Every child is started from the repository root with this interpreter, bounded by a
timeout, and terminated (then killed) in ``finally``.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["ROOT", "EmulatorProcess", "get_json", "post_json", "run_worker", "worker_env"]

ROOT = Path(__file__).resolve().parent.parent


def worker_env() -> dict[str, str]:
    """The environment of a child: this checkout importable, no A2E credentials."""
    env = dict(os.environ)
    # The children import `benchmarks` and `a2e_async` from this checkout.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("A2E_API_KEY", None)
    env.pop("A2E_BASE_URL", None)
    return env


class EmulatorProcess:
    """``with EmulatorProcess(time_scale=0.1) as url:`` an emulator in its own process."""

    def __init__(
        self,
        *,
        time_scale: float,
        seed: int = 1,
        video_durations: tuple[float, float] | None = None,
        start_timeout: float = 30.0,
    ) -> None:
        self.args = [
            sys.executable,
            "-m",
            "benchmarks._serve",
            "--time-scale",
            repr(time_scale),
            "--seed",
            str(seed),
        ]
        if video_durations is not None:
            self.args += ["--video-durations", f"{video_durations[0]!r},{video_durations[1]!r}"]
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=worker_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            self.url = self._first_line()
        except BaseException:
            self._stop()
            raise
        return self.url

    def _first_line(self) -> str:
        assert self.proc is not None
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(self.start_timeout):
                raise RuntimeError(f"the emulator did not start in {self.start_timeout:g} s")
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            raise RuntimeError(f"the emulator did not print its URL (got {line!r})")
        return line

    def _stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop()


def run_worker(
    suite: str,
    params: dict[str, Any],
    *,
    timeout: float,
    on_tick: Callable[[], None] | None = None,
    tick: float = 1.0,
) -> dict[str, Any]:
    """Run one measurement in a fresh process (``benchmarks._worker``); return its JSON.

    ``on_tick`` is called about every ``tick`` seconds while the child runs (to sample the
    emulator's counters from outside the measured process).
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._worker", suite, json.dumps(params)],
        cwd=ROOT,
        env=worker_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"benchmark {suite} took longer than {timeout:g} s")
            try:
                stdout, _ = proc.communicate(timeout=min(tick, left))
                break
            except subprocess.TimeoutExpired:
                if on_tick is not None:
                    on_tick()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark {suite} failed with exit code {proc.returncode}")
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"benchmark {suite} printed no result")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def get_json(url: str, *, timeout: float = 30.0) -> Any:
    """GET a loopback JSON URL (the emulator's control routes)."""
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return json.loads(resp.read())


def post_json(url: str, body: Any, *, timeout: float = 30.0) -> Any:
    """POST JSON to a loopback URL (the emulator's control routes)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        return json.loads(resp.read())
