"""Declarative request validation: a table of :class:`Param` per endpoint, one parser.

Limits come from A2E's operation catalog (required, allowed values, ranges). A failure is an
HTTP 400 whose ``msg`` starts with the field name, so a client can tell which field was wrong.
Fields the table does not name are ignored, as A2E ignores them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ._web import ApiError

__all__ = ["NO_DEFAULT", "PAGE", "Param", "page", "parse"]

NO_DEFAULT: Final = object()
# A2E fetches input media itself and refuses URLs with spaces; it needs http(s).
_URL = re.compile(r"https?://[^\s/]+\S*")
# JavaScript's safe integers: A2E's services cannot hold a larger whole number exactly.
_INT_LIMIT = 2**53 - 1
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


@dataclass(frozen=True, slots=True)
class Param:
    """One request field.

    ``kind``: str, url, int, num, bool, strs (list of str), urls (list of URLs), obj or any.
    """

    name: str
    kind: str = "str"
    required: bool = False
    default: Any = NO_DEFAULT
    choices: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    max_len: int | None = None
    min_items: int | None = None
    max_items: int | None = None


def _bad(where: str, name: str, why: str) -> ApiError:
    return ApiError(400, f"{where}{name}: {why}")


def _coerce(value: Any, kind: str) -> Any:
    """Turn query-string text into the declared type; leave it alone when it does not fit."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if kind == "int":
            return int(text)
        if kind == "num":
            return float(text)
    except ValueError:
        return value
    if kind == "bool" and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    return value


def _check(param: Param, value: Any, where: str) -> Any:
    name, kind = param.name, param.kind
    if kind == "str":
        if not isinstance(value, str):
            raise _bad(where, name, "must be a string")
        if param.required and not value.strip():
            raise _bad(where, name, "must not be empty")
        if param.max_len is not None and len(value) > param.max_len:
            raise _bad(where, name, f"must be at most {param.max_len} characters")
    elif kind in ("int", "num"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad(where, name, f"must be {'an integer' if kind == 'int' else 'a number'}")
        if not math.isfinite(value):
            raise _bad(where, name, "must be finite")
        if kind == "int":
            if value != int(value):
                raise _bad(where, name, "must be an integer")
            value = int(value)
            if abs(value) > _INT_LIMIT:
                raise _bad(where, name, f"must be between -{_INT_LIMIT} and {_INT_LIMIT}")
        if param.low is not None and value < param.low:
            raise _bad(where, name, f"must be >= {param.low:g}")
        if param.high is not None and value > param.high:
            raise _bad(where, name, f"must be <= {param.high:g}")
    elif kind == "bool":
        if not isinstance(value, bool):
            raise _bad(where, name, "must be a boolean")
    elif kind == "url":
        if not isinstance(value, str) or not _URL.fullmatch(value):
            raise _bad(where, name, "must be an http(s) URL without spaces")
    elif kind in ("strs", "urls"):
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise _bad(where, name, "must be an array of non-empty strings")
        if kind == "urls" and not all(_URL.fullmatch(item) for item in value):
            raise _bad(where, name, "must hold http(s) URLs without spaces")
        if param.min_items is not None and len(value) < param.min_items:
            raise _bad(where, name, f"needs at least {param.min_items} items")
        if param.max_items is not None and len(value) > param.max_items:
            raise _bad(where, name, f"allows at most {param.max_items} items")
    elif kind == "obj" and not isinstance(value, dict):
        raise _bad(where, name, "must be an object")
    if param.choices and value not in param.choices:
        allowed = ", ".join(str(choice) for choice in param.choices)
        raise _bad(where, name, f"must be one of {allowed}")
    return value


def parse(
    source: Mapping[str, Any],
    params: Sequence[Param],
    *,
    coerce: bool = False,
    where: str = "",
) -> dict[str, Any]:
    """Validate ``source`` against ``params``: the declared fields present, plus defaults.

    ``coerce`` converts query-string text; JSON bodies must carry real types. ``where``
    prefixes field names in messages (``requestBody.``).
    """
    out: dict[str, Any] = {}
    for param in params:
        value = source.get(param.name)
        if value is None or (param.required and value == ""):
            if param.required:
                raise _bad(where, param.name, "is required")
            if param.default is not NO_DEFAULT:
                out[param.name] = param.default
            continue
        if coerce:
            value = _coerce(value, param.kind)
        out[param.name] = _check(param, value, where)
    return out


PAGE = (
    Param("pageNum", "int", default=1, low=1),
    Param("pageSize", "int", default=10, low=1, high=100),
)


def page(source: Mapping[str, Any], *, required: bool = False) -> tuple[int, int]:
    """``pageNum`` (1-based) and ``pageSize`` (1..100, default 10) from a query."""
    params: tuple[Param, ...] = PAGE
    if required:
        params = tuple(Param(p.name, p.kind, required=True, low=p.low, high=p.high) for p in PAGE)
    values = parse(source, params, coerce=True)
    return int(values["pageNum"]), int(values["pageSize"])
