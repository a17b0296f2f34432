"""Small measuring helpers shared by the suites (standard library only)."""

from __future__ import annotations

import math
import os
import platform
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["current_rss_mb", "machine", "peak_rss_mb", "percentile"]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    try:
        import resource
    except ImportError:  # Windows: no getrusage; the current RSS is the best we have
        return current_rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float:
    """This process's resident set size now, in MB."""
    try:
        with open("/proc/self/statm") as statm:  # cheap enough to sample often
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, AttributeError):
        import psutil  # type: ignore[import-untyped,unused-ignore]

        return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of ``values`` (``fraction`` in 0..1); NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import aiohttp

    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_model": _cpu_model(),
        # What else was running: wall-clock figures move with it, instruction counts do not.
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "aiohttp": aiohttp.__version__,
    }
    try:
        import orjson

        info["orjson"] = orjson.__version__
    except ImportError:
        info["orjson"] = None
    return info
