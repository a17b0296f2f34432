"""The detect-delay CDF per fan-out strategy, drawn from ``latest.json``'s quantiles."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["plot_detect_cdf"]

_LABELS = {
    "coalesced": "coalesced (default)",
    "per_task": "per-task backoff",
    "naive": "naive fixed 5 s loop",
    "webhook": "webhooks + polling",
}


def plot_detect_cdf(doc: Mapping[str, Any], out: Path) -> Path | None:
    """Write the CDF as a PNG at ``out``; ``None`` (nothing written) without matplotlib or
    without fan-out quantiles."""
    curves = {
        name: row["detect_quantiles_s"]
        for name, row in {**doc.get("fanout", {}), "webhook": doc.get("webhook", {})}.items()
        if isinstance(row, Mapping) and row.get("detect_quantiles_s")
    }
    if not curves:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    for name, values in curves.items():
        share = [i / (len(values) - 1) for i in range(len(values))]
        ax.step(values, share, where="post", label=_LABELS.get(name, name))
    machine, meta = doc.get("machine", {}), doc.get("meta", {})
    first: Mapping[str, Any] = next(iter(doc.get("fanout", {}).values()), {})
    ax.set_title(
        f"Detect delay, {first.get('jobs', '?')} jobs × {first.get('rounds', '?')} rounds "
        f"({'quick' if meta.get('quick') else 'full'} run, {meta.get('started_at', '?')[:10]})"
    )
    ax.set_xlabel("A2E seconds from the task's end to the caller seeing it")
    ax.set_ylabel("share of jobs")
    ax.set_ylim(0, 1)
    ax.set_xlim(left=0)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right")
    fig.text(
        0.99,
        0.01,
        f"{machine.get('cpu_count')} CPUs, Python {machine.get('python')}",
        ha="right",
        fontsize=7,
        alpha=0.6,
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    # No timestamp in the file: the same figures give the same bytes.
    fig.savefig(out, format="png", metadata={"Software": None})
    plt.close(fig)
    return out
