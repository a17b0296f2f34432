"""Instructions per status call, counted by callgrind: a figure that holds still on a
shared machine, where calls per second move with whatever else runs.

Each client variant's ``calls`` worker (:func:`benchmarks.overhead.run_calls`) runs under
``valgrind --tool=callgrind`` against an emulator in another process (not instrumented).
After a warm-up it switches instrumentation on and dumps the counters after N calls and
again after 2N more (through ``vgdb``); one call costs (I(2N) - I(N)) / N instructions in
the client process, everything that is not a call (the monitor commands included) being
the same in both windows. Start-up and imports run uninstrumented, several times faster.

Where vgdb cannot reach the process (ptrace refused), the old way is used: two runs
instrumented from the start, with N and 2N calls; the difference of their totals over N is
the same figure (start-up cancels), it only takes longer. ``PYTHONHASHSEED`` is fixed so
every run hashes (and so lays out dicts) alike.

Without valgrind the section says so (``available: false`` and the reason) and holds no
numbers; the instruction targets then count as not measured, never as met.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ._proc import ROOT, worker_env

__all__ = ["callgrind_dumps", "count_instructions", "valgrind_missing"]

_DUMP = re.compile(rb"^desc: Trigger: (.*)$", re.MULTILINE)
_TOTALS = re.compile(rb"^(?:totals|summary):\s+(\d+)", re.MULTILINE)

Log = Callable[[str], None]


def valgrind_missing() -> str | None:
    """Why instructions cannot be counted here, or ``None`` when valgrind is on the PATH."""
    if shutil.which("valgrind") is None:
        return "valgrind is not installed (apt-get install valgrind): no instruction counts"
    return None


def callgrind_dumps(out: Path) -> dict[str, int]:
    """Trigger (``dump <hint>``'s hint, or ``Program termination``) -> instructions (``Ir``)
    of every dump callgrind wrote for the output file ``out`` (``out``, ``out.1``, ...)."""
    found: dict[str, int] = {}
    for path in sorted(out.parent.glob(out.name + "*")):
        text = path.read_bytes()
        trigger, total = _DUMP.search(text), _TOTALS.findall(text)
        if trigger is None or not total:
            raise RuntimeError(f"{path} is not a callgrind dump")
        hint = trigger.group(1).decode().strip()
        found[hint.removeprefix("dump ").strip()] = int(total[-1])
    return found


def _callgrind(params: dict[str, Any], out: Path, timeout: float, *, marks: bool) -> None:
    env = worker_env()
    env["PYTHONHASHSEED"] = "0"
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        # Only the totals are read: no per-line detail to collect.
        "--dump-line=no",
        f"--instr-atstart={'no' if marks else 'yes'}",
        # This interpreter's own path (a virtualenv's symlink keeps the virtualenv).
        sys.executable,
        "-m",
        "benchmarks._worker",
        "calls",
        json.dumps({**params, "callgrind_marks": marks}),
    ]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace")[-1500:]
        raise RuntimeError(f"callgrind run failed ({done.returncode}): {tail}")


def _count(
    params: dict[str, Any], calls: int, scratch: Path, timeout: float, log: Log
) -> tuple[list[int], str]:
    """I(N) and I(2N) of one variant, and the method that gave them."""
    variant = params["variant"]
    out = scratch / f"{variant}.marks"
    try:
        _callgrind({**params, "calls": calls}, out, timeout, marks=True)
        dumps = callgrind_dumps(out)
        return [dumps[f"calls={calls}"], dumps[f"calls={2 * calls}"]], "vgdb dumps"
    except (RuntimeError, KeyError) as exc:
        log(f"overhead {variant}: no vgdb dumps, two instrumented runs instead ({exc})")
    totals = []
    for n in (calls, 2 * calls):
        out = scratch / f"{variant}.{n}.whole"
        _callgrind({**params, "calls": n}, out, timeout, marks=False)
        totals.append(callgrind_dumps(out)["Program termination"])
    return totals, "two runs"


def count_instructions(
    variants: Sequence[str],
    *,
    url: str,
    api_key: str,
    video_id: str,
    calls: int,
    warmup: int,
    log: Log,
    timeout: float = 900.0,
    parallel: int = 2,
) -> dict[str, Any]:
    """``{"available": True, "instructions_per_call": {variant: n}, ...}`` for ``variants``,
    or ``{"available": False, "reason": ...}`` without valgrind."""
    reason = valgrind_missing()
    if reason is not None:
        log(f"overhead instructions: skipped ({reason})")
        return {"available": False, "reason": reason}
    per_call: dict[str, int] = {}
    counts: dict[str, list[int]] = {}
    methods: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="a2e-callgrind-") as scratch:

        def one(variant: str) -> tuple[list[int], str]:
            params = {
                "variant": variant,
                "url": url,
                "api_key": api_key,
                "video_id": video_id,
                "warmup": warmup,
            }
            return _count(params, calls, Path(scratch), timeout, log)

        # Counts do not depend on the clock, so the variants may run side by side: most of
        # a run is the interpreter starting under valgrind, several times slower than usual.
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            results = dict(zip(variants, pool.map(one, variants), strict=True))
        for variant, (found, method) in results.items():
            counts[variant], methods[variant] = found, method
            per_call[variant] = round((found[1] - found[0]) / calls)
            log(
                f"overhead {variant:15}: {per_call[variant]:>10,} instructions/call "
                f"(callgrind, {calls} and {2 * calls} calls)"
            )
    return {
        "available": True,
        "calls": calls,
        "warmup_calls": warmup,
        "instructions_per_call": per_call,
        "counts": counts,
        "method": methods,
        "valgrind": _valgrind_version(),
    }


def _valgrind_version() -> str:
    done = subprocess.run(["valgrind", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()
