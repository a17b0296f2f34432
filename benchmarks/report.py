"""The result document: required keys, targets, the Markdown tables and the README block."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .suites import SUITES, Suite

__all__ = [
    "BEGIN",
    "END",
    "REQUIRED_KEYS",
    "evaluate_targets",
    "markdown",
    "missing_keys",
    "replace_block",
]

MACHINE_KEYS = ("machine.cpu_count", "machine.python", "machine.platform", "meta.started_at")
REQUIRED_KEYS: tuple[str, ...] = (*(k for s in SUITES for k in s.keys), *MACHINE_KEYS)

BEGIN = "<!-- benchmarks:begin (written by `make bench` from benchmarks/out/latest.json) -->"
END = "<!-- benchmarks:end -->"
CDF_PATH = "benchmarks/out/detect_cdf.png"


def _lookup(doc: Mapping[str, Any], dotted: str) -> Any:
    node: Any = doc
    for part in dotted.split("."):
        if isinstance(node, Mapping) and "skipped" in node:
            return node  # a measurement this machine cannot make says why, in its place
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def missing_keys(doc: Mapping[str, Any], keys: Iterable[str] = REQUIRED_KEYS) -> list[str]:
    """Required dotted keys that do not resolve in ``doc``."""
    missing = []
    for key in keys:
        try:
            _lookup(doc, key)
        except KeyError:
            missing.append(key)
    return missing


def _present(doc: Mapping[str, Any]) -> list[Suite]:
    return [suite for suite in SUITES if doc.get(suite.name)]


def evaluate_targets(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target of the suites present, with the measured value and whether it is met."""
    out: dict[str, dict[str, Any]] = {}
    for suite in _present(doc):
        out.update(suite.judge(doc[suite.name], doc))
    return out


def _machine_line(doc: Mapping[str, Any]) -> str:
    machine, meta = doc.get("machine", {}), doc.get("meta", {})
    cpu = machine.get("cpu_model") or machine.get("processor") or "?"
    return (
        f"Measured {meta.get('started_at', '?')} ({'quick' if meta.get('quick') else 'full'} "
        f"run, {meta.get('duration_s', '?')} s) on {machine.get('cpu_count')} CPUs ({cpu}), "
        f"{machine.get('platform')}, {machine.get('implementation', 'CPython')} "
        f"{machine.get('python')}, aiohttp {machine.get('aiohttp')}, orjson "
        f"{machine.get('orjson') or 'not installed'}; a machine shared with other work "
        f"(load average {machine.get('load_average_1m', '?')} when the run started)."
    )


def markdown(doc: Mapping[str, Any], *, cdf: str | None = None) -> str:
    """The results as Markdown: machine and date, each suite's table, the detect-delay CDF
    (``cdf``: its path, when it was drawn) and the targets."""
    lines = [_machine_line(doc)]
    for suite in _present(doc):
        lines += ["", *suite.table(doc[suite.name], doc)]
        if suite.name == "fanout" and cdf:
            lines += ["", f"![Detect delay CDF per strategy]({cdf})"]
    targets = doc.get("targets") or evaluate_targets(doc)
    if targets:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        for target in targets.values():
            met = "yes" if target["met"] else "**no**"
            lines.append(f"| {target['target']} | {target['value']} | {met} |")
    return "\n".join(lines)


def replace_block(text: str, block: str) -> str:
    """``text`` with what lies between :data:`BEGIN` and :data:`END` replaced by ``block``."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if len(pattern.findall(text)) != 1:
        raise ValueError("the README needs exactly one benchmarks:begin/end block")
    return pattern.sub(lambda _: f"{BEGIN}\n{block}\n{END}", text)


def update_readme(readme: Path, doc: Mapping[str, Any], *, cdf: str | None) -> None:
    """Rewrite the README's results block from ``doc``."""
    readme.write_text(replace_block(readme.read_text(), markdown(doc, cdf=cdf)))
