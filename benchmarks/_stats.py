"""Summaries of repeated measurements: the median with the range it came from."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

__all__ = ["quantiles", "spread"]


def spread(values: Iterable[float], digits: int = 3) -> dict[str, Any]:
    """``{"median", "min", "max", "rounds"}`` of ``values`` (one per interleaved round)."""
    found = [float(v) for v in values]
    if not found:
        raise ValueError("no rounds to summarise")
    return {
        "median": round(statistics.median(found), digits),
        "min": round(min(found), digits),
        "max": round(max(found), digits),
        "rounds": [round(v, digits) for v in found],
    }


def quantiles(values: Iterable[float], points: int = 100, digits: int = 3) -> list[float]:
    """``points + 1`` nearest-rank quantiles (0 %, 1 %, ... 100 %) of ``values``: a compact
    empirical CDF the JSON can keep and the plot can draw."""
    ordered = sorted(values)
    if not ordered:
        return []
    last = len(ordered) - 1
    return [round(ordered[round(i * last / points)], digits) for i in range(points + 1)]
