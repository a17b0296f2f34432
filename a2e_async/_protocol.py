"""A2E's wire rules as pure functions: no I/O, testable with plain bytes and dicts.

This is the one place that unwraps A2E's envelope ``{"code", "data", "msg", "trace_id"}``,
the one place that maps an HTTP status or an A2E ``code`` to an exception, and the one
table of what may be sent again after which failure (:func:`after_failure`).
"""

from __future__ import annotations

import enum
import html
import json
import re
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

__all__ = [
    "Action",
    "Failure",
    "after_failure",
    "dumps",
    "error_for",
    "loads",
    "open_envelope",
    "parse_retry_after",
    "summarize_page",
    "unwrap",
]


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
        # orjson answers in its 4 KB working buffer, whatever the length: a copy the exact
        # size is what a call held up behind the concurrency limit should keep (10,000
        # pending starts held 40 MB of buffers).
        return bytes(memoryview(data)) if len(data) < 2048 else data
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


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SUMMARY_LENGTH = 160


def summarize_page(text: str) -> str:
    """One line that says what an error page is: an HTML page's title (else its first
    heading), or a text page's first non-blank line; shortened to 160 characters."""
    found = _TITLE.search(text) or _HEADING.search(text)
    if found is not None:
        line = html.unescape(_TAG.sub("", found.group(1)))
    elif "<" in text and re.search(r"<(!doctype|html|body|head)\b", text, re.IGNORECASE):
        line = html.unescape(_TAG.sub(" ", text))  # a page without a title: its text
    else:
        line = next((row for row in text.splitlines() if row.strip()), "")
    line = " ".join(line.split())
    if len(line) > _SUMMARY_LENGTH:
        line = line[: _SUMMARY_LENGTH - 1] + "…"
    return line


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
        # A proxy's or gateway's HTML/text page: one line; the whole text stays in payload.
        message = summarize_page(payload)
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
    return open_envelope(endpoint=endpoint, status=status, body=body, headers=headers).get("data")


def open_envelope(
    *,
    endpoint: str,
    status: int,
    body: bytes,
    headers: Mapping[str, str] | None = None,
) -> Mapping[str, Any]:
    """The whole envelope of a successful A2E answer (``code``, ``data``, ``msg``,
    ``trace_id``), or raise the matching error, as :func:`unwrap` does."""
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
    # A dict is the usual answer: checked by class first, the ABC check costs more.
    if not (payload.__class__ is dict or isinstance(payload, Mapping)) or "code" not in payload:
        raise ResponseDecodeError(
            "the answer is not an A2E envelope (no 'code')", endpoint=endpoint, raw=payload
        )
    code = payload["code"]
    if code.__class__ is int:  # the usual case first; bool is not int here
        if code == 0:
            return payload
    elif code == "0":
        return payload
    elif not isinstance(code, str):
        # `false`, `null`, `0.0`, a list: not a code A2E sends; never read as success.
        raise ResponseDecodeError(
            f"the envelope's 'code' is not a number: {code!r}", endpoint=endpoint, raw=payload
        )
    raise error_for(endpoint=endpoint, status=status, payload=payload, headers=headers)


# -- what may be sent again --------------------------------------------------------------
class Failure(enum.Enum):
    """Why one attempt got no usable answer, as far as sending it again is concerned."""

    NOT_SENT = "not sent"
    """The connection never opened (refused, DNS, connect timeout): nothing left this machine."""
    NO_ANSWER = "no answer"
    """The request went out; the connection broke or timed out before a whole answer."""
    UNREADABLE = "unreadable"
    """An answer came but was not JSON or not an envelope (a proxy's page, a cut body)."""
    SERVER_ERROR = "server error"
    """HTTP 5xx (or a 5xx ``code``): A2E or a gateway failed, maybe after taking the job."""
    RATE_LIMITED = "rate limited"
    """HTTP 429: refused before any work started."""
    TOO_LARGE = "too large"
    """The answer exceeded ``max_response_size``; the next one would be as large."""


class Action(enum.Enum):
    """What the retry loop does after a failure (while retries remain)."""

    RESEND = "resend"
    """Send the same request again after a backoff."""
    GIVE_UP = "give up"
    """Raise the failure's error."""
    OUTCOME_UNKNOWN = "outcome unknown"
    """Raise ``OutcomeUnknownError``: the call may have created work, it is never resent."""


# (for a call that is safe to repeat, for one that creates work)
_AFTER: dict[Failure, tuple[Action, Action]] = {
    Failure.NOT_SENT: (Action.RESEND, Action.RESEND),
    Failure.RATE_LIMITED: (Action.RESEND, Action.RESEND),
    Failure.NO_ANSWER: (Action.RESEND, Action.OUTCOME_UNKNOWN),
    Failure.UNREADABLE: (Action.RESEND, Action.OUTCOME_UNKNOWN),
    Failure.SERVER_ERROR: (Action.RESEND, Action.OUTCOME_UNKNOWN),
    Failure.TOO_LARGE: (Action.GIVE_UP, Action.OUTCOME_UNKNOWN),
}


def after_failure(failure: Failure, *, safe: bool, retries_left: bool) -> Action:
    """What to do after ``failure``: ``safe`` calls (reads, deletes) may be repeated; a
    call that creates work is resent only when it provably never reached the server."""
    action = _AFTER[failure][0 if safe else 1]
    if action is Action.RESEND and not retries_left:
        return Action.GIVE_UP
    return action
