"""A2E's operation catalog as a checker: does one wire request keep the documented contract?

The catalog is ``tests/fixtures/operations.json`` (A2E's spec, [SK]), merged with the one table
of exceptions in :mod:`tests.contract.exceptions` (paths and keys the spec lacks but a document
or agreeing callers give, and the places where the seed page wins over the spec), and with the
documented cross-field rules in :data:`RULES`. :func:`violations` lists every way a logged
request (``GET /_emulator/requests``) breaks that contract; an empty list means it holds.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..conftest import FIXTURES
from .exceptions import EXCEPTIONS, Row

__all__ = ["RULES", "Operation", "Rule", "find_operation", "operations", "violations"]

Param = dict[str, Any]
_TEMPLATE = re.compile(r"\{[^/{}]+\}")
_QUERY_TRUE, _QUERY_FALSE = ("true", "1"), ("false", "0")


@dataclass(frozen=True)
class Operation:
    """One method + path and its parameters by location (``body``, ``query``, ``path``)."""

    method: str
    path: str
    params: Mapping[str, Mapping[str, Param]]
    in_spec: bool

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and _pattern(self.path).fullmatch(path) is not None

    @property
    def templated(self) -> int:
        """How many ``{...}`` segments the path has (a literal path wins over a template)."""
        return len(_TEMPLATE.findall(self.path))


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = _TEMPLATE.split(template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


def _row_param(row: Row) -> Param:
    return {
        "name": row.key,
        "in": row.where,
        "type": row.type,
        "required": row.required,
        "allowed": list(row.allowed) if row.allowed is not None else None,
        "min": row.min,
        "max": row.max,
        "max_length": row.max_length,
    }


@cache
def operations() -> tuple[Operation, ...]:
    """Every catalog operation plus the exception table's, each with its merged parameters."""
    merged: dict[tuple[str, str], dict[str, dict[str, Param]]] = {}
    in_spec: set[tuple[str, str]] = set()
    for raw in json.loads((FIXTURES / "operations.json").read_text()):
        key = (raw["method"], raw["path"])
        in_spec.add(key)
        by_place = merged.setdefault(key, {"body": {}, "query": {}, "path": {}})
        for param in raw["params"]:
            by_place.setdefault(param["in"], {})[param["name"]] = param
    for row in EXCEPTIONS:
        by_place = merged.setdefault((row.method, row.path), {"body": {}, "query": {}, "path": {}})
        if row.key is not None:
            by_place.setdefault(row.where, {})[row.key] = _row_param(row)
    return tuple(
        Operation(method, path, params, (method, path) in in_spec)
        for (method, path), params in merged.items()
    )


def find_operation(method: str, path: str) -> Operation | None:
    """The operation a request hits: a literal path before a templated one."""
    found = [op for op in operations() if op.matches(method, path)]
    return min(found, key=lambda op: op.templated) if found else None


@dataclass(frozen=True)
class Rule:
    """A documented cross-field rule: ``broken(body)`` is True when the body breaks it."""

    method: str
    path: str
    text: str
    source: str
    broken: Callable[[Mapping[str, Any]], bool]


_SIX = (
    "web_bg_width",
    "web_bg_height",
    "web_people_width",
    "web_people_height",
    "web_people_x",
    "web_people_y",
)

RULES = (
    Rule(
        "POST",
        "/api/v1/video/generate",
        "captions on (isCaptionEnabled) need the spoken text in msg",
        "D seed, part1 §4.1: msg 'must provide a valid value when generating captionAlign'",
        lambda b: b.get("isCaptionEnabled") is True and not str(b.get("msg") or "").strip(),
    ),
    Rule(
        "POST",
        "/api/v1/video/generate",
        "a background (back_id / custom_back_id) needs the six web_* layout fields",
        "D seed, part1 §4.1: web_* are 0 only without background matting",
        lambda b: (
            bool(b.get("back_id") or b.get("custom_back_id"))
            and not any(b.get(name) for name in _SIX)
        ),
    ),
    Rule(
        "POST",
        "/api/v1/video/generate",
        "audioSrc or custom_voice is required",
        "SK: 'audioSrc or custom_voice required'",
        lambda b: not b.get("audioSrc") and not b.get("custom_voice"),
    ),
    Rule(
        "POST",
        "/api/v1/video/generate",
        "back_id and custom_back_id are mutually exclusive (error 30005)",
        "SK",
        lambda b: bool(b.get("back_id")) and bool(b.get("custom_back_id")),
    ),
    Rule(
        "POST",
        "/api/v1/video/send_tts",
        "tts_id or user_voice_id is required",
        "S-q, part1 §3.5 (HTTP 400 otherwise)",
        lambda b: not b.get("tts_id") and not b.get("user_voice_id"),
    ),
    Rule(
        "POST",
        "/api/v1/video/send_tts",
        "a cloned voice (user_voice_id) needs country and region",
        "D, part1 §3.5 / §3.2",
        lambda b: bool(b.get("user_voice_id")) and not (b.get("country") and b.get("region")),
    ),
    Rule(
        "POST",
        "/api/v1/userImage2Video/start",
        "model_type FLF2V needs end_image_url",
        "SK: 'End image URL (required for FLF2V model)'",
        lambda b: b.get("model_type") == "FLF2V" and not b.get("end_image_url"),
    ),
)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _from_query(value: Any, kind: str) -> tuple[bool, Any]:
    """A query value read as ``kind``: (fits, value)."""
    if not isinstance(value, str):
        return False, value
    if kind == "integer":
        return (True, int(value)) if re.fullmatch(r"-?\d+", value) else (False, value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return False, value
        return math.isfinite(number), number
    if kind == "boolean":
        if value.lower() in _QUERY_TRUE + _QUERY_FALSE:
            return True, value.lower() in _QUERY_TRUE
        return False, value
    return kind == "string", value


def _fits(value: Any, kind: str) -> bool:
    checks: dict[str, Callable[[Any], bool]] = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": _is_number,
        "boolean": lambda v: isinstance(v, bool),
        "object": lambda v: isinstance(v, dict),
        "string[]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "object[]": lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
        "number[]": lambda v: isinstance(v, list) and all(_is_number(i) for i in v),
    }
    return checks.get(kind, lambda v: True)(value)


# (applies to the value, lower-bound key, upper-bound key, what is measured, unit)
_BOUNDS: tuple[tuple[Callable[[Any], bool], str, str, Callable[[Any], float], str], ...] = (
    (_is_number, "min", "max", lambda value: value, ""),
    (lambda value: isinstance(value, str), "min_length", "max_length", len, " characters"),
    (lambda value: isinstance(value, list), "min_items", "max_items", len, " items"),
)


def _param_problems(name: str, value: Any, param: Param, where: str) -> list[str]:
    kind = str(param.get("type") or "string")
    if where in ("query", "path"):
        fits, value = _from_query(value, kind)
    else:
        fits = _fits(value, kind)
    if not fits:
        return [f"{where} {name}={value!r}: not a {kind}"]
    problems = []
    allowed = param.get("allowed")
    if allowed is not None and value not in allowed and str(value) not in map(str, allowed):
        problems.append(f"{where} {name}={value!r}: not one of {allowed}")
    for applies, low_key, high_key, measure, unit in _BOUNDS:
        if not applies(value):
            continue
        size, low, high = measure(value), param.get(low_key), param.get(high_key)
        if low is not None and size < low:
            problems.append(f"{where} {name}: {size}{unit}, at least {low}")
        if high is not None and size > high:
            problems.append(f"{where} {name}: {size}{unit}, at most {high}")
    return problems


def _place_problems(
    sent: Mapping[str, Any], params: Mapping[str, Param], where: str
) -> Iterable[str]:
    for name, param in params.items():
        if param.get("required") and name not in sent:
            yield f"{where} {name}: required, not sent"
    for name, value in sent.items():
        param = params.get(name)
        if param is None:
            yield f"{where} {name}: not in the spec and not in the exception table"
        else:
            yield from _param_problems(name, value, param, where)


def violations(entry: Mapping[str, Any]) -> list[str]:
    """Every way one logged request breaks the contract (empty when it keeps it)."""
    method, path = entry["method"], entry["path"]
    operation = find_operation(method, path)
    if operation is None:
        return [f"{method} {path}: no such operation in the spec or the exception table"]
    problems: list[str] = []
    body = entry["json"]
    if method in ("GET", "DELETE"):
        if body not in (None, {}):
            problems.append(f"{method} with a JSON body: {body!r}")
        body = {}
    elif body is None:
        body = {}
    if not isinstance(body, dict):
        return [f"body is not a JSON object: {body!r}"]
    problems += _place_problems(body, operation.params.get("body", {}), "body")
    problems += _place_problems(entry["query"], operation.params.get("query", {}), "query")
    # Path parameters are present by construction: the template's segments matched.
    problems += [
        f"{rule.text} ({rule.source})"
        for rule in RULES
        if rule.method == method and operation.path == rule.path and rule.broken(body)
    ]
    return [f"{method} {operation.path}: {problem}" for problem in problems]
