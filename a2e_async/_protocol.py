"""A2E's wire rules as pure functions: no I/O, testable with plain bytes and dicts.

This is the one place that unwraps A2E's envelope ``{"code", "data", "msg", "trace_id"}``
and the one place that maps an HTTP status or an A2E ``code`` to an exception.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from .errors import (
    APIError,
    AuthenticationError,
    InsufficientCreditsError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

__all__ = ["dumps", "error_for", "loads", "parse_retry_after", "unwrap"]


def _load_orjson() -> Any:
    # Typed as Any so that this module type-checks with and without the extra installed.
    try:  # an optional speed-up (extra "fast"); the stdlib is the fallback
        import orjson
    except ImportError:  # pragma: no cover - depends on the installed extras
        return None
    return orjson


_orjson: Any = _load_orjson()
# json.dumps() builds a new encoder on every call when given options; build it once.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def loads(body: bytes) -> Any:
    """Parse JSON bytes (orjson when installed)."""
    if _orjson is not None:
        return _orjson.loads(body)
    return json.loads(body)


def dumps(value: Any) -> bytes:
    """Serialise a request body to compact UTF-8 JSON (orjson when installed)."""
    if _orjson is not None:
        data: bytes = _orjson.dumps(value)
        return data
    return _ENCODER.encode(value).encode()


# A2E documents no error codes; these are the HTTP-like values callers have seen in `code`
# (HTTP 200 with an error body happens), mapped like the HTTP statuses they mirror.
_CLASS_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}
_CREDIT_WORDS = ("coin", "credit", "balance", "diamond")
_SHORTAGE_WORDS = ("insufficient", "not enough", "lack", "run out", "exhausted")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if now is None:
        import time

        now = time.time()
    return max(0.0, when.timestamp() - now)


def _looks_like_credit_shortage(message: str) -> bool:
    text = message.lower()
    return any(w in text for w in _CREDIT_WORDS) and any(w in text for w in _SHORTAGE_WORDS)


def error_for(
    *,
    endpoint: str,
    status: int,
    payload: Any,
    headers: Mapping[str, str] | None = None,
) -> APIError:
    """The exception for an error answer (HTTP status >= 400, or ``code != 0``)."""
    code: int | str | None = None
    message = ""
    trace_id: str | None = None
    if isinstance(payload, Mapping):
        raw_code = payload.get("code")
        code = raw_code if isinstance(raw_code, (int, str)) else None
        msg = payload.get("msg") or payload.get("message") or ""
        message = str(msg)
        tid = payload.get("trace_id")
        trace_id = str(tid) if tid else None
    elif isinstance(payload, str):
        message = payload.strip()[:200]
    if not message:
        message = f"HTTP {status}" if status >= 400 else f"A2E error code {code}"

    # The HTTP status wins; with HTTP 200, an HTTP-like `code` stands in for it.
    effective = status
    if status < 400:
        try:
            as_int = int(code) if code is not None else 0
        except ValueError:
            as_int = 0
        effective = as_int if 400 <= as_int < 600 else 0

    kwargs: dict[str, Any] = {
        "endpoint": endpoint,
        "status": status,
        "code": code,
        "trace_id": trace_id,
        "payload": payload,
    }
    if effective == 429:
        retry_after = parse_retry_after((headers or {}).get("Retry-After"))
        return RateLimitError(message, retry_after=retry_after, **kwargs)
    cls = _CLASS_BY_STATUS.get(effective)
    if cls is None and effective >= 500:
        cls = ServerError
    if _looks_like_credit_shortage(message):
        cls = InsufficientCreditsError
    return (cls or APIError)(message, **kwargs)


def unwrap(
    *,
    endpoint: str,
    status: int,
    body: bytes,
    headers: Mapping[str, str] | None = None,
) -> Any:
    """Return the ``data`` of a successful A2E answer, or raise the matching error.

    ``endpoint`` is ``"METHOD /path"``, used in messages. An error answer may be HTML or
    empty; a success answer must be an envelope, else :class:`ResponseDecodeError`.
    """
    try:
        payload: Any = loads(body) if body else None
        decoded = True
    except ValueError:
        payload = body.decode("utf-8", "replace")
        decoded = False
    if status >= 400:
        raise error_for(endpoint=endpoint, status=status, payload=payload, headers=headers)
    if not decoded:
        raise ResponseDecodeError("the answer is not valid JSON", endpoint=endpoint, raw=body)
    if not isinstance(payload, Mapping) or "code" not in payload:
        raise ResponseDecodeError(
            "the answer is not an A2E envelope (no 'code')", endpoint=endpoint, raw=payload
        )
    code = payload["code"]
    if code != 0 and code != "0":
        raise error_for(endpoint=endpoint, status=status, payload=payload, headers=headers)
    return payload.get("data")
